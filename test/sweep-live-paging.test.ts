/**
 * The sweep against Amazon's live paging, over real HTTP: orders that change while the sweep pages through its
 * window come back on a later page (the Amazon sandbox models it as Amazon does it; in the sweep's bounded
 * lastUpdatedAfter search that takes changes Amazon's index learnt of late, which the test stamps so). The sweep counts each order
 * once, stores and enqueues the latest copy, imports every order once with its latest content, and leaves an
 * order that moved past the window's end to the next sweep, whose window starts where the cursor was put.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepOrders, type SweepResult } from '../connector/src/sync/orders/sweep-orders.task.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { expectationOf, type SandboxOrder } from './support/expected-orders.ts';
import { erpOrdersOf, runJobs, syncStateOf } from './support/lifecycle.ts';
import { toUnits } from './support/money.ts';
import { scaleQuantityPatch } from './support/order-edits.ts';

const DE = 'A1PA6795UKMFR9';
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('the sweep over a live index', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Pages of 10, stored 20 at a time: a repeat can land in the batch still being gathered or after it was stored.
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'livepaging', settings: { pageSize: 10, batchSize: 20 } });
  });
  afterAll(async () => stack?.close());

  const amazonOrder = (id: string) => stack.amazon.getOrder(id).order as unknown as SandboxOrder & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** Order ids of the import jobs enqueued so far, one entry per job that names it. */
  const enqueued = async (): Promise<string[]> => {
    const { rows } = await stack.env.db.pool.query<{ ids: string[] }>(
      `select j.payload->'amazonOrderIds' as ids from graphile_worker._private_jobs j
         join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'orders:import'`,
    );
    return rows.flatMap((r) => r.ids);
  };
  const cursor = async () => (await stack.env.core.cursors.get(stack.backendId, 'orders'))?.lastUpdatedAfter.toISOString();

  it('counts, stores, enqueues and imports each order once, with its latest content; the cursor stays right', async () => {
    const created = stack.amazon.generateOrders({
      sellerId: stack.sellerId, count: 40, status: 'UNSHIPPED', fulfilledBy: 'MERCHANT', marketplaceId: DE, business: false,
      createdFrom: iso(Date.now() - 120 * MINUTE), createdTo: iso(Date.now() - 100 * MINUTE),
    });
    // The index the sandbox pages in is ordered by (lastUpdatedTime, orderId): one order a minute, in this order.
    const inIndex = created;
    const base = Date.now() - 60 * MINUTE;
    inIndex.forEach((id, i) => stack.amazon.updateOrder(id, { lastUpdatedTime: iso(base + i * MINUTE) }));
    const cancelled = inIndex[2]!; // page 1, cancelled during the sweep: back on page 2, in the batch still gathered
    // page 1 and importable, quantity doubled during the sweep: back on the last page, after its batch was stored
    const rescaled = inIndex.slice(3, 7).find((id) => expectationOf(amazonOrder(id)).kind === 'import')!;
    const touched = inIndex[7]!; // page 1, only its lastUpdatedTime moved: back on the last page, nothing new in it
    const movedOut = inIndex[35]!; // not reached yet, changed past the window's end: this sweep does not see it
    await stack.env.core.cursors.advance(stack.backendId, 'orders', new Date(Date.now() - 70 * MINUTE));

    const onPage = (r: SweepResult) => {
      if (r.pages !== 1) return;
      const to = Date.parse(r.window!.to);
      // Stamped between two of page 2's orders, inside the window: a change Amazon's index learnt of late.
      const page2 = base + 12 * MINUTE + 30_000;
      stack.amazon.updateOrder(cancelled, { fulfillmentStatus: 'CANCELLED', lastUpdatedTime: iso(page2) });
      stack.amazon.updateOrder(rescaled, { ...scaleQuantityPatch(amazonOrder(rescaled), 2), lastUpdatedTime: iso(to - 20_000) });
      stack.amazon.updateOrder(touched, { lastUpdatedTime: iso(to - 19_000) });
      stack.amazon.updateOrder(movedOut, { lastUpdatedTime: iso(to + 2_000) });
    };
    const searchCalls = () => stack.amazon.calls().operations.find((o) => o.operation === 'searchOrders' && o.sellerId === stack.sellerId)?.calls ?? 0;
    const callsBefore = searchCalls();
    const first = await sweepOrders(stack.env, { backendId: stack.backendId }, onPage);

    // Amazon answered 42 copies of 39 orders (40, less the one that left, plus three repeats).
    expect(searchCalls() - callsBefore).toBe(5);
    expect(first).toMatchObject({ fetched: 39, repeated: 3, changed: 39, malformed: 0, pages: 5, caughtUp: true });
    expect(await cursor()).toBe(first.window!.to);
    const { rows: [run] } = await stack.env.db.pool.query<{ counts: Record<string, number> }>(
      `select counts from sync_run where backend_id = $1 and flow = 'orders.sweep' order by id desc limit 1`, [stack.backendId]);
    expect(run!.counts).toMatchObject({ ok: 39, conflict: 0 });

    // One import job per order, except the order whose content changed after its first copy was stored: one per
    // version (the first job may already have run on the old one); the time-only repeat adds nothing.
    const jobs = await enqueued();
    const times = (id: string) => jobs.filter((j) => j === id).length;
    expect(new Set(jobs)).toEqual(new Set(created.filter((id) => id !== movedOut)));
    expect(created.filter((id) => id !== movedOut && id !== rescaled).every((id) => times(id) === 1)).toBe(true);
    expect(times(rescaled)).toBe(2);
    expect(times(movedOut)).toBe(0);

    await runJobs(stack);
    // Each importable order once in the ERP, with Amazon's latest content; the cancelled one never created.
    for (const id of created.filter((x) => x !== movedOut)) {
      const expected = expectationOf(amazonOrder(id));
      const erp = await erpOrdersOf(stack, id);
      if (expected.kind !== 'import') {
        expect(erp, id).toEqual([]);
        continue;
      }
      expect(erp, id).toHaveLength(1);
      expect(toUnits(String(erp[0]!.amount_total)), id).toBe(toUnits(expected.total));
    }
    expect(await erpOrdersOf(stack, cancelled)).toEqual([]);
    expect(await syncStateOf(stack, cancelled)).toMatchObject({ state: 'not_imported' });
    expect(expectationOf(amazonOrder(rescaled)).kind).toBe('import');

    // The next sweep, from the cursor (less its overlap), finds the order that moved past the first window.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const second = await sweepOrders(stack.env, { backendId: stack.backendId });
    expect(Date.parse(second.window!.from)).toBeLessThan(Date.parse(first.window!.to));
    expect(second).toMatchObject({ changed: 1, repeated: 0, malformed: 0 });
    await runJobs(stack);
    const expected = expectationOf(amazonOrder(movedOut));
    expect(await erpOrdersOf(stack, movedOut)).toHaveLength(expected.kind === 'import' ? 1 : 0);
    expect(await cursor()).toBe(second.window!.to);
  });
});
