/**
 * The Odoo adapter against the ERP sandbox over real HTTP, for each way the connector meets an Odoo: 19 over
 * JSON-2 (API key), 19 over JSON-RPC (login + password) and 18 over JSON-RPC. The order flow is the one the
 * connector runs: customers by `ref`, products by `default_code`, 50 orders in one create, one confirm for all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErpCallEvent, ErpRecord } from '../connector/src/erp/erp-port.ts';
import type { OdooClient } from '../connector/src/erp/odoo/odoo-client.ts';
import {
  buyers, cents, grossCents, linesOf, loadRefs, orderVals, partnerVals, type ErpRefs, type LineKind,
} from './support/erp-order-fixtures.ts';
import { connectErp, startErp, type ErpHandle } from './support/erp.ts';

const CASES = [
  { title: 'Odoo 19 over JSON-2', version: 19, transport: 'json2', taxes: 'tax_ids', uom: 'product_uom_id' },
  { title: 'Odoo 19 over JSON-RPC with login and password', version: 19, transport: 'jsonrpc', taxes: 'tax_ids', uom: 'product_uom_id' },
  { title: 'Odoo 18 over JSON-RPC', version: 18, transport: 'jsonrpc', taxes: 'tax_id', uom: 'product_uom' },
] as const;

const ORDERS = 50;
const m2oId = (v: unknown): number => (Array.isArray(v) ? (v[0] as number) : 0);

describe.each(CASES)('Odoo adapter vs ERP sandbox: $title', (c) => {
  let erp: ErpHandle;
  let client: OdooClient;
  let refs: ErpRefs;
  const calls: ErpCallEvent[] = [];

  beforeAll(async () => {
    erp = await startErp({ version: c.version, label: `it_${c.version}_${c.transport}` });
    client = await connectErp(erp, { transport: c.transport, onCall: (e) => calls.push(e) });
    refs = await loadRefs(client);
  });
  afterAll(async () => {
    await client?.close();
    await erp?.close();
  });

  it('detects the version, the dialect and the transport', async () => {
    const version = await client.version();
    expect(version.major).toBe(c.version);
    expect(version.serie).toMatch(new RegExp(`^(saas~)?${c.version}\\.`));
    expect(client.transport).toBe(c.transport);
    expect([client.dialect.saleLineTaxesField, client.dialect.saleLineUomField]).toEqual([c.taxes, c.uom]);
    expect(await client.fieldsGet('sale.order.line', ['type', 'relation'])).toMatchObject({ [c.taxes]: { type: 'many2many', relation: 'account.tax' } });
  });

  it("speaks the version's dialect: storable products, price-included taxes", async () => {
    // The seed has a storable product for every catalogue SKU but the 3 missing on purpose and the 2 aliases.
    expect(await client.searchCount('product.product', client.dialect.storableProductDomain)).toBe(25);
    const [storable] = await client.create('product.product', [{ name: 'Tea strainer', default_code: 'IT-STRAINER', ...client.dialect.storableProductVals }]);
    expect(await client.search('product.product', [...client.dialect.storableProductDomain, ['default_code', '=', 'IT-STRAINER']])).toEqual([storable]);
    const [tax] = await client.create('account.tax', [{ name: 'IT VAT 4% incl.', amount: 4, amount_type: 'percent', type_tax_use: 'sale', ...client.dialect.taxPriceIncludeVals(true) }]);
    expect(await client.read('account.tax', [tax!], ['price_include'])).toEqual([{ id: tax, price_include: true }]);
  });

  it('answers concurrent calls on one client, each with its own result, over the kept-alive connections', async () => {
    calls.length = 0;
    const codes = ['DE', 'FR', 'IT', 'GB', 'PL', 'SE', 'US', 'CA', 'ES', 'NL', 'AT', 'BE'];
    const found = await Promise.all(codes.map((code) => client.searchRead('res.country', [['code', '=', code]], ['code'])));
    expect(found.map((rows) => rows.map((r) => r.code))).toEqual(codes.map((code) => [code]));
    expect(calls.map((e) => `${e.model}.${e.method}`)).toEqual(codes.map(() => 'res.country.search_read'));
  });

  it('imports 50 orders as the connector will: one create, one confirm, totals and reserved deliveries as Odoo makes them', async () => {
    const taxes = await client.read('account.tax', Object.values(refs.taxIds), ['name', 'amount', 'price_include']);
    expect(taxes.map((t) => [t.name, t.price_include]).sort()).toEqual([['DE VAT 19% incl.', true], ['DE VAT 7% incl.', true]]);
    expect(Object.values(refs.productIds).every((id) => id > 0)).toBe(true);

    // Customers: looked up by ref first (none yet), then created with their delivery contacts in one call.
    const people = buyers(`b${c.version}${c.transport}`, 10);
    const peopleRefs = people.map((b) => b.ref);
    expect(await client.search('res.partner', [['ref', 'in', peopleRefs]])).toEqual([]);
    const partnerIds = await client.create('res.partner', people.map((b) => partnerVals(b, refs.countryDe)));
    const found = await client.searchRead('res.partner', [['ref', 'in', peopleRefs]], ['ref'], { order: 'id' });
    expect(found.map((p) => [p.id, p.ref])).toEqual(partnerIds.map((id, i) => [id, peopleRefs[i]]));
    const delivery = await client.searchRead('res.partner', [['parent_id', 'in', partnerIds], ['type', '=', 'delivery']], ['parent_id', 'street', 'zip', 'country_id']);
    const shippingOf = new Map(delivery.map((d) => [m2oId(d.parent_id), d]));
    expect(partnerIds.map((id) => [shippingOf.get(id)?.street, m2oId(shippingOf.get(id)?.country_id)])).toEqual(people.map((b) => [b.street, refs.countryDe]));

    const stockBefore = await reservedByProduct(client, refs);
    const plan = Array.from({ length: ORDERS }, (_, i) => ({
      ref: `302-${c.version}00000-${String(i).padStart(7, '0')}`,
      partnerId: partnerIds[i % 10]!,
      shippingId: shippingOf.get(partnerIds[i % 10]!)!.id,
      lines: linesOf(i),
    }));
    calls.length = 0;
    const created = await client.createMany('sale.order', plan.map((o) => orderVals(client.dialect, refs, o)));
    expect(created.every((r) => r.ok)).toBe(true);
    const ids = created.flatMap((r) => (r.ok ? [r.id] : []));
    const confirmed = await client.callMany('sale.order', 'action_confirm', ids);
    expect(confirmed.map((r) => r.ok)).toEqual(ids.map(() => true));
    // No per-record round trips: one create and one confirm for the 50 orders.
    expect(calls.map((e) => `${e.model}.${e.method} ${e.transport} ${e.errorCode ?? 'ok'}`)).toEqual([
      `sale.order.create ${c.transport} ok`, `sale.order.action_confirm ${c.transport} ok`,
    ]);

    const orders = await client.read('sale.order', ids, ['name', 'state', 'client_order_ref', 'partner_shipping_id', 'currency_id', 'amount_untaxed', 'amount_tax', 'amount_total', 'picking_ids']);
    const byId = new Map(orders.map((o) => [o.id, o]));
    const rows = ids.map((id) => byId.get(id)!);
    expect(rows.map((o) => [o.state, o.client_order_ref, m2oId(o.partner_shipping_id), o.currency_id])).toEqual(plan.map((p) => ['sale', p.ref, p.shippingId, [expect.any(Number), 'EUR']]));
    expect(rows.every((o) => /^S\d{5}$/.test(o.name as string))).toBe(true);
    expect(new Set(rows.map((o) => o.name)).size).toBe(ORDERS);
    // VAT is in the prices: the total is what the buyer pays, to the cent.
    expect(rows.map((o) => cents(o.amount_total))).toEqual(plan.map((p) => grossCents(p.lines)));
    expect(rows.every((o) => cents(o.amount_untaxed) + cents(o.amount_tax) === cents(o.amount_total))).toBe(true);
    // Worked by hand, taxes rounded globally per tax: 17.89 at 19 % and 52.30 at 7 % -> 15.03 + 48.88 net.
    expect([rows[0]!.amount_untaxed, rows[0]!.amount_tax, rows[0]!.amount_total]).toEqual([63.91, 6.28, 70.19]);
    // 2 x 12.90 at 19 % included: 25.80 -> 21.68 + 4.12.
    expect([rows[1]!.amount_untaxed, rows[1]!.amount_tax, rows[1]!.amount_total]).toEqual([21.68, 4.12, 25.8]);
    expect(await client.searchCount('sale.order', [['client_order_ref', 'in', plan.map((p) => p.ref)], ['state', '=', 'sale']])).toBe(ORDERS);

    // One delivery per order, to the delivery contact, reserved; the shipping service line moves nothing.
    expect(rows.every((o) => (o.picking_ids as number[]).length === 1)).toBe(true);
    const pickingIds = rows.map((o) => (o.picking_ids as number[])[0]!);
    const pickings = new Map((await client.read('stock.picking', pickingIds, ['state', 'origin', 'partner_id', 'picking_type_id'])).map((p) => [p.id, p]));
    expect(rows.map((o, i) => { const p = pickings.get(pickingIds[i]!)!; return [p.state, p.origin, m2oId(p.partner_id)]; }))
      .toEqual(plan.map((p, i) => ['assigned', rows[i]!.name, p.shippingId]));
    const moves = await client.searchRead('stock.move', [['picking_id', 'in', pickingIds]], ['picking_id', 'product_id', 'product_uom_qty', 'quantity', 'state']);
    expect(moves.every((m) => m.state === 'assigned' && m.quantity === m.product_uom_qty)).toBe(true);
    expect(plan.map((_, i) => movedOf(moves, pickingIds[i]!))).toEqual(plan.map((p) => expectedMoves(refs, p.lines)));
    const stockAfter = await reservedByProduct(client, refs);
    const ordered = (kind: LineKind) => plan.reduce((n, p) => n + p.lines.filter((l) => l.kind === kind).reduce((q, l) => q + l.qty, 0), 0);
    for (const kind of ['mug', 'tea', 'coffee'] as const) {
      expect(stockAfter.get(refs.productIds[kind])! - stockBefore.get(refs.productIds[kind])!).toBe(ordered(kind));
    }
  });
});

/** Reserved quantity per storable product in the main warehouse's stock location. */
async function reservedByProduct(client: OdooClient, refs: ErpRefs): Promise<Map<number, number>> {
  const [wh] = await client.searchRead('stock.warehouse', [], ['lot_stock_id'], { limit: 1, order: 'id' });
  const storable = (['mug', 'tea', 'coffee'] as const).map((k) => refs.productIds[k]);
  const quants = await client.searchRead('stock.quant', [['product_id', 'in', storable], ['location_id', '=', m2oId(wh?.lot_stock_id)]], ['product_id', 'quantity', 'reserved_quantity']);
  const out = new Map<number, number>(storable.map((id) => [id, 0]));
  for (const q of quants) {
    // Enough stock for the whole test, or the deliveries could not be reserved.
    expect(q.quantity as number).toBeGreaterThanOrEqual(200);
    out.set(m2oId(q.product_id), (out.get(m2oId(q.product_id)) ?? 0) + (q.reserved_quantity as number));
  }
  return out;
}

/** "productId x qty" of a picking's moves, sorted. */
function movedOf(moves: ErpRecord[], pickingId: number): string[] {
  return moves.filter((m) => m2oId(m.picking_id) === pickingId).map((m) => `${m2oId(m.product_id)} x ${m.product_uom_qty as number}`).sort();
}

function expectedMoves(refs: ErpRefs, lines: ReturnType<typeof linesOf>): string[] {
  return lines.filter((l) => l.kind !== 'shipping').map((l) => `${refs.productIds[l.kind]} x ${l.qty}`).sort();
}

