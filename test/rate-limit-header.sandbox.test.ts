/**
 * `x-amzn-RateLimit-Limit` end to end: the Amazon sandbox sends it as the model declares it (every admitted call;
 * a 429 only when a fault carries one), the connector's adapter reads it over real HTTP and the PostgreSQL quota
 * gate paces by it: a rate lower than the documented plan slows the next calls, no header keeps the plan, a 429's
 * header is honoured, and a garbled or unbelievable one is ignored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgQuotaGate, PACING } from '../connector/src/core/rate-limit/pg-quota-gate.ts';
import type { RetryableError } from '../connector/src/core/errors.ts';
import { openTestDatabase } from '../connector/src/db/testing.ts';
import type { AmazonSandbox } from '../sandbox/amazon/src/index.ts';
import { amazonAdapterFor, startAmazon } from './support/amazon.ts';

describe('x-amzn-RateLimit-Limit between the Amazon sandbox and the quota gate', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let sandbox: AmazonSandbox;
  const waits: number[] = [];
  beforeAll(async () => {
    db = await openTestDatabase('ratehdr');
    // Real time (timeScale 1); the EU seller's getOrder plan lowered to 0.25/s, below the documented 0.5/s.
    sandbox = await startAmazon({ seed: 4, usagePlans: { getOrder: { rate: 0.25, burst: 30 } } });
  });
  afterAll(async () => {
    await sandbox?.close();
    await db?.drop();
  });

  /** An adapter of seller `index` over a gate that records its waits instead of sleeping; one attempt per call. */
  const adapterOf = (index: number) => {
    const gate = createPgQuotaGate(db.pool, { sleep: async (ms) => void waits.push(ms) });
    return { gate, ...amazonAdapterFor(sandbox, index, gate, { retry: { maxAttempts: 1 } }) };
  };
  const learnt = async (sellerId: string) => {
    const { rows } = await db.pool.query<{ learnt_rate: string | null }>(
      `select learnt_rate from rate_bucket where seller_key = $1 and operation = 'getOrder'`, [sellerId]);
    return rows[0]?.learnt_rate ?? null;
  };
  /** Sets the bucket's tokens (the gate's sleeps are recorded, not slept: reservations would pile up otherwise). */
  const setTokens = (sellerId: string, tokens: number) =>
    db.pool.query(`update rate_bucket set tokens = $2, updated_at = clock_timestamp() where seller_key = $1 and operation = 'getOrder'`, [sellerId, tokens]);
  /**
   * The wait the gate imposes on the next call when ten reservations are ahead of it, in ms: ten token times, so
   * that the few ms between setting the bucket and reserving (it refills meanwhile) hardly count.
   */
  const waitForTenth = async (gate: ReturnType<typeof createPgQuotaGate>, sellerId: string) => {
    await setTokens(sellerId, -9);
    waits.length = 0;
    await gate.acquire(sellerId, 'getOrder', { rate: 0.5, burst: 30 }, 600_000);
    await setTokens(sellerId, 30);
    return waits[0] ?? 0;
  };
  /** Within 1 %. */
  const expectNear = (ms: number, expected: number) => expect(Math.abs(ms - expected)).toBeLessThan(expected * 0.01);
  const thrown = (p: Promise<unknown>) => p.then(() => expect.unreachable('the call should fail'), (e: unknown) => e as RetryableError);

  it('a lower announced rate slows the gate; a 429 without the header leaves the documented plan', async () => {
    const { gate, adapter, seller } = adapterOf(0);
    try {
      const [id] = sandbox.generateOrders({ sellerId: seller.sellerId, count: 1 });
      // A 429 first (no header, as the model declares): nothing learnt, the hint from the plan.
      sandbox.injectFault({ operation: 'getOrder', status: 429, count: 1, sellerId: seller.sellerId });
      const err = await thrown(adapter.orders.getOrder(id!));
      expect([err.code, err.retryAfterMs]).toEqual(['AMAZON_THROTTLED', 2000]);
      expect(await learnt(seller.sellerId)).toBeNull();
      expectNear(await waitForTenth(gate, seller.sellerId), 10_000 / (0.5 * PACING));

      // A success announces the sandbox's 0.25/s: learnt, and the next empty bucket waits twice as long.
      await adapter.orders.getOrder(id!);
      expect(await learnt(seller.sellerId)).toBe('0.25');
      expectNear(await waitForTenth(gate, seller.sellerId), 10_000 / (0.25 * PACING));
    } finally {
      adapter.close();
    }
  });

  it('a 429 that carries the header is honoured; a garbled or unbelievable header changes nothing', async () => {
    const { gate, adapter, seller } = adapterOf(1);
    try {
      const [id] = sandbox.generateOrders({ sellerId: seller.sellerId, count: 1 });
      sandbox.injectFault({ operation: 'getOrder', status: 429, count: 1, sellerId: seller.sellerId, rateLimit: '0.1' });
      const err = await thrown(adapter.orders.getOrder(id!));
      expect([err.code, err.retryAfterMs]).toEqual(['AMAZON_THROTTLED', 10_000]);
      expect(await learnt(seller.sellerId)).toBe('0.1');
      expectNear(await waitForTenth(gate, seller.sellerId), 10_000 / (0.1 * PACING));

      for (const bogus of ['0x10', 'Infinity', '-1', '0', 'abc', '1,5', '2 per second', '1e9', '0.00001']) {
        await setTokens(seller.sellerId, 30);
        sandbox.injectFault({ operation: 'getOrder', status: 429, count: 1, sellerId: seller.sellerId, rateLimit: bogus });
        const e = await thrown(adapter.orders.getOrder(id!));
        expect(e.retryAfterMs, bogus).toBe(2000); // the documented plan's hint, not the header's
        expect(await learnt(seller.sellerId), bogus).toBe('0.1');
      }
    } finally {
      adapter.close();
    }
  });
});
