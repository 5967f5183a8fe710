/**
 * Quotas at their real size, time-scaled: Amazon's searchOrders plan (0.0056 requests/s, burst 20) played 600
 * times faster by the sandbox, which says so in `x-amzn-RateLimit-Limit`. 2,000 orders in pages of 20 need 100
 * calls, so the burst runs out a fifth of the way; the connector learns the rate from the header, its shared
 * bucket paces the calls, the import converges and at most 1 % of the calls are answered 429.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { merchantOrders, verifyImport } from './support/verify-import.ts';

const ORDERS = 2000;

describe('throttling', () => {
  let stack: Stack;
  afterAll(async () => stack?.close());

  it('converges with real (time-scaled) quotas and almost no 429', async () => {
    stack = await startStack({
      adminUrl: inject('pgAdminUrl'),
      label: 'throttle',
      realQuotas: true,
      amazon: { timeScale: 600 },
      settings: { pageSize: 20, sweepIntervalSeconds: 30 },
    });
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: ORDERS });
    const merchant = merchantOrders(stack, ids);
    stack.startWorker('worker-a');
    stack.startWorker('worker-b');
    await stack.waitForIdle(300_000, merchant);
    await verifyImport(stack, ids);

    const search = stack.amazon.calls().operations.filter((o) => o.operation === 'searchOrders');
    const calls = search.reduce((n, o) => n + o.calls, 0);
    const throttled = search.reduce((n, o) => n + o.throttled, 0);
    expect(calls).toBeGreaterThanOrEqual(Math.ceil(merchant / 20));
    expect(throttled).toBeLessThanOrEqual(Math.floor(calls * 0.01));
    // The bucket learnt Amazon's announced rate instead of the documented one.
    const { rows } = await stack.env.db.pool.query<{ learnt_rate: string }>(
      `select learnt_rate from rate_bucket where operation = 'searchOrders'`,
    );
    expect(Number(rows[0]!.learnt_rate)).toBeCloseTo(0.0056 * 600, 5);
    console.log(`throttling: ${calls} searchOrders calls, ${throttled} answered 429`);
  });
});
