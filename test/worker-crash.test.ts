/**
 * Exactly once through a crash: a worker killed hard (SIGKILL) in the middle of importing is replaced by a fresh
 * one; the killed worker's jobs are unlocked through the heartbeat, its open sync runs closed as interrupted, its
 * half-done batch is re-run, and still every importable order has exactly one confirmed sales order, every
 * customer exists once.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { merchantOrders, verifyImport } from './support/verify-import.ts';

const ORDERS = 800;

describe('a worker killed mid-import', () => {
  let stack: Stack;
  afterAll(async () => stack?.close());

  it('is replaced, and nothing is created twice', async () => {
    // Small ERP batches make the import long enough to be killed in the middle of it.
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'crash', settings: { batchSize: 20 }, workerConcurrency: 2 });
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: ORDERS });
    const merchant = merchantOrders(stack, ids);
    const first = stack.startWorker('worker-doomed');
    const created = () => stack.erp.sandbox.stats().calls['sale.order.create'] ?? 0;
    const until = Date.now() + 120_000;
    while (created() < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(created()).toBeGreaterThanOrEqual(3);
    const killedAt = new Date();
    first.proc.kill('SIGKILL');
    await first.exited;
    const imported = await stack.env.db.pool.query<{ n: number }>(
      `select count(*)::int as n from amazon_order where backend_id = $1 and sync_state = 'imported'`,
      [stack.backendId],
    );
    // Killed with work left: the replacement has something to finish.
    expect(imported.rows[0]!.n).toBeLessThan(merchant);

    stack.startWorker('worker-replacement');
    await stack.waitForIdle(240_000, merchant);
    const summary = await verifyImport(stack, ids);
    expect(summary.erpOrders).toBe(summary.imported);
    // The runs the killed worker had open (every run started before the kill) were closed by the heartbeat that
    // reaped it, not left running for ever. The replacement's own runs are not judged here: its next sweep may
    // legitimately be running at this instant.
    const runs = await stack.env.db.pool.query<{ status: string; error_code: string | null; n: number }>(
      `select status, error_code, count(*)::int as n from sync_run where backend_id = $1 and started_at < $2 group by 1, 2`,
      [stack.backendId, killedAt],
    );
    expect(runs.rows.filter((r) => r.status === 'running' || r.status === 'queued')).toEqual([]);
    expect(runs.rows.find((r) => r.status === 'interrupted')).toMatchObject({ error_code: 'INTERRUPTED', n: expect.any(Number) });
  });
});
