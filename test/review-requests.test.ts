/**
 * Amazon review requests (Solicitations), end to end against both sandboxes over HTTP: merchant orders shipped on
 * Amazon a week ago (delivered 5-7 days ago by their delivery window), others shipped yesterday, some in France,
 * one refunded on Amazon (the refunds flow stored it), one returned (the returns flow's report staged it), one
 * holding an opted-out SKU. What a seller checks: each
 * delivered order gets Amazon's "request a review" exactly once, even with two workers sweeping at once and a
 * rerun; none before the delay, none for the refunded order, none where the seller opted out; a request whose answer
 * was lost is settled by asking Amazon again, never sent twice.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { sweepOrders } from '../connector/src/sync/orders/sweep-orders.task.ts';
import { RefundTasks } from '../connector/src/sync/refunds/index.ts';
import { ReturnTasks } from '../connector/src/sync/returns/index.ts';
import { runTasks } from './support/lifecycle.ts';
import { ReviewRequestTasks } from '../connector/src/sync/review-requests/index.ts';

const DE = 'A1PA6795UKMFR9';
const FR = 'A13V1IB3VIYZZH';
const DAY = 86_400_000;
const REVIEW_OP = 'createProductReviewAndSellerFeedbackSolicitation';
type Care = { requests: Array<{ action: string; outcome: string; status: number; errors?: Array<{ code: string; message: string }> }> };
type Row = { amazonOrderId: string; state: string; code: string | null; sentAt: string | null };

describe('review requests: once per delivered order, in Amazon\'s window', () => {
  let stack: Stack;
  let api: ApiHandle;
  let skewMs = 0;
  let weekOld: string[];
  let recent: string[];
  let french: string[];
  let refunded: string;
  let returned: string;
  let optedOut: string[];
  const care = async (id: string) => (await (await fetch(`${stack.amazon.url}/_sandbox/orders/${id}/care`)).json()) as Care;
  const reviewCalls = () => stack.amazon.calls().operations.filter((s) => s.operation === REVIEW_OP).reduce((n, s) => n + s.calls, 0);
  const sweep = () => taskList(stack.env)[ReviewRequestTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
  const rows = async () => (await api.get<{ counts: Record<string, number>; items: Row[] }>(`/api/backends/${stack.backendId}/review-requests?limit=1000`)).body;
  const skusOf = (id: string) => (stack.amazon.getOrder(id).order as { orderItems: Array<{ product: { sellerSku: string } }> }).orderItems.map((i) => i.product.sellerSku);

  beforeAll(async () => {
    const plans = { searchOrders: { rate: 5, burst: 100 }, createReport: { rate: 5, burst: 100 }, getReport: { rate: 10, burst: 100 }, getSolicitationActionsForOrder: { rate: 50, burst: 100 }, [REVIEW_OP]: { rate: 50, burst: 100 } };
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'review-requests', settings: { rateOverrides: plans },
      amazon: { now: () => Date.now() + skewMs, returnShare: 0, refundShare: 0, reportProcessingSeconds: 0.3, usagePlans: plans } });
    const at = (days: number) => new Date(Date.now() - days * DAY).toISOString();
    const gen = (marketplaceId: string, count: number, fromDays: number, toDays: number) => stack.amazon.generateOrders({
      sellerId: stack.sellerId, count, marketplaceId, fulfilledBy: 'MERCHANT', status: 'SHIPPED', business: false, createdFrom: at(fromDays), createdTo: at(toDays) });
    // Delivered from two days after the order (deliverByWindow.earliestDateTime): 5 to 7 days ago.
    weekOld = gen(DE, 8, 9, 7.5);
    // Delivered about a day ago: not due before the delay.
    recent = gen(DE, 3, 3, 2.5);
    french = gen(FR, 2, 9, 7.5);
    await sweepOrders(stack.env, { backendId: stack.backendId, window: { from: at(12), to: new Date(Date.now() - 150_000).toISOString() } });
    // One refunded on Amazon ten minutes ago, known to the connector through the refunds flow's sweep.
    refunded = weekOld[0]!;
    skewMs = -10 * 60_000;
    stack.amazon.refundOrder(refunded);
    skewMs = 0;
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { refunds: { enabled: true } } } });
    await taskList(stack.env)[RefundTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
    // One returned by its buyer (no refund), known to the connector through the returns flow's report.
    returned = weekOld[1]!;
    skewMs = -10 * 60_000;
    stack.amazon.returnOrder(returned, { sku: skusOf(returned)[0]!, refund: false });
    skewMs = 0;
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { returns: { enabled: true } } } });
    await taskList(stack.env)[ReturnTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
    for (let i = 0; i < 60; i++) {
      await runTasks(stack, ['reports:create', 'reports:poll']);
      const { rows } = await stack.env.db.pool.query(`select count(*)::int as n from report_request where backend_id = $1 and flow = 'returns' and state not in ('done', 'empty')`, [stack.backendId]);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
      await stack.env.db.pool.query(`update graphile_worker._private_jobs set run_at = now() where key like 'reports:poll:%'`);
    }
    const staged = await stack.env.db.pool.query(`select 1 from merchant_return where backend_id = $1 and order_id = $2`, [stack.backendId, returned]);
    expect(staged.rows).toHaveLength(1);
    // A SKU of a week-old order (none of the French ones, nor the returned one's) opted out: every order holding it is left alone.
    const frenchSkus = new Set([...french, returned].flatMap(skusOf));
    const sku = weekOld.slice(2).flatMap(skusOf).find((s) => !frenchSkus.has(s))!;
    expect(sku).toBeDefined();
    optedOut = weekOld.filter((id) => skusOf(id).includes(sku));
    await stack.env.core.backends.update(stack.backendId, { settings: {
      goLive: { 'review-requests': { enabled: true } }, reviewRequests: { delayDays: 5, optOutMarketplaces: [FR], optOutSkus: [sku] } } });
    api = await startApi(stack);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  it('sends one request per due order, with two workers at once and a rerun', async () => {
    const due = weekOld.filter((id) => id !== refunded && id !== returned && !optedOut.includes(id));
    expect(due.length).toBeGreaterThan(2);
    const ids = await stack.env.db.pool.query(`select key from fetched_document where backend_id = $1 and kind = 'order'`, [stack.backendId]);
    expect(ids.rows.length).toBe(13);
    await Promise.all([sweep(), sweep()]);
    await sweep();
    for (const id of due) {
      const accepted = (await care(id)).requests.filter((r) => r.action === 'productReviewAndSellerFeedback' && r.outcome === 'accepted');
      expect(accepted, id).toHaveLength(1);
    }
    // Never even asked twice: Amazon saw one create per due order, none refused.
    expect(reviewCalls()).toBe(due.length);
    const listed = await rows();
    expect(listed.items.filter((r) => r.state === 'sent').map((r) => r.amazonOrderId).sort()).toEqual([...due].sort());
    expect(listed.items.every((r) => r.state !== 'sent' || r.sentAt !== null)).toBe(true);
    expect(listed.counts.sent).toBe(due.length);
  });

  it('sends nothing before the delay, for the refunded or the returned order, or where the seller opted out', async () => {
    for (const id of [...recent, refunded, returned, ...optedOut, ...french]) {
      expect((await care(id)).requests.filter((r) => r.outcome === 'accepted'), id).toEqual([]);
    }
    const listed = await rows();
    expect(listed.items.find((r) => r.amazonOrderId === refunded)).toMatchObject({ state: 'skipped', code: 'REVIEW_REFUNDED_OR_RETURNED' });
    expect(listed.items.find((r) => r.amazonOrderId === returned)).toMatchObject({ state: 'skipped', code: 'REVIEW_REFUNDED_OR_RETURNED' });
    // Not due, opted out: no row at all (a later change of mind still reaches the opted-out ones).
    for (const id of [...recent, ...optedOut, ...french]) expect(listed.items.find((r) => r.amazonOrderId === id), id).toBeUndefined();
    // Amazon itself would not offer it for the refunded order either.
    const offered = await stack.env.runtimes.get(stack.backendId).then((rt) => rt.amazon.care.solicitationActions(refunded, DE));
    expect(offered).toEqual([]);
  });

  it('settles a request whose answer was lost by asking Amazon again, never sending it twice', async () => {
    // Opting the French marketplace back in: their requests are due now; the first one's answer is lost.
    await stack.env.core.backends.update(stack.backendId, { settings: { reviewRequests: { optOutMarketplaces: [] } } });
    stack.amazon.injectFault({ operation: REVIEW_OP, kind: 'drop_after_accept', count: 1 });
    const before = reviewCalls();
    await sweep();
    const lost = (await rows()).items.find((r) => french.includes(r.amazonOrderId) && r.state === 'sending');
    expect(lost).toBeDefined();
    await sweep();
    const after = await rows();
    expect(after.items.find((r) => r.amazonOrderId === lost!.amazonOrderId)).toMatchObject({ state: 'sent', code: 'SETTLED_BY_READBACK' });
    for (const id of french) {
      expect((await care(id)).requests.filter((r) => r.outcome === 'accepted'), id).toHaveLength(1);
      expect(after.items.find((r) => r.amazonOrderId === id)?.state).toBe('sent');
    }
    // Two French orders, two creates (the lost one counted once): nothing resent after the read-back.
    expect(reviewCalls() - before).toBe(french.length);
  });
});
