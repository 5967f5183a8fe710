/**
 * Customer care from the money side, end to end: orders invoiced and shipped, then refunded on Amazon (the
 * sandbox's admin route) as a plain refund, a chargeback and an A-to-z guarantee claim; the refunds flow's sweep
 * credits them and reads each kind from the v0 financial events; the care sweep then makes an ERP activity for the
 * chargeback and the claim on their sales orders, none for the plain refund, and none twice. And from the returns
 * side: a merchant order shipped, returned on Amazon, the returns flow's sweep reading Amazon's returns report
 * (through the Reports core): the care sweep makes one return-request activity on its sales order; unshipped
 * orders within the ship-by threshold (their windows as Amazon's orders give them): one ship-late activity each.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startRefundsWorld, type RefundsWorld } from './support/refunds.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { amazonAdmin } from './support/amazon.ts';
import { runTasks, sweepAndImport, theErpOrder } from './support/lifecycle.ts';
import { validateDelivery } from './support/invoicing.ts';
import { ReturnTasks } from '../connector/src/sync/returns/index.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { CareTasks, careMarker } from '../connector/src/sync/care/index.ts';
import { RefundTasks } from '../connector/src/sync/refunds/index.ts';

describe('customer care: chargebacks and A-to-z claims from the refunds flow', () => {
  let w: RefundsWorld;

  beforeAll(async () => {
    w = await startRefundsWorld(inject('pgAdminUrl'), 'care_refunds', 'json2', 8);
    await w.stack.env.core.backends.update(w.stack.backendId, { settings: { goLive: { care: { enabled: true } }, care: { claimUser: 'admin', chargebackUser: 'admin' } } });
  }, 180_000);
  afterAll(async () => w?.close());

  it('one activity per chargeback or claim once the refunds flow knows its kind; a plain refund makes none', async () => {
    const made: Array<{ soId: number; orderId: string; reason: 'chargeback' | 'a_to_z_claim' | null }> = [];
    for (const [kind, reason] of [['refund', null], ['chargeback', 'chargeback'], ['guarantee_claim', 'a_to_z_claim']] as const) {
      const o = w.take();
      await w.invoiceAndShip(o);
      await w.refund(o, { kind });
      made.push({ soId: o.soId, orderId: o.id, reason });
    }
    await w.sweep();
    // The refunds flow reads each kind after the credit note (its paced refunds:kind jobs): care sees it then.
    expect(await runTasks(w.stack, [RefundTasks.kind])).toBe(3);
    const sweep = () => taskList(w.stack.env)[CareTasks.sweep]!({ backendId: w.stack.backendId }, undefined as never);
    await sweep();
    await sweep();
    for (const m of made) {
      const acts = await w.stack.erpClient.searchRead('mail.activity', [['res_model', '=', 'sale.order'], ['res_id', '=', m.soId]], ['summary', 'user_id'], { context: { active_test: false } });
      if (m.reason === null) {
        expect(acts).toEqual([]);
        continue;
      }
      expect(acts).toHaveLength(1);
      expect(acts[0]).toMatchObject({ summary: expect.stringContaining(careMarker(m.orderId, m.reason)), user_id: [2, expect.any(String)] });
    }
    const { rows } = await w.stack.env.db.pool.query(`select amazon_order_id, reason, state from care_activity where backend_id = $1 order by reason`, [w.stack.backendId]);
    expect(rows).toEqual([
      { amazon_order_id: made[2]!.orderId, reason: 'a_to_z_claim', state: 'open' },
      { amazon_order_id: made[1]!.orderId, reason: 'chargeback', state: 'open' },
    ]);
  });
});

describe('customer care: return requests from the returns report', () => {
  const DE = 'A1PA6795UKMFR9';
  let stack: Stack;
  let skewMs = 0;

  beforeAll(async () => {
    const plans = { searchOrders: { rate: 5, burst: 100 }, createReport: { rate: 5, burst: 100 }, getReport: { rate: 10, burst: 100 } };
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'care_returns', settings: { rateOverrides: plans },
      amazon: { now: () => Date.now() + skewMs, returnShare: 0, refundShare: 0, reportProcessingSeconds: 0.3, usagePlans: plans } });
    await stack.env.core.backends.update(stack.backendId, { marketplaceIds: [DE], settings: { goLive: { returns: { enabled: true }, care: { enabled: true } } } });
  }, 180_000);
  afterAll(async () => stack?.close());

  it('one activity per returned order, once the returns report is read', async () => {
    const [id] = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 1, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
    await sweepAndImport(stack);
    const so = await theErpOrder(stack, id!);
    await validateDelivery(stack, so.id);
    stack.amazon.updateOrder(id!, { fulfillmentStatus: 'SHIPPED' });
    const sku = (stack.amazon.getOrder(id!).order as { orderItems: Array<{ product: { sellerSku: string } }> }).orderItems[0]!.product.sellerSku;
    skewMs = -10 * 60_000;
    try {
      await amazonAdmin(stack.amazon, `orders/${id}/return`, { sku });
    } finally {
      skewMs = 0;
    }
    // The returns sweep, then the Reports core's jobs until the report is in (polls made due at once).
    await taskList(stack.env)[ReturnTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
    for (let i = 0; i < 40; i++) {
      await runTasks(stack, ['reports:create', 'reports:poll']);
      const { rows } = await stack.env.db.pool.query(`select count(*)::int as n from merchant_return where backend_id = $1 and order_id = $2`, [stack.backendId, id]);
      if (rows[0].n > 0) break;
      await new Promise((r) => setTimeout(r, 100));
      await stack.env.db.pool.query(`update graphile_worker._private_jobs set run_at = now() where key like 'reports:poll:%'`);
    }
    const sweep = () => taskList(stack.env)[CareTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
    await sweep();
    await sweep();
    const acts = await stack.erpClient.searchRead('mail.activity', [['res_model', '=', 'sale.order'], ['res_id', '=', so.id]], ['summary', 'note'], { context: { active_test: false } });
    expect(acts).toHaveLength(1);
    expect(acts[0]!.summary).toContain(careMarker(id!, 'return_request'));
    expect(String(acts[0]!.note)).toContain('RMA: ');
  });

  it("an unshipped order within the backend's ship-by threshold, as Amazon's order gives its window: one ship-late activity", async () => {
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 2, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
    await sweepAndImport(stack);
    // Every open merchant order is within 30 days of its latest ship time.
    await stack.env.core.backends.update(stack.backendId, { settings: { shipments: { shipByAlertHours: 720 } } });
    const sweep = () => taskList(stack.env)[CareTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
    await sweep();
    await sweep();
    for (const id of ids) {
      const so = await theErpOrder(stack, id);
      const acts = await stack.erpClient.searchRead('mail.activity', [['res_model', '=', 'sale.order'], ['res_id', '=', so.id], ['summary', 'ilike', 'ship_late']], ['summary', 'note'], { context: { active_test: false } });
      expect(acts).toHaveLength(1);
      expect(String(acts[0]!.note)).toContain('Latest ship date: 20');
    }
    const { rows } = await stack.env.db.pool.query(`select amazon_order_id, state from care_activity where backend_id = $1 and reason = 'ship_late' and amazon_order_id = any($2)`, [stack.backendId, ids]);
    expect(rows.map((r) => r.state)).toEqual(['open', 'open']);
  });
});
