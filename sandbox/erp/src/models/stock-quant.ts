/** stock.quant: on-hand quantity per (product, location), counted and applied through inventory mode. */
import { applyInventory } from '../business/quant-inventory.ts';
import { createRecords } from '../orm/create.ts';
import { bool, date, defineModel, float, m2o } from '../orm/define.ts';
import { sqlMany2one } from '../orm/sql-many2one.ts';
import { userError } from '../orm/errors.ts';
import type { Env, Json, ModelDef, Vals } from '../orm/types.ts';

export const stockQuant: ModelDef = defineModel({
  name: 'stock.quant',
  description: 'Quants',
  order: 'id',
  fields: {
    product_id: m2o('product.product', 'Product', { required: true, index: true, ondelete: 'restrict' }),
    location_id: m2o('stock.location', 'Location', { required: true, ondelete: 'restrict' }),
    warehouse_id: sqlMany2one('stock.warehouse', 'Warehouse', 'stock_quant', (a) => `(SELECT l.warehouse_id FROM stock_location l WHERE l.id = ${a}.location_id)`),
    quantity: float('Quantity', { readonly: true }),
    reserved_quantity: float('Reserved Quantity', { readonly: true }),
    inventory_quantity: float('Counted Quantity'),
    inventory_quantity_set: bool('Inventory Quantity Set'),
    inventory_date: date('Scheduled Date'),
    user_id: m2o('res.users', 'Assigned To'),
    inventory_diff_quantity: float('Difference', {
      readonly: true, default: undefined,
      compute: async (env, ids) => {
        const r = await env.tx.query(`SELECT id, CASE WHEN inventory_quantity_set THEN inventory_quantity - quantity ELSE 0 END::float8 AS d FROM stock_quant WHERE id = ANY($1)`, [ids]);
        return new Map(r.rows.map((x) => [x.id as number, Number(x.d)]));
      },
    }),
    available_quantity: float('Available Quantity', {
      readonly: true, default: undefined,
      compute: async (env, ids) => {
        const r = await env.tx.query(`SELECT id, (quantity - reserved_quantity)::float8 AS a FROM stock_quant WHERE id = ANY($1)`, [ids]);
        return new Map(r.rows.map((x) => [x.id as number, Number(x.a)]));
      },
    }),
    company_id: m2o('res.company', 'Company', { default: 1 }),
  },
  displayName: (a) => `(SELECT coalesce(l.complete_name, l.name) FROM stock_location l WHERE l.id = ${a}.location_id)`,
  // a count written (as in the Physical Inventory list) is "set", by this user, for today
  async afterWrite(env, ids, vals) {
    if (vals.inventory_quantity !== undefined) await markCounted(env, ids);
  },
  methods: {
    async action_apply_inventory(env, ids) {
      await applyInventory(env, ids);
      return undefined;
    },
    async action_set_inventory_quantity_to_zero(env, ids) {
      await env.tx.query(`UPDATE stock_quant SET inventory_quantity = 0, inventory_quantity_set = false, write_date = sandbox_now() WHERE id = ANY($1)`, [ids]);
      return undefined;
    },
  },
});

/**
 * `create` of quants: in inventory mode a count on an existing (product, location) quant updates it and answers
 * its id; only storable products have quants.
 */
export async function createQuants(env: Parameters<typeof createRecords>[0], valsList: Vals[]): Promise<number[]> {
  const inventoryMode = env.context.inventory_mode === true;
  const out: number[] = [];
  for (const vals of valsList) {
    const p = await env.tx.query(`SELECT type, is_storable FROM product_product WHERE id = $1`, [vals.product_id ?? null]);
    if (p.rows[0] && !p.rows[0].is_storable) throw userError('Quants cannot be created for consumables or services.');
    const existing = await env.tx.query(
      `SELECT id FROM stock_quant WHERE product_id = $1 AND location_id = $2 FOR UPDATE`, [vals.product_id ?? null, vals.location_id ?? null]);
    const counted = vals.inventory_quantity;
    const row: Vals = { ...vals };
    if (inventoryMode && counted !== undefined) row.inventory_quantity_set = true;
    if (existing.rows[0]) {
      const id = existing.rows[0].id as number;
      if (inventoryMode && counted !== undefined) {
        await env.tx.query(`UPDATE stock_quant SET inventory_quantity = $2 WHERE id = $1`, [id, counted as Json]);
        await markCounted(env, [id]);
      }
      out.push(id);
    } else {
      const [id] = await createRecords(env, stockQuant, [row]);
      if (inventoryMode && counted !== undefined) await markCounted(env, [id!]);
      out.push(id!);
    }
  }
  return out;
}

/** Marks quants as counted: the count is set, by the caller, on the call's day. */
async function markCounted(env: Env, ids: number[]): Promise<void> {
  await env.tx.query(`UPDATE stock_quant SET inventory_quantity_set = true, user_id = $2, inventory_date = $3::date, write_date = sandbox_now()
    WHERE id = ANY($1)`, [ids, env.uid, env.now.toISOString().slice(0, 10)]);
}
