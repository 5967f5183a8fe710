/**
 * The ERP carrier of a label (`delivery.carrier`, Odoo's stock_delivery module: the model and the delivery's
 * `carrier_id` exist only with it): found by the Amazon carrier's name (case-insensitive, active or archived: an
 * archived one is the seller's decision and is not recreated), or created as Odoo's own set-up does (as
 * `lifecycle-json2.jsonl` records it): a service product (`type` service, invoiced on order, not sold or bought on
 * its own; `default_code` `AMZ-SHIP-<carrier id>`, found again before creating) and a fixed-price carrier at 0 (the
 * label is paid to Amazon, not charged through the carrier). Without the module: no carrier, the tracking number
 * alone (`null`, the README says so). Creation under a session lock per backend and name, looked up again inside
 * it: two workers labelling for one new carrier at once make one. Both answers are kept a minute per process and
 * ERP connection (`fields_get` and the look-up cost an ERP call each, per delivery otherwise); a carrier deleted
 * in the ERP meanwhile fails the write once and the retry, a minute on, finds or creates it again.
 */
import { withSessionLock } from '../../../core/session-lock.ts';
import { ttlCache, type TtlCache } from '../../../core/ttl-cache.ts';
import type { ErpPort } from '../../../erp/erp-port.ts';
import type pg from 'pg';

const CACHE_MS = 60_000;
/** Per ERP connection (a backend's runtime; a new one after its settings change starts afresh). */
const caches = new WeakMap<object, { field: TtlCache<boolean>; ids: TtlCache<number> }>();
const cachesOf = (erp: object) => {
  let c = caches.get(erp);
  if (!c) caches.set(erp, (c = { field: ttlCache<boolean>(CACHE_MS), ids: ttlCache<number>(CACHE_MS) }));
  return c;
};

export const carrierProductCode = (carrierId: string) => `AMZ-SHIP-${carrierId.toUpperCase().replace(/[^A-Z0-9]+/g, '-').slice(0, 40)}`;

/** Whether the ERP's deliveries have a carrier (stock_delivery installed). */
export function deliveriesHaveCarrier(erp: Pick<ErpPort, 'fieldsGet'>): Promise<boolean> {
  return cachesOf(erp).field.get('stock.picking', async () => {
    const f = (await erp.fieldsGet('stock.picking', ['type', 'relation'])).carrier_id;
    return f !== undefined && f.type === 'many2one' && f.relation === 'delivery.carrier';
  });
}

/** The `delivery.carrier` id for Amazon's carrier, found or created; null when the ERP has no carriers. */
export async function carrierFor(erp: ErpPort, pool: pg.Pool, backendId: number, carrier: { id: string; name: string }): Promise<number | null> {
  if (!carrier.name || !(await deliveriesHaveCarrier(erp))) return null;
  const find = async () => {
    const [id] = await erp.search('delivery.carrier', [['name', '=ilike', carrier.name], ['active', 'in', [true, false]]], { limit: 1, order: 'id asc' });
    return id ?? null;
  };
  return cachesOf(erp).ids.get(carrier.name.toLowerCase(), async () => (await find())
    ?? withSessionLock(pool, `label-carrier:${backendId}:${carrier.name.toLowerCase()}`, async () => (await find()) ?? create(erp, carrier)));
}

async function create(erp: ErpPort, carrier: { id: string; name: string }): Promise<number> {
  const code = carrierProductCode(carrier.id || carrier.name);
  const [found] = await erp.search('product.product', [['default_code', '=', code], ['active', 'in', [true, false]]], { limit: 1 });
  const productId = found ?? (await erp.create('product.product', [{ name: `${carrier.name} (Amazon Buy Shipping)`, default_code: code, type: 'service',
    list_price: 0, invoice_policy: 'order', sale_ok: false, purchase_ok: false }]))[0]!;
  const [id] = await erp.create('delivery.carrier', [{ name: carrier.name, delivery_type: 'fixed', fixed_price: 0, product_id: productId }]);
  return id!;
}
