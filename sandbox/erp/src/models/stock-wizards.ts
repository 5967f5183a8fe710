/** Stock wizards: backorder confirmation and customer returns. */
import { processPickings } from '../business/picking-validate.ts';
import { createReturnLines, createReturns } from '../business/returns.ts';
import { bool, defineModel, float, m2m, m2o, o2m, sel } from '../orm/define.ts';
import { createRecords } from '../orm/create.ts';
import { getModel } from '../orm/read.ts';
import type { Env, Json } from '../orm/types.ts';

function idsFromContext(env: Env, key: string): number[] {
  const v = env.context[key];
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
}

/** Pickings a backorder wizard acts on: the context's `button_validate_picking_ids`, else its own pick_ids. */
async function wizardPickings(env: Env, ids: number[]): Promise<number[]> {
  const fromCtx = idsFromContext(env, 'button_validate_picking_ids');
  if (fromCtx.length) return fromCtx;
  const r = await env.tx.query(`SELECT pick_ids FROM stock_backorder_confirmation WHERE id = ANY($1)`, [ids]);
  return [...new Set(r.rows.flatMap((x) => (x.pick_ids as number[]) ?? []))];
}

export const stockBackorderConfirmation = defineModel({
  name: 'stock.backorder.confirmation',
  description: 'Backorder Confirmation',
  fields: {
    pick_ids: m2m('stock.picking', 'Pick'),
    show_transfers: bool('Show Transfers'),
    backorder_confirmation_line_ids: o2m('stock.backorder.confirmation.line', 'backorder_confirmation_id', 'Backorder Confirmation Lines'),
  },
  async prepareCreate(env, rows) {
    for (const r of rows) {
      if (r.pick_ids === undefined && Array.isArray(env.context.default_pick_ids)) r.pick_ids = env.context.default_pick_ids;
      if (r.show_transfers === undefined && typeof env.context.default_show_transfers === 'boolean') r.show_transfers = env.context.default_show_transfers;
    }
  },
  async afterCreate(env, ids, rows) {
    // Odoo's default: one line per transfer, each to be backordered
    const r = await env.tx.query(
      `SELECT w.id, unnest(w.pick_ids) AS pick FROM stock_backorder_confirmation w WHERE w.id = ANY($1) ORDER BY w.id, pick`,
      [ids.filter((_, i) => rows[i]!.backorder_confirmation_line_ids === undefined)]);
    if (r.rows.length) {
      await createRecords(env, getModel(env, 'stock.backorder.confirmation.line'),
        r.rows.map((x) => ({ backorder_confirmation_id: x.id as number, picking_id: x.pick as number, to_backorder: true })));
    }
  },
  methods: {
    async process(env, ids) {
      await processPickings(env, await wizardPickings(env, ids), new Set());
      return true;
    },
    async process_cancel_backorder(env, ids) {
      const picks = await wizardPickings(env, ids);
      await processPickings(env, picks, new Set(picks));
      return true;
    },
  },
});

export const stockBackorderConfirmationLine = defineModel({
  name: 'stock.backorder.confirmation.line',
  description: 'Backorder Confirmation Line',
  fields: {
    backorder_confirmation_id: m2o('stock.backorder.confirmation', 'Immediate Transfer', { ondelete: 'cascade' }),
    picking_id: m2o('stock.picking', 'Transfer'),
    to_backorder: bool('To Backorder'),
  },
});

export const stockReturnPicking = defineModel({
  name: 'stock.return.picking',
  description: 'Return Picking',
  fields: {
    picking_id: m2o('stock.picking', 'Picking'),
    product_return_moves: o2m('stock.return.picking.line', 'wizard_id', 'Moves'),
    // related picking_id.picking_type_id.code: what kind of transfer is returned
    picking_type_code: sel('Type of Operation', [['incoming', 'Receipt'], ['outgoing', 'Delivery'], ['internal', 'Internal Transfer']], {
      readonly: true, compute: async (env, ids) => {
        const r = await env.tx.query(
          `SELECT w.id, t.code FROM stock_return_picking w JOIN stock_picking p ON p.id = w.picking_id
           JOIN stock_picking_type t ON t.id = p.picking_type_id WHERE w.id = ANY($1)`, [ids]);
        return new Map(r.rows.map((x) => [x.id as number, x.code as string]));
      },
    }),
    company_id: m2o('res.company', 'Company', { default: (env: Env): Json => env.companyId }),
  },
  async prepareCreate(env, rows) {
    for (const r of rows) {
      if (r.picking_id === undefined && env.context.active_model === 'stock.picking' && typeof env.context.active_id === 'number') {
        r.picking_id = env.context.active_id;
      }
    }
  },
  async afterCreate(env, ids, rows) {
    await createReturnLines(env, ids.filter((_, i) => rows[i]!.product_return_moves === undefined));
  },
  methods: {
    async action_create_returns(env, ids) {
      return createReturns(env, ids);
    },
  },
});

export const stockReturnPickingLine = defineModel({
  name: 'stock.return.picking.line',
  description: 'Return Picking Line',
  fields: {
    wizard_id: m2o('stock.return.picking', 'Wizard', { index: true, ondelete: 'cascade' }),
    product_id: m2o('product.product', 'Product', { required: true }),
    quantity: float('Quantity'),
    uom_id: m2o('uom.uom', 'Unit'),
    move_id: m2o('stock.move', 'Move'),
    // the quantity the returned move carried (the wizard does not cap the return at it: see returns.ts)
    move_quantity: float('Move Quantity', { readonly: true, compute: async (env, ids) => {
      const r = await env.tx.query(
        `SELECT l.id, m.quantity::float8 AS q FROM stock_return_picking_line l JOIN stock_move m ON m.id = l.move_id WHERE l.id = ANY($1)`, [ids]);
      return new Map(r.rows.map((x) => [x.id as number, Number(x.q)]));
    } }),
  },
  displayName: (a) => `(SELECT p.name FROM product_product p WHERE p.id = ${a}.product_id)`,
});

