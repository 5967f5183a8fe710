/**
 * Routes and their rules, as far as warehouses and reordering rules show them: each warehouse gets its one-step
 * reception and delivery routes with one rule each (Vendors -> CODE/Stock, CODE/Stock -> Customers); an orderpoint's
 * `rule_ids` are the rules that bring goods into its location. No procurement runs on them here.
 */
import { bool, char, defineModel, int, m2o, sel } from '../orm/define.ts';
import type { Json } from '../orm/types.ts';

const one = (): Json => 1;

export const stockRoute = defineModel({
  name: 'stock.route',
  description: 'Inventory Routes',
  order: 'sequence, id',
  fields: {
    name: char('Route', { required: true }),
    sequence: int('Sequence', { default: 0 }),
    warehouse_selectable: bool('Applicable on Warehouse', { default: true }),
    product_selectable: bool('Applicable on Product', { default: true }),
    company_id: m2o('res.company', 'Company', { default: one }),
    active: bool('Active', { default: true }),
  },
});

export const stockRule = defineModel({
  name: 'stock.rule',
  description: 'Stock Rule',
  order: 'sequence, id',
  fields: {
    name: char('Name', { required: true }),
    action: sel('Action', [['pull', 'Pull From'], ['push', 'Push To'], ['pull_push', 'Pull & Push']], { required: true, default: 'pull' }),
    sequence: int('Sequence', { default: 20 }),
    route_id: m2o('stock.route', 'Route', { required: true, ondelete: 'cascade' }),
    location_src_id: m2o('stock.location', 'Source Location'),
    location_dest_id: m2o('stock.location', 'Destination Location', { required: true }),
    picking_type_id: m2o('stock.picking.type', 'Operation Type', { required: true }),
    warehouse_id: m2o('stock.warehouse', 'Warehouse'),
    company_id: m2o('res.company', 'Company', { default: one }),
    active: bool('Active', { default: true }),
  },
});
