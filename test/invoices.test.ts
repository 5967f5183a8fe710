/**
 * Customer invoices of shipped orders, end to end against the ERP sandbox: orders imported, their deliveries
 * validated in the ERP (as a warehouse worker would), `requestInvoice` called as the shipments flow does; then what
 * an accountant checks: one posted invoice per shipment, dated on Amazon's ship date, with Amazon's total and tax,
 * never two (a repeated request, two workers at once, a crash between the wizard and the binding), partial
 * shipments by the products' invoicing policy, and a refusal of Odoo's tax-country rule as a conflict that heals.
 * Then the demo's German seller's merchant orders to the UK, through the shipments flow: invoiced and posted net of
 * the VAT Amazon withheld as deemed supplier (at or below GBP 135), or as exports (above).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { sweepAndImport, openConflictCodes, theErpOrder } from './support/lifecycle.ts';
import { expectationOf, type SandboxOrder } from './support/expected-orders.ts';
import { toUnits } from './support/money.ts';
import { startApi } from './support/api.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { InvoiceTasks } from '../connector/src/sync/invoices/index.ts';
import { invoicesOf, request, requestsOf, runInvoiceJobs, validateDelivery } from './support/invoicing.ts';
import { confirmDeliveries, erpCarrier, openDelivery, validateDelivery as validateShipment } from './support/shipments.ts';
import { DEFAULT_SELLERS } from '../sandbox/amazon/src/config.ts';
import { LEGACY_WORLD } from '../sandbox/amazon/src/index.ts';

const DE = 'A1PA6795UKMFR9';
const FR = 'A13V1IB3VIYZZH';
const GB = 'A1F83G8C2ARO7P';
const SHIP_DATE = '2026-11-28T16:30:00Z';

describe('invoices of shipped orders', () => {
  let stack: Stack;
  /** Imported merchant orders, with Amazon's total and tax and their ERP sales order. */
  let orders: Array<{ id: string; total: string; tax: string; soId: number; units: number; marketplaceId: string }>;
  /** `n` German orders not used by another test yet. */
  const take = (n: number) => {
    const picked = orders.filter((o) => o.marketplaceId === DE).slice(0, n);
    orders = orders.filter((o) => !picked.includes(o));
    return picked;
  };

  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'invoices' });
    // Amazon.de buyers (domestic VAT, EU businesses), Amazon.fr consumers (OSS: French VAT declared in Germany) and
    // Amazon.co.uk (UK VAT under the seller's UK number: a foreign-VAT fiscal position).
    const gen = (marketplaceId: string, count: number) =>
      stack.amazon.generateOrders({ sellerId: stack.sellerId, count, marketplaceId, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: marketplaceId === DE ? undefined : false });
    const ids = [...gen(DE, 40), ...gen(FR, 6), ...gen(GB, 6)];
    await sweepAndImport(stack);
    orders = [];
    for (const id of ids) {
      const o = stack.amazon.getOrder(id).order as unknown as SandboxOrder;
      const quantities = (o as unknown as { orderItems: Array<{ quantityOrdered: number }> }).orderItems.map((i) => i.quantityOrdered);
      const exp = expectationOf(o);
      if (exp.kind !== 'import') continue;
      const so = await theErpOrder(stack, id);
      if (so.state !== 'sale') continue;
      const marketplaceId = (o as unknown as { salesChannel: { marketplaceId: string } }).salesChannel.marketplaceId;
      orders.push({ id, total: exp.total, tax: exp.tax, soId: so.id, units: Math.max(...quantities), marketplaceId });
    }
    expect(orders.length).toBeGreaterThan(20);
  }, 240_000);
  afterAll(async () => stack?.close());

  it('posts one invoice per shipped order, dated on the ship date, with Amazon\'s total and tax; asked twice, by two workers at once', async () => {
    const batch = take(12);
    for (const o of batch) await validateDelivery(stack, o.soId);
    for (const o of batch) {
      await request(stack, o.id, `mfn:${o.soId}`, SHIP_DATE);
      await request(stack, o.id, `mfn:${o.soId}`, SHIP_DATE); // a retried caller: nothing new
    }
    await runInvoiceJobs(stack, 2);
    for (const o of batch) {
      const invoices = await invoicesOf(stack, o.soId);
      expect(invoices.map((i) => [i.state, i.invoice_date]), o.id).toEqual([['posted', '2026-11-28']]);
      expect(toUnits(String(invoices[0]!.amount_total)), o.id).toBe(toUnits(o.total));
      expect(toUnits(String(invoices[0]!.amount_tax)), o.id).toBe(toUnits(o.tax));
      expect(await requestsOf(stack, o.id)).toEqual([{ shipmentKey: `mfn:${o.soId}`, state: 'invoiced', code: null, moveId: invoices[0]!.id }]);
    }
    // Several orders per wizard call: fewer calls than orders.
    expect(stack.erp.sandbox.stats().calls['sale.advance.payment.inv.create_invoices'] ?? 0).toBeLessThan(batch.length);
    // Bound: the ERP invoice of each shipment is known to the connector.
    const { rows } = await stack.env.db.pool.query(`select count(*)::int as n from binding where backend_id = $1 and kind = 'invoice'`, [stack.backendId]);
    expect(rows[0].n).toBe(batch.length);
    // A request again after it is done changes nothing.
    await request(stack, batch[0]!.id, `mfn:${batch[0]!.soId}`, SHIP_DATE);
    expect(await runInvoiceJobs(stack)).toBe(0);
  });

  it("a real seller's OSS and foreign-VAT orders: invoiced under the order's fiscal position, posted past Odoo's tax-country rule", async () => {
    const foreign = orders.filter((o) => o.marketplaceId !== DE);
    orders = orders.filter((o) => o.marketplaceId === DE);
    expect(new Set(foreign.map((o) => o.marketplaceId))).toEqual(new Set([FR, GB]));
    for (const o of foreign) await validateDelivery(stack, o.soId);
    for (const o of foreign) await request(stack, o.id, `mfn:${o.soId}`, SHIP_DATE);
    await runInvoiceJobs(stack);
    for (const o of foreign) {
      const [inv] = await invoicesOf(stack, o.soId);
      expect([inv?.state, inv?.invoice_date], o.id).toEqual(['posted', '2026-11-28']);
      expect(toUnits(String(inv!.amount_total)), o.id).toBe(toUnits(o.total));
      expect(toUnits(String(inv!.amount_tax)), o.id).toBe(toUnits(o.tax));
      const [so] = await stack.erpClient.read('sale.order', [o.soId], ['fiscal_position_id']);
      const [move] = await stack.erpClient.read('account.move', [inv!.id], ['fiscal_position_id']);
      expect(move!.fiscal_position_id, o.id).toEqual(so!.fiscal_position_id);
      expect(so!.fiscal_position_id, o.id).not.toBe(false);
    }
  });

  it("a repeat buyer's two orders in one call: two invoices, each its order's (never Odoo's consolidated one)", async () => {
    const pool = take(8);
    const read = await stack.erpClient.read('sale.order', pool.map((o) => o.soId), ['fiscal_position_id', 'partner_invoice_id', 'partner_shipping_id', 'currency_id']);
    const key = (r: Record<string, unknown>) => JSON.stringify([r.fiscal_position_id, r.currency_id]);
    const a = read.find((r) => read.some((x) => x !== r && key(x) === key(r)))!;
    const b = read.find((x) => x !== a && key(x) === key(a))!;
    orders.push(...pool.filter((o) => o.soId !== a.id && o.soId !== b.id));
    // The same customer and addresses on both, as for one buyer ordering twice.
    const same = { partner_invoice_id: (a.partner_invoice_id as [number, string])[0], partner_shipping_id: (a.partner_shipping_id as [number, string])[0] };
    await stack.erpClient.write('sale.order', [b.id], same);
    const pair = pool.filter((o) => o.soId === a.id || o.soId === b.id);
    for (const o of pair) await validateDelivery(stack, o.soId);
    for (const o of pair) await request(stack, o.id, `mfn:${o.soId}`, SHIP_DATE);
    await runInvoiceJobs(stack);
    const [ia, ib] = [await invoicesOf(stack, pair[0]!.soId), await invoicesOf(stack, pair[1]!.soId)];
    expect([ia.length, ib.length]).toEqual([1, 1]);
    expect(ia[0]!.id).not.toBe(ib[0]!.id);
    for (const [o, inv] of [[pair[0]!, ia[0]!], [pair[1]!, ib[0]!]] as const) {
      expect([inv.state, toUnits(String(inv.amount_total))], o.id).toEqual(['posted', toUnits(o.total)]);
    }
  });

  it('switched off, shipments wait; switched on, the five-minute safety net invoices them', async () => {
    const [o] = take(1);
    await validateDelivery(stack, o!.soId);
    const switchTo = (enabled: boolean) => stack.env.core.backends.update(stack.backendId, { settings: { goLive: { invoices: { enabled } } } });
    await switchTo(false);
    try {
      await request(stack, o!.id, `mfn:${o!.soId}`, SHIP_DATE);
      await runInvoiceJobs(stack);
      expect(await invoicesOf(stack, o!.soId)).toEqual([]);
      expect((await requestsOf(stack, o!.id)).map((r) => r.state)).toEqual(['waiting']);
    } finally {
      await switchTo(true);
    }
    await taskList(stack.env)[InvoiceTasks.invoiceAll]!({}, undefined as never);
    await runInvoiceJobs(stack);
    expect((await invoicesOf(stack, o!.soId)).map((i) => i.state)).toEqual(['posted']);
  });

  it('a crash after the ERP made the invoice, before it was bound: the draft is found and posted, never a second one', async () => {
    const [o] = take(1);
    await validateDelivery(stack, o!.soId);
    // What a crashed run leaves: the wizard ran, its draft invoice exists, nothing was recorded.
    const ctx = { active_model: 'sale.order', active_ids: [o!.soId] };
    const [wizard] = await stack.erpClient.create('sale.advance.payment.inv', [{ advance_payment_method: 'delivered' }], { context: ctx });
    await stack.erpClient.call('sale.advance.payment.inv', 'create_invoices', [wizard!], { context: ctx });
    expect((await invoicesOf(stack, o!.soId)).map((i) => i.state)).toEqual(['draft']);
    await request(stack, o!.id, `mfn:${o!.soId}`, SHIP_DATE);
    await runInvoiceJobs(stack);
    const invoices = await invoicesOf(stack, o!.soId);
    expect(invoices.map((i) => [i.state, i.invoice_date])).toEqual([['posted', '2026-11-28']]);
    expect(toUnits(String(invoices[0]!.amount_total))).toBe(toUnits(o!.total));
  });

  it("an invoice whose total is not Amazon's stays a draft as INVOICE_TOTAL_MISMATCH; posted once corrected and retried", async () => {
    const [o] = take(1);
    await validateDelivery(stack, o!.soId);
    const ctx = { active_model: 'sale.order', active_ids: [o!.soId] };
    const [wizard] = await stack.erpClient.create('sale.advance.payment.inv', [{ advance_payment_method: 'delivered' }], { context: ctx });
    await stack.erpClient.call('sale.advance.payment.inv', 'create_invoices', [wizard!], { context: ctx });
    const [draft] = await invoicesOf(stack, o!.soId);
    const [line] = await stack.erpClient.read('account.move.line', [(draft!.invoice_line_ids as number[])[0]!], ['price_unit']);
    // Someone edits the draft in the ERP before the connector gets to it.
    await stack.erpClient.write('account.move.line', [line!.id], { price_unit: Number(line!.price_unit) + 1 });
    await request(stack, o!.id, `mfn:${o!.soId}`, SHIP_DATE);
    await runInvoiceJobs(stack);
    const key = `mfn:${o!.soId}`;
    expect(await openConflictCodes(stack, key)).toEqual(['INVOICE_TOTAL_MISMATCH']);
    expect((await invoicesOf(stack, o!.soId)).map((i) => [i.id, i.state])).toEqual([[draft!.id, 'draft']]);
    expect(await requestsOf(stack, o!.id)).toEqual([{ shipmentKey: key, state: 'conflict', code: 'INVOICE_TOTAL_MISMATCH', moveId: draft!.id }]);

    await stack.erpClient.write('account.move.line', [line!.id], { price_unit: Number(line!.price_unit) });
    const { rows } = await stack.env.db.pool.query(`select id::int from sync_conflict where backend_id = $1 and amazon_key = $2 and status = 'open'`, [stack.backendId, key]);
    await stack.env.core.conflicts.resolve(rows[0].id, { action: 'retry', by: 'test' });
    await runInvoiceJobs(stack);
    expect((await invoicesOf(stack, o!.soId)).map((i) => [i.id, i.state, i.invoice_date])).toEqual([[draft!.id, 'posted', '2026-11-28']]);
  });

  it('a partial shipment: "delivered" invoicing makes one invoice per shipment; "ordered" invoices all at once, the second shipment binds to nothing new', async () => {
    const multi = orders.filter((o) => o.units >= 2);
    expect(multi.length).toBeGreaterThanOrEqual(2);
    const [delivered, ordered] = [multi[0]!, multi[1]!];
    orders = orders.filter((o) => o !== delivered && o !== ordered);
    const productsOf = async (soId: number) => {
      const [so] = await stack.erpClient.read('sale.order', [soId], ['order_line']);
      const lines = await stack.erpClient.read('sale.order.line', so!.order_line as number[], ['product_id']);
      return [...new Set(lines.map((l) => (l.product_id as [number, string])[0]))];
    };
    const goods = (await stack.erpClient.searchRead('product.product', [['id', 'in', await productsOf(delivered.soId)], ['type', '=', 'consu']], ['id'])).map((p) => p.id);
    await stack.erpClient.write('product.product', goods, { invoice_policy: 'delivery' });
    try {
      // One unit of each line first, the rest (a backorder) a day later.
      const first = await validateDelivery(stack, delivered.soId, 1);
      await request(stack, delivered.id, `mfn:${first}`, '2026-11-27T10:00:00Z');
      await runInvoiceJobs(stack);
      const after1 = await invoicesOf(stack, delivered.soId);
      expect(after1.map((i) => [i.state, i.invoice_date])).toEqual([['posted', '2026-11-27']]);
      expect(toUnits(String(after1[0]!.amount_total))).toBeLessThan(toUnits(delivered.total));
      const second = await validateDelivery(stack, delivered.soId);
      await request(stack, delivered.id, `mfn:${second}`, '2026-11-28T10:00:00Z');
      await runInvoiceJobs(stack);
      const after2 = await invoicesOf(stack, delivered.soId);
      expect(after2.map((i) => [i.state, i.invoice_date])).toEqual([['posted', '2026-11-27'], ['posted', '2026-11-28']]);
      // Together, Amazon's amounts, give or take a cent per line split over the two (each invoice rounds its tax).
      const near = (a: bigint, b: bigint, lines: number) => (a > b ? a - b : b - a) <= BigInt(lines) * 100n; // 1 cent = 100 units of 10^-4
      const lines = (after2[1]!.invoice_line_ids as number[]).length;
      expect(near(after2.reduce((s, i) => s + toUnits(String(i.amount_total)), 0n), toUnits(delivered.total), lines)).toBe(true);
      expect(near(after2.reduce((s, i) => s + toUnits(String(i.amount_tax)), 0n), toUnits(delivered.tax), lines)).toBe(true);
      expect((await requestsOf(stack, delivered.id)).map((r) => r.state)).toEqual(['invoiced', 'invoiced']);
    } finally {
      await stack.erpClient.write('product.product', goods, { invoice_policy: 'order' });
    }

    // "Ordered quantities" (the ERP's default): the first shipment's invoice covers the whole order.
    const first = await validateDelivery(stack, ordered.soId, 1);
    await request(stack, ordered.id, `mfn:${first}`, SHIP_DATE);
    await runInvoiceJobs(stack);
    const second = await validateDelivery(stack, ordered.soId);
    await request(stack, ordered.id, `mfn:${second}`, SHIP_DATE);
    await runInvoiceJobs(stack);
    const invoices = await invoicesOf(stack, ordered.soId);
    expect(invoices.map((i) => i.state)).toEqual(['posted']);
    expect(toUnits(String(invoices[0]!.amount_total))).toBe(toUnits(ordered.total));
    expect((await requestsOf(stack, ordered.id)).map((r) => [r.state, r.moveId])).toEqual([['invoiced', invoices[0]!.id], ['covered', null]]);
  });

  it("Odoo's tax-country rule refuses the invoice: a conflict with Odoo's message, the others invoiced; retried once fixed", async () => {
    const batch = take(3);
    for (const o of batch) await validateDelivery(stack, o.soId);
    const erp = stack.erpClient;
    const [company] = await erp.read('res.company', [1], ['account_fiscal_country_id']);
    const [us] = await erp.search('res.country', [['code', '=', 'US']]);
    // The company's fiscal country changed behind the connector's back: its VAT no longer fits the invoices.
    await erp.write('res.company', [1], { account_fiscal_country_id: us });
    try {
      await request(stack, batch[0]!.id, `mfn:${batch[0]!.soId}`, SHIP_DATE);
      await runInvoiceJobs(stack);
    } finally {
      await erp.write('res.company', [1], { account_fiscal_country_id: (company!.account_fiscal_country_id as [number, string])[0] });
    }
    for (const o of batch.slice(1)) await request(stack, o.id, `mfn:${o.soId}`, SHIP_DATE);
    await runInvoiceJobs(stack);
    const key = `mfn:${batch[0]!.soId}`;
    const codes = await openConflictCodes(stack, key);
    expect(codes.length).toBe(1);
    expect(['INVOICE_REFUSED', 'INVOICE_POST_REFUSED']).toContain(codes[0]);
    const { rows } = await stack.env.db.pool.query(`select message from sync_conflict where backend_id = $1 and amazon_key = $2 and status = 'open'`, [stack.backendId, key]);
    expect(rows[0].message).toMatch(/incompatible with your fiscal country|not compatible with your fiscal position/);
    expect((await invoicesOf(stack, batch[0]!.soId)).filter((i) => i.state === 'posted')).toEqual([]);
    for (const o of batch.slice(1)) expect((await invoicesOf(stack, o.soId)).map((i) => i.state)).toEqual(['posted']);

    // Fixed (the fiscal country is back): "retry" invoices it, once.
    const { rows: c } = await stack.env.db.pool.query(`select id::int from sync_conflict where backend_id = $1 and amazon_key = $2 and status = 'open'`, [stack.backendId, key]);
    await stack.env.core.conflicts.resolve(c[0].id, { action: 'retry', by: 'test' });
    await runInvoiceJobs(stack);
    const invoices = await invoicesOf(stack, batch[0]!.soId);
    expect(invoices.map((i) => [i.state, i.invoice_date])).toEqual([['posted', '2026-11-28']]);
    expect(await openConflictCodes(stack, key)).toEqual([]);

    // What the API shows: the order's invoice, and the backend's counts per state.
    const api = await startApi(stack);
    try {
      const list = await api.get<{ items: Array<Record<string, unknown>> }>(`/api/backends/${stack.backendId}/invoices?orderId=${batch[0]!.id}`);
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([expect.objectContaining({ shipmentKey: key, state: 'invoiced', reason: null, erp: { model: 'account.move', id: invoices[0]!.id, name: invoices[0]!.name } })]);
      expect((await api.get(`/api/backends/999999/invoices`)).status).toBe(404);
      const backend = await api.get<{ sync: { flows: Record<string, Record<string, number>> } }>(`/api/backends/${stack.backendId}`);
      expect(backend.body.sync.flows.invoices).toMatchObject({ invoiced: expect.any(Number), covered: 1 });
      expect(backend.body.sync.flows.invoices!.invoiced).toBeGreaterThan(20);
    } finally {
      await api.close();
    }
  });
});

describe("the demo's German seller on Amazon.co.uk: merchant orders shipped, confirmed and invoiced without the VAT Amazon withheld", () => {
  let stack: Stack;
  beforeAll(async () => {
    // The demo's EU seller as the demo has it: a German company (UK sales up to GBP 135 are Amazon's to tax as
    // deemed supplier), its items in the model's own shape (VAT-inclusive, no TAX breakdown).
    const sellers = [{ ...DEFAULT_SELLERS[0]!, world: LEGACY_WORLD }, DEFAULT_SELLERS[1]!];
    stack = await startStack({
      adminUrl: inject('pgAdminUrl'), label: 'invoices_uk', amazon: { sellers }, erpSandbox: { modules: ['stock_delivery'] },
      settings: { goLive: { shipments: { enabled: true } } },
    });
  }, 120_000);
  afterAll(async () => stack?.close());

  it('each shipment confirmed to Amazon is invoiced at the ERP order\'s amounts, withheld VAT or not, and posted', async () => {
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 12, marketplaceId: GB, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
    const raw = (id: string) => stack.amazon.getOrder(id).order as unknown as { orderItems: Array<{ tax?: { taxCollections?: Array<{ model: string }> } }> };
    const withheld = (id: string) => raw(id).orderItems.every((i) => i.tax?.taxCollections?.some((c) => c.model === 'MARKETPLACE_FACILITATOR'));
    await sweepAndImport(stack);
    const cases: Array<{ id: string; total: string; soId: number; withheld: boolean }> = [];
    for (const id of ids) {
      const exp = expectationOf(stack.amazon.getOrder(id).order as unknown as SandboxOrder);
      if (exp.kind !== 'import') continue;
      cases.push({ id, total: exp.total, soId: (await theErpOrder(stack, id)).id, withheld: withheld(id) });
    }
    // Both kinds: Amazon the deemed supplier (GBP 135 or less) and the seller's own sale (above it).
    expect(cases.some((c) => c.withheld)).toBe(true);
    expect(cases.some((c) => !c.withheld)).toBe(true);
    const carrier = await erpCarrier(stack, 'DPD Classic');
    const pickings: number[] = [];
    for (const [n, c] of cases.entries()) {
      const picking = await openDelivery(stack, c.id);
      await validateShipment(stack, picking, { carrierId: carrier, tracking: String(10_000_000_000_000 + (n + 1) * 7919) });
      pickings.push(picking);
    }
    await confirmDeliveries(stack, pickings);
    await runInvoiceJobs(stack);
    for (const [n, c] of cases.entries()) {
      expect(await openConflictCodes(stack, c.id), c.id).toEqual([]);
      const so = (await stack.erpClient.read('sale.order', [c.soId], ['amount_total', 'amount_tax']))[0]!;
      expect(toUnits(String(so.amount_total)), c.id).toBe(toUnits(c.total));
      // Above GBP 135 the German seller exports (0 %: the buyer pays the import VAT), at or below it Amazon keeps
      // the VAT: the seller bills none either way.
      expect(toUnits(String(so.amount_tax)), c.id).toBe(0n);
      const invoices = await invoicesOf(stack, c.soId);
      expect(invoices.map((i) => i.state), c.id).toEqual(['posted']);
      expect([toUnits(String(invoices[0]!.amount_total)), toUnits(String(invoices[0]!.amount_tax))], c.id).toEqual([toUnits(c.total), 0n]);
      expect(await requestsOf(stack, c.id), c.id).toEqual([{ shipmentKey: `mfn:${pickings[n]}`, state: 'invoiced', code: null, moveId: invoices[0]!.id }]);
    }
  });
});
