/**
 * Amazon-fulfilled (FBA) orders and the inventory pools, end to end (real PostgreSQL, both sandboxes over HTTP), for
 * the EU seller (Pan-EU pool EU: DE, FR, IT, PL, SE; the UK its own pool): one ERP warehouse per pool with Stock and
 * Unsellable, made once however often the set-up runs; each pool seeded once from Amazon's inventory summaries; a
 * shipped FBA order of each pool imported with its delivery leaving its pool's warehouse, validated with the
 * quantities Amazon shipped exactly once (two passes at once, then again), its invoice asked once; fewer units
 * shipped than ordered leave no backorder; an FBA order not shipped yet waits; FBA orders without buyer data share one customer per marketplace.
 * The seller is the demo's German one: its UK FBA orders (Amazon the deemed supplier, VAT-inclusive items without a
 * TAX breakdown) are invoiced and posted at the ERP order's amounts, net of the VAT Amazon withheld.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_SELLERS } from '../sandbox/amazon/src/config.ts';
import { LEGACY_WORLD } from '../sandbox/amazon/src/index.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { openConflictCodes, sweepAndImport, syncStateOf, theErpOrder } from './support/lifecycle.ts';
import { invoicesOf, requestsOf, runInvoiceJobs } from './support/invoicing.ts';
import { toUnits } from './support/money.ts';
import { expectationOf } from './support/expected-orders.ts';
import { runSetup } from '../connector/src/sync/frame/setup.ts';
import { flows } from '../connector/src/sync/flows.ts';
import { deliverFbaOrders, poolLocations, poolLockKey, seedPools } from '../connector/src/sync/fba/index.ts';

const DE = 'A1PA6795UKMFR9';
const FR = 'A13V1IB3VIYZZH';
const UK = 'A1F83G8C2ARO7P';
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the sandbox's raw orders, read loosely as a test does
type Raw = Record<string, any>;
const catalogue = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'sandbox', 'catalogue', 'catalogue.json'), 'utf8')) as {
  notInErp: string[];
  aliases: Record<string, string>;
};
const notInErp = new Set(catalogue.notInErp);

describe('FBA orders and the inventory pools', () => {
  let stack: Stack;
  beforeAll(async () => {
    // The demo's EU seller as the demo has it: a German company (its UK sales Amazon's to tax as deemed supplier),
    // its items in the model's own shape (VAT-inclusive, no TAX breakdown).
    const sellers = [{ ...DEFAULT_SELLERS[0]!, world: LEGACY_WORLD }, DEFAULT_SELLERS[1]!];
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'fba', amazon: { sellers }, settings: { goLive: { fba: { enabled: true } } } });
    // The seller's FBA listings (`MUG-CER-BLUE-FBA`) are other SKUs of its ERP products: its SKU table says so.
    const targets = await stack.erpClient.searchRead('product.product', [['default_code', 'in', Object.values(catalogue.aliases)]], ['default_code']);
    const idOf = new Map(targets.map((p) => [p.default_code as string, p.id]));
    await stack.env.core.lookups.put(stack.backendId, 'sku_map', Object.entries(catalogue.aliases).map(([sku, target]) => ({ key: sku, value: { productId: idOf.get(target)! } })));
  });
  afterAll(async () => stack?.close());

  const erp = () => stack.erpClient;
  const setUpAgain = async () => {
    const rt = await stack.env.runtimes.get(stack.backendId);
    return runSetup(flows, { core: stack.env.core, erp: rt.erp, backend: await stack.env.core.backends.get(stack.backendId) });
  };
  /** What the import of FBA order `id` should give: as a merchant order with its FBA listings' SKUs replaced by their ERP products' (the SKU table above). */
  const expectationOfFba = (id: string) => {
    const o = stack.amazon.getOrder(id).order as Raw;
    const items = (o.orderItems as Raw[]).map((i) => ({ ...i, product: { ...i.product, sellerSku: catalogue.aliases[i.product.sellerSku] ?? i.product.sellerSku } }));
    if (items.some((i) => notInErp.has(i.product.sellerSku))) return null;
    return expectationOf({ ...o, orderItems: items, fulfillment: { ...o.fulfillment, fulfilledBy: 'MERCHANT' } } as never);
  };
  /** Shipped FBA orders of `marketplaceId` the import takes (their SKUs are ERP products). */
  const shippedFba = (marketplaceId: string, count: number): string[] =>
    stack.amazon
      .generateOrders({ sellerId: stack.sellerId, count, status: 'SHIPPED', marketplaceId, fulfilledBy: 'AMAZON', business: false })
      .filter((id) => expectationOfFba(id)?.kind === 'import');
  const quantityAt = async (productId: number, locationId: number): Promise<number> => {
    const quants = await erp().searchRead('stock.quant', [['product_id', '=', productId], ['location_id', '=', locationId]], ['quantity']);
    return quants.reduce((s, q) => s + Number(q.quantity), 0);
  };

  it('makes one warehouse per pool with Stock and Unsellable, once, however often the set-up runs', async () => {
    const again = await setUpAgain();
    await setUpAgain();
    expect(again.problems.filter((p) => p.code.startsWith('FBA'))).toEqual([]);
    const warehouses = await erp().searchRead('stock.warehouse', [['code', 'like', 'FBA%']], ['name', 'code']);
    expect(warehouses.map((w) => [w.code, w.name]).sort()).toEqual([['FBAEU', 'Amazon FBA EU'], ['FBAUK', 'Amazon FBA UK']]);
    for (const pool of ['EU', 'UK']) {
      const loc = (await poolLocations(stack.env.core.binder, stack.backendId, pool))!;
      expect(loc.warehouseId).toBe(warehouses.find((w) => w.code === `FBA${pool}`)!.id);
      const unsellable = await erp().searchRead('stock.location', [['name', '=', 'Unsellable'], ['warehouse_id', '=', loc.warehouseId]], ['complete_name']);
      expect(unsellable.map((l) => [l.id, l.complete_name])).toEqual([[loc.unsellableLocationId, `FBA${pool}/Unsellable`]]);
      const [wh] = await erp().read('stock.warehouse', [loc.warehouseId], ['lot_stock_id']);
      expect((wh!.lot_stock_id as [number, string])[0]).toBe(loc.stockLocationId);
    }
  });

  it("seeds each pool once from Amazon's snapshot: fulfillable into Stock, unfulfillable into Unsellable", async () => {
    const rt = await stack.env.runtimes.get(stack.backendId);
    const [first, second] = await Promise.all([seedPools(stack.env, stack.backendId), seedPools(stack.env, stack.backendId)]);
    expect([...first, ...second].sort()).toEqual(['EU', 'UK']);
    expect(await seedPools(stack.env, stack.backendId)).toEqual([]);
    const eu = (await poolLocations(stack.env.core.binder, stack.backendId, 'EU'))!;
    expect(eu.seeded?.marketplaceId).toBe(DE);
    const summaries = await rt.amazon.fbaInventory.allInventorySummaries({ marketplaceId: FR });
    const withStock = summaries.filter((s) => (s.inventoryDetails?.fulfillableQuantity ?? 0) > 0).slice(0, 5);
    expect(withStock.length).toBeGreaterThan(0);
    // Per ERP product: the SKUs of the snapshot that are it (its own and its FBA listing's) added up.
    const productCode = (sku: string) => catalogue.aliases[sku] ?? sku;
    const byCode = new Map<string, { sellable: number; unsellable: number }>();
    for (const s of summaries) {
      if (!s.sellerSku || notInErp.has(s.sellerSku)) continue;
      const q = byCode.get(productCode(s.sellerSku)) ?? { sellable: 0, unsellable: 0 };
      q.sellable += s.inventoryDetails?.fulfillableQuantity ?? 0;
      q.unsellable += s.inventoryDetails?.unfulfillableQuantity?.totalUnfulfillableQuantity ?? 0;
      byCode.set(productCode(s.sellerSku), q);
    }
    const products = await erp().searchRead('product.product', [['default_code', 'in', withStock.map((s) => productCode(s.sellerSku!))]], ['default_code']);
    expect(products.length).toBeGreaterThan(0);
    for (const p of products) {
      const q = byCode.get(p.default_code as string)!;
      expect(await quantityAt(p.id, eu.stockLocationId)).toBe(q.sellable);
      expect(await quantityAt(p.id, eu.unsellableLocationId)).toBe(q.unsellable);
    }
  });

  it("imports shipped FBA orders of two pools leaving their pool's warehouse, validated with Amazon's quantities exactly once", async () => {
    const de = shippedFba(DE, 4);
    const uk = shippedFba(UK, 3);
    const waiting = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 2, status: 'UNSHIPPED', marketplaceId: DE, fulfilledBy: 'AMAZON' });
    expect(de.length).toBeGreaterThan(0);
    expect(uk.length).toBeGreaterThan(0);
    await sweepAndImport(stack);
    for (const id of waiting) expect(await syncStateOf(stack, id)).toEqual({ state: 'waiting', code: 'FBA_NOT_SHIPPED' });

    const pools = { EU: (await poolLocations(stack.env.core.binder, stack.backendId, 'EU'))!, UK: (await poolLocations(stack.env.core.binder, stack.backendId, 'UK'))! };
    const cases = [...de.map((id) => ({ id, pool: pools.EU })), ...uk.map((id) => ({ id, pool: pools.UK }))];
    const stockBefore = new Map<string, number>();
    for (const { id, pool } of cases) {
      const so = await theErpOrder(stack, id, ['warehouse_id', 'picking_ids']);
      expect(so.state).toBe('sale');
      expect((so.warehouse_id as [number, string])[0]).toBe(pool.warehouseId);
      const [picking] = await erp().read('stock.picking', so.picking_ids as number[], ['location_id', 'state']);
      expect((picking!.location_id as [number, string])[0]).toBe(pool.stockLocationId);
      expect(picking!.state).not.toBe('done');
    }
    // Units per product and pool before the deliveries, to see them leave.
    const shippedPerPoolProduct = new Map<string, number>();
    for (const { id, pool } of cases) {
      const o = stack.amazon.getOrder(id).order as Raw;
      for (const item of o.orderItems as Raw[]) {
        const [p] = await erp().searchRead('product.product', [['default_code', '=', catalogue.aliases[item.product.sellerSku] ?? item.product.sellerSku]], ['id']);
        const key = `${pool.stockLocationId}:${p!.id}`;
        if (!stockBefore.has(key)) stockBefore.set(key, await quantityAt(p!.id, pool.stockLocationId));
        shippedPerPoolProduct.set(key, (shippedPerPoolProduct.get(key) ?? 0) + Number(item.fulfillment.quantityFulfilled));
      }
    }

    // Two passes at once (two workers), then another: each delivery validated once.
    const validations = () => stack.erp.sandbox.stats().calls['stock.picking.button_validate'] ?? 0;
    const before = validations();
    const [a, b] = await Promise.all([deliverFbaOrders(stack.env, stack.backendId), deliverFbaOrders(stack.env, stack.backendId)]);
    const again = await deliverFbaOrders(stack.env, stack.backendId);
    expect(a.conflicts + b.conflicts + again.conflicts).toBe(0);
    expect(validations() - before).toBe(cases.length);
    expect(again.delivered).toBe(0);

    for (const { id } of cases) {
      const so = await theErpOrder(stack, id, ['picking_ids']);
      const pickings = await erp().read('stock.picking', so.picking_ids as number[], ['state', 'move_ids']);
      expect(pickings.map((p) => p.state)).toEqual(['done']);
      const o = stack.amazon.getOrder(id).order as Raw;
      const moves = await erp().read('stock.move', pickings[0]!.move_ids as number[], ['quantity', 'state']);
      const shipped = (o.orderItems as Raw[]).reduce((s, i) => s + Number(i.fulfillment.quantityFulfilled), 0);
      expect(moves.filter((m) => m.state === 'done').reduce((s, m) => s + Number(m.quantity), 0)).toBe(shipped);
    }
    for (const [key, units] of shippedPerPoolProduct) {
      const [locationId, productId] = key.split(':').map(Number);
      expect(await quantityAt(productId!, locationId!)).toBe(stockBefore.get(key)! - units);
    }
    // One invoice request per order, keyed by its FBA shipment, dated on Amazon's ship date.
    const { rows } = await stack.env.db.pool.query<{ shipment_key: string; amazon_order_id: string }>(
      `select shipment_key, amazon_order_id from invoice_request where backend_id = $1 and amazon_order_id = any($2::text[])`, [stack.backendId, cases.map((c) => c.id)]);
    expect(rows.map((r) => r.shipment_key).sort()).toEqual(cases.map((c) => `fba:${c.id}`).sort());
  });

  it("invoices UK FBA orders Amazon is the deemed supplier of at Amazon's amounts less the VAT it withheld", async () => {
    // The demo's German seller selling from UK stock: Amazon accounts for the UK VAT, the items come VAT-inclusive
    // without a TAX breakdown; the ERP order and its invoice hold the amounts without that VAT.
    const uk = shippedFba(UK, 6);
    expect(uk.length).toBeGreaterThan(0);
    for (const id of uk) {
      const items = (stack.amazon.getOrder(id).order as Raw).orderItems as Raw[];
      expect(items.every((i) => i.tax?.taxCollections?.some((c: Raw) => c.model === 'MARKETPLACE_FACILITATOR') && !i.proceeds.breakdowns.some((b: Raw) => b.type === 'TAX')), id).toBe(true);
    }
    await sweepAndImport(stack);
    const r = await deliverFbaOrders(stack.env, stack.backendId);
    expect(r.conflicts).toBe(0);
    await runInvoiceJobs(stack);
    for (const id of uk) {
      expect(await openConflictCodes(stack, id), id).toEqual([]);
      const exp = expectationOfFba(id) as { total: string; tax: string };
      const so = await theErpOrder(stack, id, ['amount_total', 'amount_tax']);
      expect(toUnits(String(so.amount_total)), id).toBe(toUnits(exp.total));
      const invoices = await invoicesOf(stack, so.id);
      expect(invoices.map((i) => i.state), id).toEqual(['posted']);
      expect([toUnits(String(invoices[0]!.amount_total)), toUnits(String(invoices[0]!.amount_tax))], id).toEqual([toUnits(exp.total), 0n]);
      expect(await requestsOf(stack, id), id).toEqual([{ shipmentKey: `fba:${id}`, state: 'invoiced', code: null, moveId: invoices[0]!.id }]);
    }
  });

  it('validates a delivery Amazon shipped fewer units of without leaving a backorder', async () => {
    let template: Raw | undefined;
    for (let round = 0; round < 5 && !template; round++) {
      template = shippedFba(DE, 10).map((id) => stack.amazon.getOrder(id).order as Raw).find((o) => (o.orderItems as Raw[]).some((i) => i.quantityOrdered >= 2));
    }
    expect(template).toBeDefined();
    const orderId = `${template!.orderId.slice(0, 4)}8000001${template!.orderId.slice(11)}`;
    const items = (template!.orderItems as Raw[]).map((i) =>
      i.quantityOrdered >= 2 ? { ...i, fulfillment: { ...i.fulfillment, quantityFulfilled: i.quantityOrdered - 1, quantityUnfulfilled: 1 } } : i);
    const [id] = stack.amazon.addOrders(stack.sellerId, [{ ...template!, orderId, orderItems: items }]);
    await sweepAndImport(stack);
    const shipped = items.reduce((s, i) => s + Number(i.fulfillment.quantityFulfilled), 0);
    const ordered = items.reduce((s, i) => s + Number(i.quantityOrdered), 0);
    expect(shipped).toBeLessThan(ordered);
    const r = await deliverFbaOrders(stack.env, stack.backendId);
    expect(r.conflicts).toBe(0);
    expect(r.delivered).toBeGreaterThan(0);
    const so = await theErpOrder(stack, id!, ['picking_ids']);
    const pickings = await erp().read('stock.picking', so.picking_ids as number[], ['state', 'move_ids', 'backorder_id']);
    // One delivery, done with what Amazon shipped; the rest cancelled, no backorder waiting in the pool.
    expect(pickings.map((p) => p.state)).toEqual(['done']);
    const moves = await erp().read('stock.move', pickings[0]!.move_ids as number[], ['quantity', 'state']);
    expect(moves.filter((m) => m.state === 'done').reduce((s, m) => s + Number(m.quantity), 0)).toBe(shipped);
  });

  it("leaves a pool's delivery while the pool's lock is held (a snapshot, an approved count) and validates it once free", async () => {
    const ids = shippedFba(DE, 2);
    expect(ids.length).toBeGreaterThan(0);
    await sweepAndImport(stack);
    // fba-stock's snapshot or approved count holds this very key while it reads and counts the pool's stock
    const holder = await stack.env.core.locker.session();
    try {
      expect((await holder.tryLock([poolLockKey(stack.backendId, 'EU')])).obtained).toHaveLength(1);
      const held = await deliverFbaOrders(stack.env, stack.backendId);
      expect([held.delivered, held.busy]).toEqual([0, ids.length]);
      const so = await theErpOrder(stack, ids[0]!, ['picking_ids']);
      expect((await erp().read('stock.picking', so.picking_ids as number[], ['state'])).map((p) => p.state)).not.toContain('done');
    } finally {
      await holder.close();
    }
    const free = await deliverFbaOrders(stack.env, stack.backendId);
    expect([free.delivered, free.busy]).toEqual([ids.length, 0]);
    const so = await theErpOrder(stack, ids[0]!, ['picking_ids']);
    expect((await erp().read('stock.picking', so.picking_ids as number[], ['state'])).map((p) => p.state)).toEqual(['done']);
  });

  it('puts FBA orders without buyer data on one customer per marketplace, looked up before created', async () => {
    const templates = [...shippedFba(DE, 3).slice(0, 2), ...shippedFba(FR, 2).slice(0, 1)];
    expect(templates.length).toBe(3);
    const anonymous = templates.map((id, i) => {
      const { buyer: _b, recipient: _r, ...o } = stack.amazon.getOrder(id).order as Raw;
      return { ...o, orderId: `${id.slice(0, 4)}${String(9_000_000 + i)}${id.slice(11)}` } as Raw;
    });
    const ids = stack.amazon.addOrders(stack.sellerId, anonymous);
    await sweepAndImport(stack);
    const partners = await Promise.all(ids.map(async (id) => ((await theErpOrder(stack, id, ['partner_id'])).partner_id as [number, string])));
    const de = anonymous.filter((o) => o.salesChannel.marketplaceId === DE).length;
    expect(partners.slice(0, de).map((p) => p[1])).toEqual(Array(de).fill('Amazon FBA customer (amazon.de)'));
    expect(new Set(partners.slice(0, de).map((p) => p[0])).size).toBe(1);
    expect(partners[de]![1]).toBe('Amazon FBA customer (amazon.fr)');
    expect(await erp().search('res.partner', [['name', '=', 'Amazon FBA customer (amazon.de)']])).toHaveLength(1);
  });
});
