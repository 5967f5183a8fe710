/**
 * Drives the Reports core's steps for a stack's backend as its tasks would (create, then poll until delivered),
 * without a worker: every request still `requested` or `processing` is brought to an end, the sandbox making each
 * report in its `reportProcessingSeconds`. Fails when one ends otherwise than done or empty.
 */
import { flows } from '../../connector/src/sync/flows.ts';
import { createReportFor } from '../../connector/src/sync/frame/reports/create-report.ts';
import { pollReport } from '../../connector/src/sync/frame/reports/poll-report.ts';
import { reportsContextOf, reportTypesOf } from '../../connector/src/sync/frame/reports/reports-context.ts';
import type { Stack } from './connector-stack.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function driveReports(stack: Pick<Stack, 'env' | 'backendId'>, timeoutMs = 30_000): Promise<void> {
  const base = await reportsContextOf(stack.env as never, stack.backendId, reportTypesOf(flows));
  const ctx = { ...base, timing: { ...base.timing, pollSeconds: 1 } };
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await stack.env.db.pool.query<{ id: number; state: string }>(
      `select id::int, state from report_request where backend_id = $1 and state in ('requested', 'processing') order by id`, [stack.backendId]);
    if (!rows.length) break;
    if (Date.now() > until) throw new Error(`reports still pending: ${JSON.stringify(rows)}`);
    await Promise.all(rows.map((r) => (r.state === 'requested' ? createReportFor(ctx, r.id) : pollReport(ctx, r.id))));
    await sleep(300);
  }
  const { rows: bad } = await stack.env.db.pool.query(`select id, report_type, state, code, error from report_request where backend_id = $1 and state not in ('done', 'empty')`, [stack.backendId]);
  if (bad.length) throw new Error(`reports not delivered: ${JSON.stringify(bad)}`);
}
