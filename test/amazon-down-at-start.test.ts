/**
 * Amazon unreachable when a worker starts: the worker stays up, the backend is degraded with the reason (the
 * sweep's health: AMAZON_UNAVAILABLE, in the API and in `/health`, which still answers 200), and once Amazon
 * answers again the sweep goes on by itself, the orders import and the health is ok again. No restart, no crash
 * loop. (An ERP failing at start is test/boot-resilience.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Child } from '../scripts/lib/processes.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { untilWorker } from './support/until-worker.ts';
import { amazonFaultRule, amazonFaults, clearFaults } from './support/faults.ts';

type Health = { status: string; backends: Array<{ id: number; state: string; code: string | null; message: string | null }> };

describe('Amazon down when a worker starts', () => {
  let stack: Stack;
  let api: { url: string; token: string };
  let worker: Child;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'amazon_down', workerConcurrency: 2 });
    api = await stack.startApiProcess('api');
  });
  afterAll(async () => {
    await stack?.close();
  });

  const health = async () => (await (await fetch(`${api.url}/health`)).json()) as Health;
  const until = (what: string, ms: number, check: () => Promise<boolean>) => untilWorker(() => worker, what, ms, check);

  it('stays up degraded with the reason, then heals by itself when Amazon answers', async () => {
    stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 12 });
    // Every order search fails from the first call, as an outage does (503s and dropped connections).
    await amazonFaultRule(stack.amazon, { operation: 'searchOrders', percent: 100, kinds: ['503', 'drop'], seed: 7 });
    worker = stack.startWorker('worker');

    await until('/health degraded by the sweep', 60_000, async () => (await health()).backends.some((b) => b.code === 'AMAZON_UNAVAILABLE'));
    const degraded = await health();
    expect(degraded.status).toBe('degraded');
    expect(degraded.backends).toEqual([expect.objectContaining({ id: stack.backendId, state: 'failing', code: 'AMAZON_UNAVAILABLE', message: expect.stringContaining('searchOrders') })]);
    const res = await fetch(`${api.url}/api/backends/${stack.backendId}`, { headers: { authorization: `Bearer ${api.token}` } });
    expect(((await res.json()) as { health: { code: string } }).health.code).toBe('AMAZON_UNAVAILABLE');
    expect((await amazonFaults(stack.amazon)).fired.byOperation.searchOrders).toBeGreaterThan(0);
    const db = stack.env.db.pool;
    const stored = await db.query<{ n: number }>('select count(*)::int as n from amazon_order where backend_id = $1', [stack.backendId]);
    expect(stored.rows[0]!.n).toBe(0);
    expect(worker.proc.exitCode).toBeNull();

    await clearFaults(stack.amazon);
    await until('the orders imported', 90_000, async () => {
      const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from amazon_order where backend_id = $1 and sync_state = 'imported'`, [stack.backendId]);
      return rows[0]!.n > 0;
    });
    await until('/health ok again', 60_000, async () => (await health()).status === 'ok');
    expect(worker.proc.exitCode).toBeNull();
  });
});
