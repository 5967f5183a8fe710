/**
 * Drives the Feeds core in a test until no feed of the backend is pending: `runOnce` runs the queued feed jobs (and
 * the flow's result task) once; between rounds the poll jobs are made due, since the sandbox's processing time
 * (a fraction of a second in the tests) has passed but graphile-worker would wait for the real poll interval.
 */
import type { Stack } from './connector-stack.ts';

export async function sendFeedsUntilDone(stack: Stack, runOnce: () => Promise<unknown>, rounds = 40): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await runOnce();
    const { rows } = await stack.env.db.pool.query(`select 1 from feed where backend_id = $1 and state in ('submitting', 'submitted')`, [stack.backendId]);
    if (!rows.length) return;
    await new Promise((r) => setTimeout(r, 300));
    await stack.env.db.pool.query(`update graphile_worker._private_jobs set run_at = now() where key like 'feeds:poll:%'`);
  }
  throw new Error('feeds still pending');
}
