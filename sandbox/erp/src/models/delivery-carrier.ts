/**
 * Odoo 19's `stock_delivery` module (option `modules: ['stock_delivery']`): `delivery.carrier` (fixed price, a
 * tracking URL template), the carrier fields of transfers and sales orders, and the "Standard delivery" carrier the
 * module installs. What validation does with a carrier is in ../business/picking-carrier.ts.
 */
import { createRecords } from '../orm/create.ts';
import { bool, char, defineModel, float, m2o, sel } from '../orm/define.ts';
import type { Env, FieldDef, Json, ModelDef, Registry } from '../orm/types.ts';
import type { PoolClient } from 'pg';

export const deliveryCarrier = defineModel({
  name: 'delivery.carrier',
  description: 'Shipping Methods',
  order: 'sequence, id',
  fields: {
    name: char('Delivery Method', { required: true }),
    sequence: { type: 'integer', string: 'Sequence', default: 10 },
    active: bool('Active', { default: true }),
    delivery_type: sel('Provider', [['base_on_rule', 'Based on Rules'], ['fixed', 'Fixed Price']], { default: 'fixed', required: true }),
    integration_level: sel('Integration Level', [['rate', 'Get Rate'], ['rate_and_ship', 'Get Rate and Create Shipment']], { default: 'rate_and_ship' }),
    invoice_policy: sel('Invoicing Policy', [['estimated', 'Estimated cost'], ['real', 'Real cost']], { default: 'estimated', required: true }),
    fixed_price: float('Fixed Price', { digits: 'Product Price' }),
    product_id: m2o('product.product', 'Delivery Product', { required: true, ondelete: 'restrict' }),
    tracking_url: char('Tracking Link'),
    company_id: m2o('res.company', 'Company'),
    margin: float('Margin'),
    free_over: bool('Free if order amount is above'),
  },
});

/**
 * The transfer's tracking link: the carrier's `tracking_url` with `<shipmenttrackingnumber>` replaced by the
 * tracking reference (Odoo's `fixed_get_tracking_link`); false without a reference or a link.
 */
const trackingUrl: FieldDef['compute'] = async (env: Env, ids: number[]) => {
  const r = await env.tx.query(
    `SELECT p.id, CASE WHEN p.carrier_tracking_ref IS NOT NULL AND p.carrier_tracking_ref <> '' AND c.tracking_url IS NOT NULL AND c.tracking_url <> ''
       THEN replace(c.tracking_url, '<shipmenttrackingnumber>', p.carrier_tracking_ref) END AS url
     FROM stock_picking p LEFT JOIN delivery_carrier c ON c.id = p.carrier_id WHERE p.id = ANY($1)`, [ids]);
  const got = new Map(r.rows.map((x) => [x.id as number, (x.url as string | null) ?? false]));
  return new Map(ids.map((id) => [id, got.get(id) ?? false] as [number, Json]));
};

const FIELDS: Record<string, Record<string, FieldDef>> = {
  'stock.picking': {
    carrier_id: m2o('delivery.carrier', 'Carrier', { index: true }),
    carrier_price: float('Shipping Cost'),
    carrier_tracking_url: char('Tracking URL', { readonly: true, compute: trackingUrl }),
  },
  'sale.order': {
    carrier_id: m2o('delivery.carrier', 'Delivery Method'),
  },
};

/** The registry's models with `stock_delivery`'s model and fields when the module is installed. */
export function withStockDelivery(models: ModelDef[], modules: ReadonlySet<string>): ModelDef[] {
  if (!modules.has('stock_delivery')) return models;
  return [...models.map((m) => (FIELDS[m.name] ? { ...m, fields: { ...m.fields, ...FIELDS[m.name] } } : m)), deliveryCarrier];
}

/** What installing the module creates once: the "Standard delivery" service product and its carrier. */
export async function installStockDelivery(tx: PoolClient, registry: Registry): Promise<void> {
  if (!registry.modules.has('stock_delivery')) return;
  const any = await tx.query('SELECT 1 FROM delivery_carrier LIMIT 1');
  if (any.rows.length) return;
  const env: Env = { tx, registry, context: {}, uid: 1, now: new Date(), companyId: 1, companyIds: [1] };
  const [product] = await createRecords(env, registry.models.get('product.product')!, [{
    name: 'Standard delivery', default_code: 'Delivery_007', type: 'service', list_price: 0, sale_ok: false, purchase_ok: false,
    invoice_policy: 'order', taxes_id: [[6, 0, []]],
  }]);
  await createRecords(env, deliveryCarrier, [{ name: 'Standard delivery', delivery_type: 'fixed', fixed_price: 0, product_id: product! }]);
}
