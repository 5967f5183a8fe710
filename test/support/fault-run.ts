/**
 * The fault run of issue 9, shared by test/fault-run.test.ts and bench/faults.bench.ts: the faults on both sandboxes
 * and the worker schedule (two workers, the second killed with SIGKILL and restarted `kills` times).
 */
import type { Child } from '../../scripts/lib/processes.ts';
import type { Stack } from './connector-stack.ts';
import { amazonFaultRule, erpFaultRule } from './faults.ts';

/**
 * 20 % of Amazon's SP-API answers fail from the first call on (429, 500, 503, held past the client's timeout,
 * dropped); seed 60 draws, for the first ten calls: timeout, -, 429, -, 500, drop, -, -, -, timeout. On the ERP,
 * the first sale order create and the first confirmation are dropped after their commit (the case that must
 * never duplicate), and 10 % of every call fails: proxy 500/502/503 pages, Odoo's server error, a request dropped
 * before it ran, a slow answer (1.5 s), an answer dropped after the commit (weighted twice).
 */
export async function injectFaultRunFaults(stack: Pick<Stack, 'amazon' | 'erp'>): Promise<void> {
  await amazonFaultRule(stack.amazon, { operation: '*', percent: 20, kinds: ['429', '500', '503', 'timeout', 'drop'], seed: 60 });
  await erpFaultRule(stack.erp.sandbox, { target: 'sale.order.create', percent: 100, kinds: ['drop_after_commit'], count: 1 });
  await erpFaultRule(stack.erp.sandbox, { target: 'sale.order.action_confirm', percent: 100, kinds: ['drop_after_commit'], count: 1 });
  await erpFaultRule(stack.erp.sandbox, { target: '*', percent: 10, seed: 4, delayMs: 1500,
    kinds: ['500', '502', '503', 'odoo_error', 'drop', 'slow', 'drop_after_commit', 'drop_after_commit'] });
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Two workers, never booting at once: the first alone until its first sync run is recorded, then the second. The
 * second is killed with SIGKILL `kills` times, each time once the ERP has seen two more sale order creates, and
 * restarted at once. Resolves when the last one is started; returns the times of the kills (ms since the call).
 */
export async function twoWorkersOneKilled(stack: Stack, kills: number): Promise<number[]> {
  const started = Date.now();
  const runs = async () => (await stack.env.db.pool.query<{ n: number }>(
    'select count(*)::int as n from sync_run where backend_id = $1', [stack.backendId])).rows[0]!.n;
  const creates = () => stack.erp.sandbox.stats().calls['sale.order.create'] ?? 0;
  stack.startWorker('worker-a');
  await until('worker-a to run a sweep', 120_000, async () => (await runs()) > 0);
  let doomed: Child = stack.startWorker('worker-b1');
  const killedAt: number[] = [];
  for (let round = 1; round <= kills; round++) {
    const before = creates();
    await until(`ERP creates to move before kill ${round}`, 300_000, () => creates() >= before + 2);
    doomed.proc.kill('SIGKILL');
    await doomed.exited;
    killedAt.push(Date.now() - started);
    doomed = stack.startWorker(`worker-b${round + 1}`);
  }
  return killedAt;
}
