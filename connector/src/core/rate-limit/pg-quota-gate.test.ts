import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../db/testing.ts';
import { createPgQuotaGate, PACING } from './pg-quota-gate.ts';

describe('PostgreSQL quota gate', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase('quota');
  });
  afterAll(async () => db.drop());

  it('three workers on separate pools never exceed burst + rate x T together', async () => {
    const plan = { rate: 20, burst: 4 };
    const pools = [0, 1, 2].map(() => new pg.Pool({ connectionString: db.url, max: 1 }));
    const sends: number[] = [];
    const started = performance.now();
    try {
      await Promise.all(
        pools.map(async (pool) => {
          const gate = createPgQuotaGate(pool);
          for (let i = 0; i < 10; i++) {
            await gate.acquire('eu:SELLER1', 'getOrder', plan);
            sends.push(performance.now());
          }
        }),
      );
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
    sends.sort((a, b) => a - b);
    expect(sends).toHaveLength(30);
    // Every window [t_i, t_j] holds at most burst + rate x (t_j - t_i) sends (5 ms of timer slack).
    for (let i = 0; i < sends.length; i++) {
      for (let j = i; j < sends.length; j++) {
        const allowed = plan.burst + (plan.rate * (sends[j]! - sends[i]! + 5)) / 1000;
        expect(j - i + 1).toBeLessThanOrEqual(allowed);
      }
    }
    // ...and the bucket is not needlessly slow: 26 tokens beyond the burst at 20/s is about 1.3 s.
    const elapsed = (sends.at(-1)! - started) / 1000;
    expect(elapsed).toBeGreaterThan(1.2);
    expect(elapsed).toBeLessThan(5);
  });

  it('override beats the learnt rate, which beats the plan', async () => {
    const waits: number[] = [];
    const gate = createPgQuotaGate(db.pool, { sleep: async (ms) => void waits.push(ms) });
    const plan = { rate: 0.5, burst: 1 };
    await gate.acquire('eu:SELLER2', 'getOrder', plan); // the burst token: no wait
    await gate.acquire('eu:SELLER2', 'getOrder', plan); // next token at 0.5/s paced at 95 %: ~2.1 s
    await gate.observeRate('eu:SELLER2', 'getOrder', 10);
    await gate.acquire('eu:SELLER2', 'getOrder', plan); // queued behind one more at 10/s
    const before = waits.length;
    await gate.acquire('eu:SELLER2', 'getOrder', plan, undefined, { rate: 1000, burst: 1000 });
    // At the override's 1000/s the debt is gone at once: no wait, or one under 5 ms.
    expect(waits.slice(before).every((w) => w < 5)).toBe(true);
    expect(before).toBe(2);
    expect(waits[0]).toBeGreaterThan(1900 / PACING);
    expect(waits[0]).toBeLessThanOrEqual(Math.ceil(2000 / PACING));
    expect(waits[1]).toBeGreaterThan(150 / PACING); // two reservations in debt at 10/s (paced)
    expect(waits[1]).toBeLessThanOrEqual(Math.ceil(200 / PACING));
    // The override travelled with the call: the shared row keeps only what Amazon said.
    const row = await db.pool.query(`select learnt_rate from rate_bucket where seller_key = 'eu:SELLER2'`);
    expect(row.rows[0]).toEqual({ learnt_rate: '10' });
  });

  it('refuses a wait longer than maxWaitMs without taking a token, and drain() empties the bucket', async () => {
    const waits: number[] = [];
    const gate = createPgQuotaGate(db.pool, { sleep: async (ms) => void waits.push(ms) });
    const plan = { rate: 0.0056, burst: 2 }; // searchOrders
    await gate.acquire('eu:SELLER3', 'searchOrders', plan, 1000);
    await gate.drain('eu:SELLER3', 'searchOrders');
    const err = await gate.acquire('eu:SELLER3', 'searchOrders', plan, 1000).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'retryable', code: 'QUOTA_WAIT' });
    // About one token's time at 0.0056/s (~178 s): what the job should wait before retrying.
    expect((err as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(170_000 / PACING);
    const row = await db.pool.query(`select tokens::float as t from rate_bucket where seller_key = 'eu:SELLER3'`);
    expect(row.rows[0].t).toBeGreaterThanOrEqual(0);
    expect(row.rows[0].t).toBeLessThan(0.01);
    expect(waits).toEqual([]);
  });

  it('a stopping worker does not sit out its token: the wait ends with INTERRUPTED when the signal fires', async () => {
    const gate = createPgQuotaGate(db.pool);
    const plan = { rate: 0.01, burst: 1 };
    await gate.acquire('eu:SELLER9', 'searchOrders', plan, 600_000);
    // The next token is 100 s away; the stop comes after a moment.
    const stop = new AbortController();
    const waiting = gate.acquire('eu:SELLER9', 'searchOrders', plan, 600_000, undefined, stop.signal);
    setTimeout(() => stop.abort(), 50);
    await expect(waiting).rejects.toMatchObject({ code: 'INTERRUPTED', kind: 'retryable' });
    // Already stopped: no token is even reserved.
    const { rows } = await db.pool.query<{ tokens: string }>(`select tokens from rate_bucket where seller_key = 'eu:SELLER9'`);
    await expect(gate.acquire('eu:SELLER9', 'searchOrders', plan, 600_000, undefined, stop.signal)).rejects.toMatchObject({ code: 'INTERRUPTED' });
    const after = await db.pool.query<{ tokens: string }>(`select tokens from rate_bucket where seller_key = 'eu:SELLER9'`);
    expect(Number(after.rows[0]!.tokens)).toBeGreaterThanOrEqual(Number(rows[0]!.tokens));
  });

  /** A sleep that records each wait and sits out only the long ones, until its signal fires (no wall-clock bound). */
  const recordingSleep = (waits: number[]) => (ms: number, signal?: AbortSignal) => {
    waits.push(ms);
    if (ms < 1000) return Promise.resolve();
    return new Promise<void>((_ok, fail) => signal?.addEventListener('abort', () => fail(new Error('woken')), { once: true }));
  };

  it('a changed override re-plans the wait in progress: the reservation is given back and taken at the new rate', async () => {
    const waits: number[] = [];
    const gate = createPgQuotaGate(db.pool, { sleep: recordingSleep(waits) });
    const plan = { rate: 0.0056, burst: 1 };
    let override: { rate: number } | undefined = { rate: 0.01 };
    await gate.acquire('eu:SELLER4', 'searchOrders', plan, 600_000, () => override);
    const waiting = gate.acquire('eu:SELLER4', 'searchOrders', plan, 600_000, () => override);
    while (waits.length < 1) await new Promise((r) => setTimeout(r, 5));
    expect(waits[0]).toBeGreaterThan(90_000); // one token at 0.01/s
    override = { rate: 100 };
    gate.replan('eu:SELLER4');
    await waiting;
    // At 100/s the token is there at once (no second wait) or within milliseconds.
    expect(waits.slice(1).every((w) => w < 50)).toBe(true);
    // One token taken in all for the re-planned call: the given-back reservation is not counted twice.
    const { rows } = await db.pool.query<{ t: number }>(`select tokens::float as t from rate_bucket where seller_key = 'eu:SELLER4'`);
    expect(rows[0]!.t).toBeGreaterThan(-1);
  });

  it('a newly announced rate wakes the waits on its bucket; a stop still ends them', async () => {
    const waits: number[] = [];
    const gate = createPgQuotaGate(db.pool, { sleep: recordingSleep(waits) });
    const plan = { rate: 0.0056, burst: 1 };
    await gate.acquire('eu:SELLER5', 'searchOrders', plan, 600_000);
    const waiting = gate.acquire('eu:SELLER5', 'searchOrders', plan, 600_000);
    while (waits.length < 1) await new Promise((r) => setTimeout(r, 5));
    expect(waits[0]).toBeGreaterThan(150_000); // the documented plan: ~3 min
    await gate.observeRate('eu:SELLER5', 'searchOrders', 50);
    await waiting;
    expect(waits.slice(1).every((w) => w < 100)).toBe(true);

    const stop = new AbortController();
    await gate.acquire('eu:SELLER6', 'searchOrders', plan, 600_000);
    const stopped = gate.acquire('eu:SELLER6', 'searchOrders', plan, 600_000, undefined, stop.signal);
    const before = waits.length;
    while (waits.length === before) await new Promise((r) => setTimeout(r, 5));
    stop.abort();
    await expect(stopped).rejects.toThrow();
  });

  it('pause() after a 429 holds the bucket for the backoff, never past one token of the effective rate', async () => {
    const waits: number[] = [];
    const gate = createPgQuotaGate(db.pool, { sleep: async (ms) => void waits.push(ms) });
    const plan = { rate: 0.0056, burst: 20 }; // searchOrders, nothing learnt yet: one token every ~3 min
    await gate.acquire('eu:SELLER7', 'searchOrders', plan, 600_000);
    await gate.pause('eu:SELLER7', 'searchOrders', plan, 2_000);
    await gate.acquire('eu:SELLER7', 'searchOrders', plan, 600_000);
    // About the 2 s pause (a few ms already passed), not the 3 minutes a drained bucket would take.
    expect(waits[0]).toBeGreaterThan(1_500);
    expect(waits[0]).toBeLessThanOrEqual(2_000);
    // A backoff longer than one token's restore time is capped there (at 0.5/s paced: ~2.1 s).
    const getOrder = { rate: 0.5, burst: 30 };
    await gate.acquire('eu:SELLER8', 'getOrder', getOrder, 600_000);
    await gate.pause('eu:SELLER8', 'getOrder', getOrder, 3_600_000);
    await gate.acquire('eu:SELLER8', 'getOrder', getOrder, 600_000);
    expect(waits[1]).toBeLessThanOrEqual(Math.ceil(2000 / PACING));
    expect(waits[1]).toBeGreaterThan(1_500);
  });

  it('a worker stopping during the pause after a 429 does not sit it out: INTERRUPTED at once', async () => {
    const gate = createPgQuotaGate(db.pool);
    const plan = { rate: 0.0056, burst: 20 };
    await gate.acquire('eu:SELLER10', 'searchOrders', plan, 600_000);
    await gate.pause('eu:SELLER10', 'searchOrders', plan, 100_000); // a long backoff (under one token's ~188 s)
    const stop = new AbortController();
    const waiting = gate.acquire('eu:SELLER10', 'searchOrders', plan, 600_000, undefined, stop.signal);
    setTimeout(() => stop.abort(), 50);
    await expect(waiting).rejects.toMatchObject({ code: 'INTERRUPTED', kind: 'retryable' });
  });
});
