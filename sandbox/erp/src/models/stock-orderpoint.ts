/** stock.warehouse.orderpoint: reordering rules (min/max per product and location), see business/orderpoint-rules.ts. */
import { checkOrderpointWrite, orderpointFigures, prepareOrderpoints, type OrderpointFigure } from '../business/orderpoint-rules.ts';
import { bool, char, date, defineModel, float, m2m, m2o, sel } from '../orm/define.ts';
import { sqlMany2one } from '../orm/sql-many2one.ts';
import type { FieldDef, Json } from '../orm/types.ts';

const one = (): Json => 1;

const figure = (key: OrderpointFigure, label: string): FieldDef => float(label, {
  readonly: true, default: undefined, digits: 'Product Unit', compute: (env, ids) => orderpointFigures(env, ids, key),
});

export const stockWarehouseOrderpoint = defineModel({
  name: 'stock.warehouse.orderpoint',
  description: 'Minimum Inventory Rule',
  order: 'location_id, company_id, id',
  fields: {
    name: char('Name', { required: true }),
    trigger: sel('Trigger', [['auto', 'Auto'], ['manual', 'Manual']], { required: true, default: 'auto' }),
    active: bool('Active', { default: true }),
    snoozed_until: date('Snoozed'),
    warehouse_id: m2o('stock.warehouse', 'Warehouse', { required: true, ondelete: 'cascade' }),
    location_id: m2o('stock.location', 'Location', { required: true, ondelete: 'cascade', index: true }),
    product_id: m2o('product.product', 'Product', { required: true, ondelete: 'cascade', index: true }),
    product_min_qty: float('Min', { required: true, digits: 'Product Unit' }),
    product_max_qty: float('Max', { required: true, digits: 'Product Unit' }),
    replenishment_uom_id: m2o('uom.uom', 'Multiple'),
    route_id: m2o('stock.route', 'Route'),
    effective_route_id: sqlMany2one('stock.route', 'Effective Route', 'stock_warehouse_orderpoint', (a) => `${a}.route_id`),
    rule_ids: m2m('stock.rule', 'Rules used', {
      readonly: true, default: undefined,
      // the active rules of the warehouse's routes that bring goods into the rule's location
      compute: async (env, ids) => {
        const r = await env.tx.query(`SELECT o.id, coalesce(array_agg(ru.id ORDER BY ru.id) FILTER (WHERE ru.id IS NOT NULL), '{}') AS rules
          FROM stock_warehouse_orderpoint o
          LEFT JOIN stock_rule ru ON ru.location_dest_id = o.location_id AND ru.active AND ru.action IN ('pull', 'pull_push')
            AND (ru.warehouse_id IS NULL OR ru.warehouse_id = o.warehouse_id)
          WHERE o.id = ANY($1) GROUP BY o.id`, [ids]);
        return new Map(r.rows.map((x) => [x.id as number, x.rules as number[]]));
      },
    }),
    qty_on_hand: figure('qty_on_hand', 'On Hand'),
    qty_forecast: figure('qty_forecast', 'Forecast'),
    qty_to_order: figure('qty_to_order', 'To Order'),
    company_id: m2o('res.company', 'Company', { required: true, default: one }),
  },
  prepareCreate: prepareOrderpoints,
  beforeWrite: checkOrderpointWrite,
});
