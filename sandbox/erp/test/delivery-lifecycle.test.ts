/**
 * The delivery lifecycle beyond the recordings: Odoo 19's whole-second `write_date` comparisons on writes made
 * within one second (the sandbox's clock pinned), `write_date` moving on every kind of write a change feed polls
 * for (wizards, validation, cancellation, invoicing, posting), and what exists without `stock_delivery`.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { buildRegistry } from '../src/models/registry.ts';
import { json2 } from './client.ts';

let sb: RunningErpSandbox;
let drop: () => Promise<void>;
/** The sandbox's "now" (pinned: each test sets it before its calls). */
let now = new Date('2026-12-01T09:00:00.000Z');

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_delivery');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, seed: 'fresh', modules: ['stock_delivery'] }, { now: () => now });
  drop = async () => { await sb.close(); await db.drop(); };
});
afterAll(async () => drop());

async function ok(path: string, body: unknown = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await json2(sb, path, body);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
const create = async (model: string, vals: object, context: object = {}): Promise<number> => (await ok(`${model}/create`, { vals_list: [vals], context }))[0];
const at = (iso: string) => { now = new Date(iso); };
/** Ids of `model` among `ids` whose write_date matches `op value`. */
const matching = async (model: string, op: string, value: unknown, ids: number[]): Promise<number[]> =>
  ok(`${model}/search`, { domain: [['id', 'in', ids], ['write_date', op, value]], order: 'id' });

describe('write_date as Odoo 19 compares it', () => {
  it('keeps microseconds but compares whole seconds: > skips the rest of the second, >= and = find it', async () => {
    at('2026-12-01T10:00:00.250Z');
    const a = await create('res.partner', { name: 'Early in the second' });
    at('2026-12-01T10:00:00.750Z');
    const b = await create('res.partner', { name: 'Late in the second' });
    const both = [a, b];
    const read = await ok('res.partner/search_read', { domain: [['id', 'in', both]], fields: ['write_date'], order: 'write_date desc, id' });
    expect(read).toEqual([{ id: b, write_date: '2026-12-01 10:00:00' }, { id: a, write_date: '2026-12-01 10:00:00' }]);
    expect(await matching('res.partner', '>', '2026-12-01 10:00:00', both)).toEqual([]);
    expect(await matching('res.partner', '>=', '2026-12-01 10:00:00', both)).toEqual(both);
    expect(await matching('res.partner', '=', '2026-12-01 10:00:00', both)).toEqual(both);
    expect(await matching('res.partner', '<=', '2026-12-01 10:00:00', both)).toEqual(both);
    expect(await matching('res.partner', '<', '2026-12-01 10:00:00', both)).toEqual([]);
    expect(await matching('res.partner', '>', '2026-12-01 09:59:59', both)).toEqual(both);
    expect(await matching('res.partner', '!=', '2026-12-01 10:00:00', both)).toEqual([]);
  });

  it('reads a date alone as the whole day and refuses time zones and numbers', async () => {
    at('2026-12-01T23:59:59.900Z');
    const a = await create('res.partner', { name: 'Last second of the day' });
    expect(await matching('res.partner', '>', '2026-12-01', [a])).toEqual([]);
    expect(await matching('res.partner', '=', '2026-12-01', [a])).toEqual([a]);
    expect(await matching('res.partner', '<', '2026-12-02', [a])).toEqual([a]);
    expect(await matching('res.partner', '>=', '2026-12-01T23:59:59', [a])).toEqual([a]);
    const tz = await json2(sb, 'res.partner/search', { domain: [['write_date', '>', '2026-12-01T10:00:00Z']] });
    expect([tz.status, tz.body.message]).toEqual([500, "expecting only datetimes with no timezone: '2026-12-01T10:00:00Z'"]);
    const num = await json2(sb, 'res.partner/search', { domain: [['write_date', '>', 20261201]] });
    expect([num.status, num.body.name, num.body.message]).toEqual([500, 'builtins.ValueError', 'Failed to cast 20261201 into a datetime']);
  });
});

describe('write_date moves with every change a change feed polls for', () => {
  it('wizard, validation, backorder, cancellation, invoicing and posting each give the records touched a new write_date', async () => {
    at('2026-12-02T08:00:00Z');
    const product = await create('product.product', { name: 'Feed gadget', type: 'consu', is_storable: true, list_price: 10, invoice_policy: 'delivery' });
    const quant = await create('stock.quant', { product_id: product, location_id: 5, inventory_quantity: 50 }, { inventory_mode: true });
    await ok('stock.quant/action_apply_inventory', { ids: [quant], context: { inventory_mode: true } });
    const partner = await create('res.partner', { name: 'Feed customer' });
    const order = await create('sale.order', { partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 4 }]] });
    const other = await create('sale.order', { partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]] });
    await ok('sale.order/action_confirm', { ids: [order, other] });
    const [{ picking_ids: [pick] }, { picking_ids: [otherPick] }] = await ok('sale.order/read', { ids: [order, other], fields: ['picking_ids'] });

    at('2026-12-02T08:00:10Z'); // a move line written by hand: its move follows
    const [line] = await ok('stock.move.line/search', { domain: [['picking_id', '=', pick]] });
    await ok('stock.move.line/write', { ids: [line], vals: { quantity: 1, picked: true } });
    const [move] = await ok('stock.move/search_read', { domain: [['picking_id', '=', pick]], fields: ['quantity', 'picked', 'write_date'] });
    expect(move).toMatchObject({ quantity: 1, picked: true, write_date: '2026-12-02 08:00:10' });

    at('2026-12-02T08:00:20Z'); // the backorder wizard: the transfer, its new backorder and the order
    const action = await ok('stock.picking/button_validate', { ids: [pick] });
    const wizard = await create('stock.backorder.confirmation', {}, action.context);
    await ok('stock.backorder.confirmation/process', { ids: [wizard], context: action.context });
    const [backorder] = await ok('stock.picking/search', { domain: [['backorder_id', '=', pick]] });
    expect(await matching('stock.picking', '>=', '2026-12-02 08:00:20', [pick, backorder, otherPick])).toEqual([pick, backorder]);
    expect(await matching('sale.order', '>=', '2026-12-02 08:00:20', [order, other])).toEqual([order]);

    at('2026-12-02T08:00:30Z'); // cancelling a transfer moves its order (delivery status) too
    await ok('stock.picking/action_cancel', { ids: [otherPick] });
    expect(await matching('sale.order', '>=', '2026-12-02 08:00:30', [order, other])).toEqual([other]);
    expect(await ok('sale.order/read', { ids: [order, other], fields: ['delivery_status'] }))
      .toEqual([{ id: order, delivery_status: 'partial' }, { id: other, delivery_status: false }]);

    at('2026-12-02T08:00:40Z'); // invoicing moves the order, posting the invoice
    const inv = await create('sale.advance.payment.inv', { advance_payment_method: 'delivered' }, { active_model: 'sale.order', active_ids: [order], active_id: order });
    const { res_id: invoice } = await ok('sale.advance.payment.inv/create_invoices', { ids: [inv], context: { active_model: 'sale.order', active_ids: [order], active_id: order } });
    expect(await matching('sale.order', '>=', '2026-12-02 08:00:40', [order, other])).toEqual([order]);
    at('2026-12-02T08:00:50Z');
    await ok('account.move/action_post', { ids: [invoice] });
    expect(await ok('account.move/read', { ids: [invoice], fields: ['state', 'write_date', 'invoice_date_due'] }))
      .toEqual([{ id: invoice, state: 'posted', write_date: '2026-12-02 08:00:50', invoice_date_due: '2026-12-02' }]);
  });
});

describe('stock_delivery', () => {
  it('adds the carrier model and fields only when installed; delivery_status and the backorder lines are always there', () => {
    const plain = buildRegistry(19);
    expect(plain.models.has('delivery.carrier')).toBe(false);
    expect(plain.models.get('stock.picking')!.fields.carrier_id).toBeUndefined();
    expect(plain.models.get('sale.order')!.fields.carrier_id).toBeUndefined();
    expect(plain.models.get('sale.order')!.fields.delivery_status).toBeDefined();
    expect(plain.models.get('stock.backorder.confirmation')!.fields.backorder_confirmation_line_ids).toBeDefined();
    const withModule = buildRegistry(19, new Set(['stock_delivery']));
    expect(withModule.models.get('stock.picking')!.fields.carrier_tracking_url).toBeDefined();
  });

  it('prices only rate-and-ship carriers at validation and leaves the tracking link empty without a template', async () => {
    at('2026-12-03T08:00:00Z');
    const ship = await create('product.product', { name: 'Own van', type: 'service' });
    const van = await create('delivery.carrier', { name: 'Own van', fixed_price: 7.5, product_id: ship, integration_level: 'rate' });
    const post = await create('delivery.carrier', { name: 'Post', fixed_price: 3.2, product_id: ship });
    const product = await create('product.product', { name: 'Carrier gadget', type: 'consu', is_storable: true, list_price: 5 });
    const quant = await create('stock.quant', { product_id: product, location_id: 5, inventory_quantity: 10 }, { inventory_mode: true });
    await ok('stock.quant/action_apply_inventory', { ids: [quant], context: { inventory_mode: true } });
    const partner = await create('res.partner', { name: 'Carrier customer' });
    const orders = [];
    for (const carrier of [van, post]) orders.push(await create('sale.order', { partner_id: partner, carrier_id: carrier, order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]] }));
    await ok('sale.order/action_confirm', { ids: orders });
    const picks = (await ok('sale.order/read', { ids: orders, fields: ['picking_ids'] })).map((o: { picking_ids: number[] }) => o.picking_ids[0]);
    await ok('stock.picking/write', { ids: [picks[1]], vals: { carrier_tracking_ref: 'NO-LINK-1' } });
    for (const p of picks) expect(await ok('stock.picking/button_validate', { ids: [p] })).toBe(true);
    expect(await ok('stock.picking/read', { ids: picks, fields: ['carrier_id', 'carrier_price', 'carrier_tracking_ref', 'carrier_tracking_url'] })).toEqual([
      { id: picks[0], carrier_id: [van, 'Own van'], carrier_price: 0, carrier_tracking_ref: false, carrier_tracking_url: false },
      { id: picks[1], carrier_id: [post, 'Post'], carrier_price: 0, carrier_tracking_ref: 'NO-LINK-1', carrier_tracking_url: false },
    ]);
  });
});
