/**
 * Amazon merchant-fulfilled returns -> ERP return pickings, end to end against both sandboxes over HTTP and both
 * ERP faces: merchant orders imported, their deliveries validated in the ERP and shipped on Amazon; returns made on
 * demand through the Amazon sandbox's admin route; the returns flow's sweep asks the Reports core for the returns
 * report, whose create and poll steps run as the worker would run them (the sandbox takes 0.3 s a report), and the
 * staged returns' tasks run. What a warehouse person checks: one return picking per return on the order's delivery,
 * waiting for them (or done with `validateAtOnce`), with Amazon's RMA id and reason; nothing twice (the report read
 * again, a crash before the binding); a return that cannot be made as a visible conflict, made once fixed; a return
 * picking validated (or cancelled) in the ERP recorded so through the ERP change feed.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { amazonAdmin } from './support/amazon.ts';
import { openConflictCodes, runTasks, sweepAndImport, theErpOrder } from './support/lifecycle.ts';
import { validateDelivery } from './support/invoicing.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { ReturnTasks, returnKey } from '../connector/src/sync/returns/index.ts';
import { returnPickingGateway, rmaTag } from '../connector/src/sync/returns/erp/return-picking.gateway.ts';
import { flows } from '../connector/src/app/flow-list.ts';
import { runPoll } from '../connector/src/sync/frame/change-feed/poll.task.ts';

const DE = 'A1PA6795UKMFR9';
interface Order { id: string; soId: number; sku: string }
interface Staged { orderId: string; rmaId: string; sku: string; quantity: number; reason: string; status: string }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const erpTransport of ['json2', 'jsonrpc'] as const) {
  describe(`merchant returns as ERP return pickings (ERP over ${erpTransport})`, () => {
    let stack: Stack;
    let orders: Order[];
    // Amazon's clock, moved back while a return is made: the sweep's window ends a minute ago.
    let skewMs = 0;
    const take = () => {
      const o = orders.shift();
      if (!o) throw new Error('no order left for this test');
      return o;
    };

    beforeAll(async () => {
      // A report per sweep and marketplace: Amazon's createReport plan (one a minute) raised, as for searchOrders.
      const plans = { searchOrders: { rate: 5, burst: 100 }, createReport: { rate: 5, burst: 100 }, getReport: { rate: 10, burst: 100 } };
      stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: `returns-${erpTransport}`, erpTransport, settings: { rateOverrides: plans },
        amazon: { now: () => Date.now() + skewMs, returnShare: 0, refundShare: 0, reportProcessingSeconds: 0.3, usagePlans: plans } });
      const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 10, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
      await sweepAndImport(stack);
      orders = [];
      for (const id of ids) {
        const so = await theErpOrder(stack, id).catch(() => null);
        if (so?.state !== 'sale') continue;
        const items = (stack.amazon.getOrder(id).order as { orderItems: Array<{ product: { sellerSku: string } }> }).orderItems;
        orders.push({ id, soId: so.id, sku: items[0]!.product.sellerSku });
      }
      expect(orders.length).toBeGreaterThan(6);
      // The German marketplace only: one report per sweep.
      await stack.env.core.backends.update(stack.backendId, { marketplaceIds: [DE], settings: { goLive: { returns: { enabled: true } } } });
    }, 120_000);
    afterAll(async () => stack?.close());

    /** Delivered in the ERP (the warehouse validated it), shipped on Amazon; answers the delivery. */
    async function ship(o: Order, opts: { erp?: boolean } = {}): Promise<number | null> {
      const delivery = opts.erp === false ? null : await validateDelivery(stack, o.soId);
      stack.amazon.updateOrder(o.id, { fulfillmentStatus: 'SHIPPED' });
      return delivery;
    }
    /** A return on Amazon (admin route), requested ten minutes ago. */
    async function returnOnAmazon(o: Order, body: object = {}): Promise<void> {
      skewMs = -10 * 60_000;
      try {
        await amazonAdmin(stack.amazon, `orders/${o.id}/return`, { sku: o.sku, ...body });
      } finally {
        skewMs = 0;
      }
    }
    /** The sweep, the Reports core's create and poll jobs until every report is in (polls made due at once), then `more`. */
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
      const { rows: failed } = await stack.env.db.pool.query(`select state, code from report_request where backend_id = $1 and flow = 'returns' and state not in ('done', 'empty')`, [stack.backendId]);
      expect(failed).toEqual([]);
      await runTasks(stack, more);
    }
    const staged = async (o: Order): Promise<Staged> => {
      const { rows } = await stack.env.db.pool.query<Staged>(`select order_id as "orderId", rma_id as "rmaId", sku, quantity, reason, status from merchant_return where backend_id = $1 and order_id = $2`, [stack.backendId, o.id]);
      expect(rows).toHaveLength(1);
      return rows[0]!;
    };
    const returnsOf = (deliveryId: number) =>
      stack.erpClient.searchRead('stock.picking', [['return_id', '=', deliveryId], ['state', '!=', 'cancel']], ['name', 'state', 'origin', 'note', 'move_ids', 'picking_type_code']);
    const unitsOf = async (pickingId: number) => {
      const moves = await stack.erpClient.searchRead('stock.move', [['picking_id', '=', pickingId]], ['product_uom_qty', 'product_id']);
      return moves.reduce((s, m) => s + Number(m.product_uom_qty), 0);
    };
    const stateOf = async (s: Staged) => {
      const { rows } = await stack.env.db.pool.query(`select state, code from record_state where backend_id = $1 and flow = 'returns' and key = $2`, [stack.backendId, returnKey(s)]);
      return rows[0];
    };
    const receive = (s: Staged) => taskList(stack.env)[ReturnTasks.receive]!({ backendId: stack.backendId, orderId: s.orderId, rmaId: s.rmaId, sku: s.sku }, undefined as never);

    it('an authorised return becomes one waiting return picking on the delivery, with the RMA id and reason; read again, still one', async () => {
      const o = take();
      const delivery = (await ship(o))!;
      await returnOnAmazon(o, { quantity: 1, reason: 'DEFECTIVE', refund: false });
      await sweep();
      const s = await staged(o);
      expect(s).toMatchObject({ status: 'Approved', quantity: 1, reason: 'DEFECTIVE' });
      const pickings = await returnsOf(delivery);
      expect(pickings).toHaveLength(1);
      const p = pickings[0]!;
      expect(p).toMatchObject({ state: 'assigned', picking_type_code: 'incoming' });
      expect(String(p.origin)).toContain(rmaTag(s.rmaId));
      expect(String(p.note)).toContain('DEFECTIVE');
      expect(await unitsOf(p.id)).toBe(1);
      expect((await stack.env.core.binder.toErp(stack.backendId, 'return', returnKey(s)))?.erpId).toBe(p.id);
      expect(await stateOf(s)).toEqual({ state: 'waiting', code: null });
      // The same return in the next report (the overlap), and its task run again: nothing new.
      await sweep();
      await receive(s);
      expect((await returnsOf(delivery)).map((x) => x.id)).toEqual([p.id]);
    });

    it('a return picking the warehouse validates in the ERP is recorded received through the change feed, no report needed', async () => {
      // The change feed's first poll with the flow on: its subscription listens from now on.
      await runPoll({ env: stack.env }, flows, stack.backendId);
      const o = take();
      const delivery = (await ship(o))!;
      await returnOnAmazon(o, { quantity: 1, reason: 'DEFECTIVE', refund: false });
      await sweep();
      const s = await staged(o);
      const [p] = await returnsOf(delivery);
      expect(await stateOf(s)).toEqual({ state: 'waiting', code: null });
      // The warehouse receives the parcel and validates the receipt in the ERP, as a person does.
      expect(await returnPickingGateway(stack.erpClient).validate(p!.id)).toBe(true);
      await runPoll({ env: stack.env }, flows, stack.backendId);
      expect(await runTasks(stack, [ReturnTasks.pickingsChanged])).toBe(1);
      expect(await runTasks(stack, [ReturnTasks.receive])).toBe(1);
      expect(await stateOf(s)).toEqual({ state: 'received', code: null });
      expect((await returnsOf(delivery)).map((x) => [x.id, x.state])).toEqual([[p!.id, 'done']]);
      // The same picking named again (the webhook, then the poll): nothing more to do.
      await taskList(stack.env)[ReturnTasks.pickingsChanged]!({ backendId: stack.backendId, ids: [p!.id] }, undefined as never);
      expect(await runTasks(stack, [ReturnTasks.receive])).toBe(0);
      // A waiting return picking a person cancels in the ERP: recorded cancelled the same way.
      const c = take();
      const cDelivery = (await ship(c))!;
      await returnOnAmazon(c, { quantity: 1, refund: false });
      await sweep();
      const sc = await staged(c);
      const [pc] = await returnsOf(cDelivery);
      await stack.erpClient.call('stock.picking', 'action_cancel', [pc!.id]);
      await runPoll({ env: stack.env }, flows, stack.backendId);
      expect(await runTasks(stack, [ReturnTasks.pickingsChanged])).toBe(1);
      await runTasks(stack, [ReturnTasks.receive]);
      expect(await stateOf(sc)).toEqual({ state: 'cancelled', code: null });
    });

    it('with returns.validateAtOnce the return picking is validated at once (received)', async () => {
      await stack.env.core.backends.update(stack.backendId, { settings: { returns: { validateAtOnce: true } } });
      try {
        const o = take();
        const delivery = (await ship(o))!;
        await returnOnAmazon(o);
        await sweep();
        const s = await staged(o);
        expect(s.status).toBe('Closed');
        const pickings = await returnsOf(delivery);
        expect(pickings.map((x) => x.state)).toEqual(['done']);
        expect(await stateOf(s)).toEqual({ state: 'received', code: null });
      } finally {
        await stack.env.core.backends.update(stack.backendId, { settings: { returns: { validateAtOnce: false } } });
      }
    });

    it('a crash after the picking was made, before the binding: found (tagged, or noted before the wizard), never a second one', async () => {
      const gw = returnPickingGateway(stack.erpClient);
      // Tagged: the run died after writing the RMA id, before the binding.
      const a = take();
      const da = (await ship(a))!;
      await returnOnAmazon(a);
      await sweep([]);
      const sa = await staged(a);
      const [move] = await stack.erpClient.searchRead('stock.move', [['picking_id', '=', da]], ['product_id']);
      const made = await gw.createReturn(da, [{ productId: (move!.product_id as [number, string])[0], units: 1 }]);
      await gw.tag((await gw.readPicking(made))!, sa.rmaId, 'left by a crashed run');
      await runTasks(stack, [ReturnTasks.receive]);
      expect((await returnsOf(da)).map((x) => x.id)).toEqual([made]);
      expect((await stack.env.core.binder.toErp(stack.backendId, 'return', returnKey(sa)))?.erpId).toBe(made);
      // Untagged: the run died right after the wizard; it had noted the delivery's returns before calling it.
      const b = take();
      const db = (await ship(b))!;
      await returnOnAmazon(b);
      await sweep([]);
      const sb = await staged(b);
      const [mb] = await stack.erpClient.searchRead('stock.move', [['picking_id', '=', db]], ['product_id']);
      const productId = (mb!.product_id as [number, string])[0];
      await stack.env.core.states.set(stack.backendId, 'returns', [{ key: returnKey(sb), state: 'creating', detail: { deliveryId: db, productId, knownReturns: [] } }]);
      const madeB = await gw.createReturn(db, [{ productId, units: 1 }]);
      await runTasks(stack, [ReturnTasks.receive]);
      const after = await returnsOf(db);
      expect(after.map((x) => x.id)).toEqual([madeB]);
      expect(String(after[0]!.origin)).toContain(rmaTag(sb.rmaId));
    });

    it('two workers on one return at once: one return picking (the other finds the order locked and is retried)', async () => {
      const o = take();
      const delivery = (await ship(o))!;
      await returnOnAmazon(o);
      await sweep([]);
      const s = await staged(o);
      const runs = await Promise.allSettled([receive(s), receive(s)]);
      for (const run of runs) if (run.status === 'rejected') expect((run.reason as { code?: string }).code).toBe('LOCK_BUSY');
      await receive(s);
      expect(await returnsOf(delivery)).toHaveLength(1);
    });

    it('a return of an order with no done delivery in the ERP: a RETURN_NO_DELIVERY conflict; the next sweep, once delivered, makes it', async () => {
      const o = take();
      await ship(o, { erp: false });
      await returnOnAmazon(o);
      await sweep();
      const s = await staged(o);
      expect(await openConflictCodes(stack, returnKey(s))).toEqual(['RETURN_NO_DELIVERY']);
      expect(await stateOf(s)).toEqual({ state: 'conflict', code: 'RETURN_NO_DELIVERY' });
      const delivery = await validateDelivery(stack, o.soId);
      // The report shows the return again, unchanged: a return in conflict is tried again by every report.
      await sweep();
      expect((await returnsOf(delivery)).map((x) => x.state)).toEqual(['assigned']);
      expect(await openConflictCodes(stack, returnKey(s))).toEqual([]);
      expect((await stateOf(s)).state).toBe('waiting');
    });

    it('more units than the delivery has left to return (the warehouse took them back by hand): RETURN_QUANTITY_EXCEEDS, no second picking', async () => {
      const o = take();
      const delivery = (await ship(o))!;
      const [move] = await stack.erpClient.searchRead('stock.move', [['picking_id', '=', delivery], ['product_id.default_code', '=', o.sku]], ['product_id', 'quantity']);
      const byHand = await returnPickingGateway(stack.erpClient).createReturn(delivery, [{ productId: (move!.product_id as [number, string])[0], units: Number(move!.quantity) }]);
      await returnOnAmazon(o);
      await sweep();
      const s = await staged(o);
      expect(await openConflictCodes(stack, returnKey(s))).toEqual(['RETURN_QUANTITY_EXCEEDS']);
      expect((await returnsOf(delivery)).map((x) => x.id)).toEqual([byHand]);
    });

    it('a return of an order the ERP never had: RETURN_ORDER_UNBOUND, no picking', async () => {
      const [id] = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 1, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'SHIPPED', business: false });
      await returnOnAmazon({ id: id!, soId: 0, sku: (stack.amazon.getOrder(id!).order as { orderItems: Array<{ product: { sellerSku: string } }> }).orderItems[0]!.product.sellerSku });
      await sweep();
      const s = await staged({ id: id!, soId: 0, sku: '' });
      expect(await openConflictCodes(stack, returnKey(s))).toEqual(['RETURN_ORDER_UNBOUND']);
      expect(await stack.env.core.binder.toErp(stack.backendId, 'return', returnKey(s))).toBeNull();
    });
  });
}
