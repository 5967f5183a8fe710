/** Stock: warehouses, locations, operation types, transfers, moves, move lines. */
import { confirmPickings, buttonValidate } from '../business/picking-validate.ts';
import { touchOrdersOfPickings } from '../business/picking-carrier.ts';
import { followMoveLineWrite } from '../business/picking-lines.ts';
import { ensurePickingTypeSequence, pickingNames } from '../business/picking-names.ts';
import { buildWarehouses, checkWarehouseUnique } from '../business/warehouse-create.ts';
import { assignMoves, followQuantityWrite, recomputePickingStates } from '../business/stock-reserve.ts';
import { bool, char, datetime, defineModel, float, html, int, m2m, m2o, o2m, sel } from '../orm/define.ts';
import { sqlMany2one } from '../orm/sql-many2one.ts';
import type { Json } from '../orm/types.ts';

const one = (): Json => 1;
const pickingStates: Array<[string, string]> = [
  ['draft', 'Draft'], ['waiting', 'Waiting Another Operation'], ['confirmed', 'Waiting'], ['assigned', 'Ready'],
  ['done', 'Done'], ['cancel', 'Cancelled'],
];

export const stockWarehouse = defineModel({
  name: 'stock.warehouse',
  description: 'Warehouse',
  order: 'sequence, id',
  fields: {
    name: char('Warehouse', { required: true }),
    code: char('Short Name', { required: true }),
    sequence: int('Sequence', { default: 10 }),
    company_id: m2o('res.company', 'Company', { default: one, required: true }),
    partner_id: m2o('res.partner', 'Address'),
    view_location_id: m2o('stock.location', 'View Location'),
    lot_stock_id: m2o('stock.location', 'Location Stock'),
    wh_input_stock_loc_id: m2o('stock.location', 'Input Location'),
    wh_output_stock_loc_id: m2o('stock.location', 'Output Location'),
    wh_pack_stock_loc_id: m2o('stock.location', 'Packing Location'),
    wh_qc_stock_loc_id: m2o('stock.location', 'Quality Control Location'),
    in_type_id: m2o('stock.picking.type', 'In Type'),
    out_type_id: m2o('stock.picking.type', 'Out Type'),
    int_type_id: m2o('stock.picking.type', 'Internal Type'),
    pick_type_id: m2o('stock.picking.type', 'Pick Type'),
    pack_type_id: m2o('stock.picking.type', 'Pack Type'),
    reception_steps: sel('Incoming Shipments', [['one_step', 'Receive and Store (1 step)'], ['two_steps', 'Receive then store (2 steps)'],
      ['three_steps', 'Receive, quality control, then store (3 steps)']], { default: 'one_step', required: true }),
    delivery_steps: sel('Outgoing Shipments', [['ship_only', 'Deliver (1 step)'], ['pick_ship', 'Pick then Deliver (2 steps)'],
      ['pick_pack_ship', 'Pick, Pack, then Deliver (3 steps)']], { default: 'ship_only', required: true }),
    route_ids: m2m('stock.route', 'Routes'),
    active: bool('Active', { default: true }),
  },
  // Name and code unique per company; a new warehouse gets its locations and operation types (warehouse-create.ts).
  prepareCreate: checkWarehouseUnique,
  afterCreate: buildWarehouses,
});

export const stockLocation = defineModel({
  name: 'stock.location',
  description: 'Inventory Locations',
  order: 'complete_name, id',
  parentName: 'location_id',
  fields: {
    name: char('Location Name', { required: true }),
    complete_name: char('Full Location Name'),
    usage: sel('Location Type', [['supplier', 'Vendor'], ['view', 'Virtual'], ['internal', 'Internal'], ['customer', 'Customer'],
      ['inventory', 'Inventory Loss'], ['production', 'Production'], ['transit', 'Transit']], { default: 'internal', required: true }),
    location_id: m2o('stock.location', 'Parent Location'),
    warehouse_id: m2o('stock.warehouse', 'Warehouse'),
    company_id: m2o('res.company', 'Company'),
    barcode: char('Barcode'),
    active: bool('Active', { default: true }),
  },
  displayName: (a) => `coalesce(${a}.complete_name, ${a}.name)`,
  async prepareCreate(env, rows) {
    for (const r of rows) {
      if (r.complete_name !== undefined) continue;
      const parent = typeof r.location_id === 'number'
        ? (await env.tx.query(`SELECT complete_name, usage FROM stock_location WHERE id = $1`, [r.location_id])).rows[0] : undefined;
      r.complete_name = parent && parent.usage !== 'view' ? `${parent.complete_name as string}/${String(r.name)}`
        : parent ? `${parent.complete_name as string}/${String(r.name)}` : String(r.name);
    }
  },
});

export const stockPickingType = defineModel({
  name: 'stock.picking.type',
  description: 'Picking Type',
  order: 'sequence, id',
  fields: {
    name: char('Operation Type', { required: true }),
    code: sel('Type of Operation', [['incoming', 'Receipt'], ['outgoing', 'Delivery'], ['internal', 'Internal Transfer']], { required: true }),
    sequence_code: char('Sequence Prefix', { required: true }),
    sequence: int('Sequence'),
    warehouse_id: m2o('stock.warehouse', 'Warehouse'),
    default_location_src_id: m2o('stock.location', 'Source Location'),
    default_location_dest_id: m2o('stock.location', 'Destination Location'),
    return_picking_type_id: m2o('stock.picking.type', 'Operation Type for Returns'),
    company_id: m2o('res.company', 'Company', { default: one }),
    active: bool('Active', { default: true }),
  },
  displayName: (a) => `coalesce((SELECT w.name FROM stock_warehouse w WHERE w.id = ${a}.warehouse_id) || ': ', '') || ${a}.name`,
  async afterCreate(env, ids) {
    for (const id of ids) await ensurePickingTypeSequence(env, id);
  },
});

export const stockPicking = defineModel({
  name: 'stock.picking',
  description: 'Transfer',
  order: 'id desc',
  fields: {
    name: char('Reference', { index: true }),
    origin: char('Source Document', { index: true }),
    partner_id: m2o('res.partner', 'Contact'),
    picking_type_id: m2o('stock.picking.type', 'Operation Type', { required: true }),
    picking_type_code: sel('Type of Operation', [['incoming', 'Receipt'], ['outgoing', 'Delivery'], ['internal', 'Internal Transfer']], {
      readonly: true,
      compute: async (env, ids) => {
        const r = await env.tx.query(`SELECT p.id, t.code FROM stock_picking p JOIN stock_picking_type t ON t.id = p.picking_type_id WHERE p.id = ANY($1)`, [ids]);
        return new Map(r.rows.map((x) => [x.id as number, x.code as string]));
      },
    }),
    location_id: m2o('stock.location', 'Source Location'),
    location_dest_id: m2o('stock.location', 'Destination Location'),
    state: sel('Status', pickingStates, { default: 'draft', readonly: true }),
    move_type: sel('Shipping Policy', [['direct', 'As soon as possible'], ['one', 'When all products are ready']], { default: 'direct' }),
    move_ids: o2m('stock.move', 'picking_id', 'Stock Moves'),
    move_line_ids: o2m('stock.move.line', 'picking_id', 'Operations'),
    scheduled_date: datetime('Scheduled Date'),
    date_done: datetime('Date of Transfer', { readonly: true }),
    backorder_id: m2o('stock.picking', 'Back Order of', { index: true }),
    backorder_ids: o2m('stock.picking', 'backorder_id', 'Back Orders'),
    return_id: m2o('stock.picking', 'Return of', { index: true }),
    return_ids: o2m('stock.picking', 'return_id', 'Returns'),
    return_count: int('# Returns', { readonly: true, default: undefined, compute: async (env, ids) => {
      const r = await env.tx.query('SELECT return_id AS id, count(*)::int AS n FROM stock_picking WHERE return_id = ANY($1) GROUP BY return_id', [ids]);
      const n = new Map(r.rows.map((x) => [x.id as number, x.n as number]));
      return new Map(ids.map((id) => [id, n.get(id) ?? 0]));
    } }),
    sale_id: m2o('sale.order', 'Sales Order', { index: true }),
    carrier_tracking_ref: char('Tracking Reference'),
    note: html('Notes'),
    user_id: m2o('res.users', 'Responsible'),
    company_id: m2o('res.company', 'Company', { default: one }),
  },
  async prepareCreate(env, rows) {
    const need = rows.filter((r) => !r.name && typeof r.picking_type_id === 'number');
    const names = await pickingNames(env, need.map((r) => r.picking_type_id as number));
    need.forEach((r, i) => { r.name = names[i]!; });
    const types = await env.tx.query(`SELECT id, default_location_src_id AS s, default_location_dest_id AS d FROM stock_picking_type`);
    const byId = new Map(types.rows.map((t) => [t.id as number, t]));
    for (const r of rows) {
      const t = byId.get(r.picking_type_id as number);
      if (r.location_id === undefined && t) r.location_id = t.s as number;
      if (r.location_dest_id === undefined && t) r.location_dest_id = t.d as number;
      if (r.scheduled_date === undefined) r.scheduled_date = env.now.toISOString();
      if (r.user_id === undefined) r.user_id = env.uid;
    }
  },
  methods: {
    async action_confirm(env, ids) {
      await confirmPickings(env, ids);
      return true;
    },
    async action_assign(env, ids) {
      const draft = await env.tx.query(`SELECT id FROM stock_picking WHERE id = ANY($1) AND state = 'draft'`, [ids]);
      if (draft.rows.length) await confirmPickings(env, draft.rows.map((r) => r.id as number));
      const m = await env.tx.query(`SELECT id FROM stock_move WHERE picking_id = ANY($1)`, [ids]);
      await assignMoves(env, m.rows.map((r) => r.id as number));
      return true;
    },
    async button_validate(env, ids) {
      return buttonValidate(env, ids);
    },
    async action_cancel(env, ids) {
      const m = await env.tx.query(`SELECT id FROM stock_move WHERE picking_id = ANY($1) AND state NOT IN ('done', 'cancel')`, [ids]);
      const moveIds = m.rows.map((r) => r.id as number);
      await env.tx.query(`UPDATE stock_move SET quantity = 0, write_date = sandbox_now() WHERE id = ANY($1)`, [moveIds]);
      await followQuantityWrite(env, moveIds);
      await env.tx.query(`UPDATE stock_move SET state = 'cancel', write_date = sandbox_now() WHERE id = ANY($1)`, [moveIds]);
      await recomputePickingStates(env, ids);
      await touchOrdersOfPickings(env, ids);
      return true;
    },
  },
});

export const stockMove = defineModel({
  name: 'stock.move',
  description: 'Stock Move',
  order: 'sequence, id',
  fields: {
    name: char('Description'),
    reference: char('Reference'),
    sequence: int('Sequence', { default: 10 }),
    product_id: m2o('product.product', 'Product', { required: true, index: true }),
    product_uom_qty: float('Demand', { required: true, digits: 'Product Unit' }),
    quantity: float('Quantity', { digits: 'Product Unit' }),
    product_uom: m2o('uom.uom', 'Unit'),
    picked: bool('Picked'),
    state: sel('Status', [['draft', 'New'], ['waiting', 'Waiting Another Move'], ['confirmed', 'Waiting Availability'],
      ['partially_available', 'Partially Available'], ['assigned', 'Available'], ['done', 'Done'], ['cancel', 'Cancelled']], { default: 'draft' }),
    location_id: m2o('stock.location', 'Source Location', { required: true }),
    location_dest_id: m2o('stock.location', 'Destination Location', { required: true }),
    picking_id: m2o('stock.picking', 'Transfer', { index: true, ondelete: 'cascade' }),
    picking_type_id: m2o('stock.picking.type', 'Operation Type'),
    sale_line_id: m2o('sale.order.line', 'Sale Line', { index: true }),
    origin: char('Source Document'),
    origin_returned_move_id: m2o('stock.move', 'Origin return move'),
    returned_move_ids: o2m('stock.move', 'origin_returned_move_id', 'All returned moves'),
    to_refund: bool('Update quantities on SO/PO'),
    is_inventory: bool('Inventory'),
    // the warehouse the move's operation belongs to (a sale's delivery: the order's warehouse)
    warehouse_id: sqlMany2one('stock.warehouse', 'Warehouse', 'stock_move', (a) => `(SELECT t.warehouse_id FROM stock_picking_type t WHERE t.id = ${a}.picking_type_id)`),
    move_line_ids: o2m('stock.move.line', 'move_id', 'Operations'),
    date: datetime('Date Scheduled'),
    company_id: m2o('res.company', 'Company', { default: one }),
  },
  // Odoo's stock.move display name: "<origin>/<product code>: <source>><destination>" (S00004/LIFE-1: Stock>Customers)
  displayName: (a) => `coalesce((SELECT sp.origin || '/' FROM stock_picking sp WHERE sp.id = ${a}.picking_id), '')
    || coalesce((SELECT nullif(pp.default_code, '') || ': ' FROM product_product pp WHERE pp.id = ${a}.product_id), '')
    || (SELECT sl.name FROM stock_location sl WHERE sl.id = ${a}.location_id) || '>'
    || (SELECT sl.name FROM stock_location sl WHERE sl.id = ${a}.location_dest_id)`,
  async prepareCreate(env, rows) {
    const pickIds = [...new Set(rows.map((r) => r.picking_id).filter((x): x is number => typeof x === 'number'))];
    const prodIds = [...new Set(rows.map((r) => r.product_id).filter((x): x is number => typeof x === 'number'))];
    const picks = await env.tx.query(`SELECT id, name, location_id, location_dest_id, picking_type_id, origin, state FROM stock_picking WHERE id = ANY($1)`, [pickIds]);
    const prods = await env.tx.query(`SELECT t.id, t.uom_id, ${'CASE WHEN t.default_code IS NOT NULL THEN \'[\' || t.default_code || \'] \' || t.name ELSE t.name END'} AS dn FROM product_product t WHERE t.id = ANY($1)`, [prodIds]);
    const pk = new Map(picks.rows.map((p) => [p.id as number, p]));
    const pr = new Map(prods.rows.map((p) => [p.id as number, p]));
    for (const r of rows) {
      const p = pk.get(r.picking_id as number);
      const prod = pr.get(r.product_id as number);
      if (p) {
        r.location_id ??= p.location_id as number;
        r.location_dest_id ??= p.location_dest_id as number;
        r.picking_type_id ??= p.picking_type_id as number;
        r.reference ??= p.name as string;
        r.origin ??= (p.origin as string | null) ?? false;
        if (r.state === undefined && p.state !== 'draft') r.state = 'confirmed';
      }
      if (prod) {
        r.product_uom ??= prod.uom_id as number;
        r.name ??= prod.dn as string;
      }
      r.date ??= env.now.toISOString();
    }
  },
  async afterCreate(env, ids, rows) {
    const confirmed = ids.filter((_, i) => rows[i]!.state === 'confirmed');
    if (confirmed.length) await assignMoves(env, confirmed);
  },
  async afterWrite(env, ids, vals) {
    if (vals.quantity !== undefined) await followQuantityWrite(env, ids);
    else if (vals.picked !== undefined) await env.tx.query(`UPDATE stock_move_line ml SET picked = m.picked, write_date = sandbox_now() FROM stock_move m WHERE ml.move_id = m.id AND m.id = ANY($1)`, [ids]);
  },
});

export const stockMoveLine = defineModel({
  name: 'stock.move.line',
  description: 'Product Moves (Stock Move Line)',
  order: 'id',
  fields: {
    move_id: m2o('stock.move', 'Stock Operation', { index: true, ondelete: 'cascade' }),
    picking_id: m2o('stock.picking', 'Transfer', { index: true }),
    product_id: m2o('product.product', 'Product'),
    quantity: float('Quantity', { digits: 'Product Unit' }),
    product_uom_id: m2o('uom.uom', 'Unit'),
    location_id: m2o('stock.location', 'From'),
    location_dest_id: m2o('stock.location', 'To'),
    picked: bool('Picked'),
    reference: char('Reference', {
      readonly: true, default: undefined, sql: (a) => `(SELECT m.reference FROM stock_move m WHERE m.id = ${a}.move_id)`,
      compute: async (env, ids) => {
        const r = await env.tx.query(`SELECT ml.id, m.reference FROM stock_move_line ml LEFT JOIN stock_move m ON m.id = ml.move_id WHERE ml.id = ANY($1)`, [ids]);
        return new Map(r.rows.map((x) => [x.id as number, (x.reference as string | null) ?? false]));
      },
    }),
    company_id: m2o('res.company', 'Company', { default: one }),
  },
  displayName: (a) => `(SELECT coalesce(m.reference, m.name) FROM stock_move m WHERE m.id = ${a}.move_id)`,
  async afterWrite(env, ids, vals) {
    if (vals.quantity !== undefined || vals.picked !== undefined) await followMoveLineWrite(env, ids);
  },
});
