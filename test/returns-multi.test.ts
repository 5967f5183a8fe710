/**
 * Merchant returns of several SKUs under one RMA, and of units shipped in several deliveries, end to end against
 * both sandboxes over HTTP and both ERP faces (the Reports core's jobs run as the worker would). What a warehouse
 * person checks: an RMA of two SKUs is one return picking of the delivery with a line per SKU, each SKU bound once;
 * a SKU the report adds to the RMA after its picking was made gets a picking of its own, the first left alone; a crash
 * right after the wizard of a two-line picking leaves it found, not made twice; units shipped in a partial delivery
 * and its backorder come back in one picking per delivery, each with what that delivery shipped.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { amazonAdmin } from './support/amazon.ts';
import { runTasks, sweepAndImport, theErpOrder } from './support/lifecycle.ts';
import { validateDelivery } from './support/invoicing.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { ReturnTasks, returnKey } from '../connector/src/sync/returns/index.ts';
import { returnPickingGateway, rmaTag } from '../connector/src/sync/returns/erp/return-picking.gateway.ts';

const DE = 'A1PA6795UKMFR9';
interface Order { id: string; soId: number; items: Array<{ sku: string; units: number }> }
interface Staged { orderId: string; rmaId: string; sku: string; quantity: number }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const erpTransport of ['json2', 'jsonrpc'] as const) {
  describe(`merchant returns of several SKUs and deliveries (ERP over ${erpTransport})`, () => {
    let stack: Stack;
    let multiSku: Order[];
    let multiUnit: Order[];
    let skewMs = 0;

    beforeAll(async () => {
      const plans = { searchOrders: { rate: 5, burst: 100 }, createReport: { rate: 5, burst: 100 }, getReport: { rate: 10, burst: 100 } };
      stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: `returns-multi-${erpTransport}`, erpTransport, settings: { rateOverrides: plans },
        amazon: { now: () => Date.now() + skewMs, returnShare: 0, refundShare: 0, reportProcessingSeconds: 0.3, usagePlans: plans } });
      const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 40, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
      await sweepAndImport(stack);
      multiSku = [];
      multiUnit = [];
      for (const id of ids) {
        const so = await theErpOrder(stack, id).catch(() => null);
        if (so?.state !== 'sale') continue;
        const lines = (stack.amazon.getOrder(id).order as { orderItems: Array<{ product: { sellerSku: string }; quantityOrdered: number }> }).orderItems;
        const items = lines.map((l) => ({ sku: l.product.sellerSku, units: l.quantityOrdered }));
        if (new Set(items.map((i) => i.sku)).size !== items.length) continue;
        if (items.length >= 2) multiSku.push({ id, soId: so.id, items });
        else if (items[0]!.units >= 2) multiUnit.push({ id, soId: so.id, items });
      }
      expect(multiSku.length).toBeGreaterThanOrEqual(3);
      expect(multiUnit.length).toBeGreaterThanOrEqual(1);
      await stack.env.core.backends.update(stack.backendId, { marketplaceIds: [DE], settings: { goLive: { returns: { enabled: true } } } });
    }, 180_000);
    afterAll(async () => stack?.close());

    /** A return on Amazon (admin route), requested ten minutes ago; answers its RMA id. */
    async function returnOnAmazon(o: Order, body: { sku: string; quantity?: number; rma?: string; reason?: string }): Promise<string> {
      skewMs = -10 * 60_000;
      try {
        const r = await amazonAdmin(stack.amazon, `orders/${o.id}/return`, { quantity: 1, refund: false, ...body }) as { return: { rmaId: string } };
        return r.return.rmaId;
      } finally {
        skewMs = 0;
      }
    }
    async function sweep(more: readonly string[] = [ReturnTasks.receive]): Promise<void> {
      await taskList(stack.env)[ReturnTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
      await runTasks(stack, ['reports:create']);
      for (let i = 0; i < 40; i++) {
        const { rows } = await stack.env.db.pool.query(`select count(*)::int as n from report_request where backend_id = $1 and flow = 'returns' and state in ('requested', 'processing')`, [stack.backendId]);
        if (rows[0].n === 0) break;
        await sleep(100);
        await stack.env.db.pool.query(`update graphile_worker._private_jobs set run_at = now() where key like 'reports:poll:%'`);
        await runTasks(stack, ['reports:create', 'reports:poll']);
      }
      await runTasks(stack, more);
    }
    const staged = async (o: Order): Promise<Staged[]> =>
      (await stack.env.db.pool.query<Staged>(`select order_id as "orderId", rma_id as "rmaId", sku, quantity from merchant_return where backend_id = $1 and order_id = $2 order by sku`, [stack.backendId, o.id])).rows;
    const returnsOf = (deliveryId: number) =>
      stack.erpClient.searchRead('stock.picking', [['return_id', '=', deliveryId], ['state', '!=', 'cancel']], ['name', 'state', 'origin', 'note'], { order: 'id asc' });
    /** A picking's units per SKU. */
    const linesOf = async (pickingId: number) => {
      const moves = await stack.erpClient.searchRead('stock.move', [['picking_id', '=', pickingId]], ['product_uom_qty', 'product_id']);
      const codes = new Map((await stack.erpClient.read('product.product', moves.map((m) => (m.product_id as [number, string])[0]), ['default_code'])).map((p) => [p.id, p.default_code]));
      return Object.fromEntries(moves.map((m) => [codes.get((m.product_id as [number, string])[0]), Number(m.product_uom_qty)]));
    };
    const stateOf = async (key: string) =>
      (await stack.env.db.pool.query(`select state, code from record_state where backend_id = $1 and flow = 'returns' and key = $2`, [stack.backendId, key])).rows[0];
    const boundTo = async (key: string) => (await stack.env.core.binder.toErp(stack.backendId, 'return', key))?.erpId;
    const ship = async (o: Order, units?: number) => {
      const d = await validateDelivery(stack, o.soId, units);
      stack.amazon.updateOrder(o.id, { fulfillmentStatus: 'SHIPPED' });
      return d;
    };

    it('an RMA of two SKUs is one return picking with a line per SKU, each SKU bound once; read and run again, still one', async () => {
      const o = multiSku.shift()!;
      const delivery = await ship(o);
      const [a, b] = o.items;
      const rma = await returnOnAmazon(o, { sku: a!.sku, reason: 'DEFECTIVE' });
      await returnOnAmazon(o, { sku: b!.sku, rma });
      await sweep();
      const s = await staged(o);
      expect(s.map((x) => x.rmaId)).toEqual([rma, rma]);
      const pickings = await returnsOf(delivery);
      expect(pickings).toHaveLength(1);
      expect(await linesOf(pickings[0]!.id)).toEqual({ [a!.sku]: 1, [b!.sku]: 1 });
      expect(String(pickings[0]!.origin)).toContain(rmaTag(rma));
      expect(String(pickings[0]!.note)).toContain(a!.sku);
      expect(String(pickings[0]!.note)).toContain(b!.sku);
      for (const x of s) {
        expect(await boundTo(returnKey(x))).toBe(pickings[0]!.id);
        expect(await stateOf(returnKey(x))).toEqual({ state: 'waiting', code: null });
      }
      await sweep();
      for (const x of s) await taskList(stack.env)[ReturnTasks.receive]!({ backendId: stack.backendId, orderId: x.orderId, rmaId: x.rmaId, sku: x.sku }, undefined as never);
      expect((await returnsOf(delivery)).map((p) => p.id)).toEqual([pickings[0]!.id]);
    });

    it('a SKU added to the RMA after its picking was made gets a picking of its own; the first is left as it was', async () => {
      const o = multiSku.shift()!;
      const delivery = await ship(o);
      const [a, b] = o.items;
      const rma = await returnOnAmazon(o, { sku: a!.sku });
      await sweep();
      const [first] = await returnsOf(delivery);
      expect(await linesOf(first!.id)).toEqual({ [a!.sku]: 1 });
      await returnOnAmazon(o, { sku: b!.sku, rma });
      await sweep();
      const after = await returnsOf(delivery);
      expect(after.map((p) => p.id)[0]).toBe(first!.id);
      expect(after).toHaveLength(2);
      expect(await linesOf(first!.id)).toEqual({ [a!.sku]: 1 });
      expect(await linesOf(after[1]!.id)).toEqual({ [b!.sku]: 1 });
      expect(await boundTo(returnKey({ orderId: o.id, rmaId: rma, sku: b!.sku }))).toBe(after[1]!.id);
    });

    it('a crash right after the wizard of a two-line picking (noted before it): found and bound to both SKUs, never made twice', async () => {
      const o = multiSku.shift()!;
      const delivery = await ship(o);
      const [a, b] = o.items;
      const rma = await returnOnAmazon(o, { sku: a!.sku });
      await returnOnAmazon(o, { sku: b!.sku, rma });
      await sweep([]);
      const s = await staged(o);
      const moves = await stack.erpClient.searchRead('stock.move', [['picking_id', '=', delivery]], ['product_id']);
      const codes = new Map((await stack.erpClient.read('product.product', moves.map((m) => (m.product_id as [number, string])[0]), ['default_code'])).map((p) => [p.default_code, p.id]));
      const lines = s.map((x) => ({ key: returnKey(x), productId: codes.get(x.sku) as number, units: 1 }));
      const creating = { deliveryId: delivery, knownReturns: [], lines };
      await stack.env.core.states.set(stack.backendId, 'returns', s.map((x) => ({ key: returnKey(x), state: 'creating', detail: { creating } })));
      const made = await returnPickingGateway(stack.erpClient).createReturn(delivery, lines.map((l) => ({ productId: l.productId, units: 1 })));
      await runTasks(stack, [ReturnTasks.receive]);
      const after = await returnsOf(delivery);
      expect(after.map((p) => p.id)).toEqual([made]);
      expect(String(after[0]!.origin)).toContain(rmaTag(rma));
      for (const x of s) expect(await boundTo(returnKey(x))).toBe(made);
    });

    it('units shipped in a partial delivery and its backorder come back in one picking per delivery, each what it shipped', async () => {
      const o = multiUnit.shift()!;
      const sku = o.items[0]!.sku;
      const first = await validateDelivery(stack, o.soId, 1);
      const second = await ship(o);
      expect(second).not.toBe(first);
      const rma = await returnOnAmazon(o, { sku, quantity: 2 });
      await sweep();
      const [s] = await staged(o);
      expect(s!.quantity).toBe(2);
      const [p1] = await returnsOf(first);
      const [p2] = await returnsOf(second);
      expect(await linesOf(p1!.id)).toEqual({ [sku]: 1 });
      expect(await linesOf(p2!.id)).toEqual({ [sku]: 1 });
      for (const p of [p1!, p2!]) expect(String(p.origin)).toContain(rmaTag(rma));
      const key = returnKey(s!);
      expect(await boundTo(key)).toBe(p1!.id);
      expect(await boundTo(`${key}@${second}`)).toBe(p2!.id);
      expect(await stateOf(key)).toEqual({ state: 'waiting', code: null });
      // Run again: nothing more. The warehouse receives both: received.
      await taskList(stack.env)[ReturnTasks.receive]!({ backendId: stack.backendId, orderId: s!.orderId, rmaId: s!.rmaId, sku: s!.sku }, undefined as never);
      expect((await returnsOf(first)).length + (await returnsOf(second)).length).toBe(2);
      const gw = returnPickingGateway(stack.erpClient);
      expect(await gw.validate(p1!.id)).toBe(true);
      await taskList(stack.env)[ReturnTasks.receive]!({ backendId: stack.backendId, orderId: s!.orderId, rmaId: s!.rmaId, sku: s!.sku }, undefined as never);
      expect(await stateOf(key)).toEqual({ state: 'waiting', code: null });
      expect(await gw.validate(p2!.id)).toBe(true);
      await taskList(stack.env)[ReturnTasks.receive]!({ backendId: stack.backendId, orderId: s!.orderId, rmaId: s!.rmaId, sku: s!.sku }, undefined as never);
      expect(await stateOf(key)).toEqual({ state: 'received', code: null });
    });
  });
}
