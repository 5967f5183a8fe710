/**
 * Deterministic driving of an in-process connector stack for lifecycle tests: a sweep over an explicit window (or
 * the durable cursor), then the queued import and resync jobs taken from graphile-worker's queue in order and run
 * to the end by the connector's own task functions (sweep jobs left alone, so the bootstrap's scheduled sweep never
 * interferes; a failing job fails the test at once instead of being retried later), and
 * small readers of what a user would look at: the ERP's sales orders, open conflicts, an order's sync state.
 */
import { taskList } from '../../connector/src/jobs/worker.ts';
import { Tasks } from '../../connector/src/sync/orders/index.ts';
import { sweepOrders, type SweepResult } from '../../connector/src/sync/orders/sweep-orders.task.ts';
import type { ErpRecord } from '../../connector/src/erp/erp-port.ts';
import type { Stack } from './connector-stack.ts';

/** An ISO time a sweep run now can already see (Amazon hides the last two minutes). */
export function visibleNow(): string {
  return new Date(Math.floor((Date.now() - 170_000) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Runs every due import and resync job (and those of `more` task names), oldest first, until none is left (jobs
 * they enqueue included).
 */
export function runJobs(stack: Stack, more: readonly string[] = []): Promise<number> {
  return runTasks(stack, [Tasks.importOrders, Tasks.resyncOrder, ...more]);
}

/** Runs every due job of the task `names` only (no import unless named), oldest first, until none is left. */
export async function runTasks(stack: Stack, names: readonly string[]): Promise<number> {
  const tasks = taskList(stack.env);
  let ran = 0;
  for (;;) {
    const { rows } = await stack.env.db.pool.query<{ id: string; task_identifier: string; payload: unknown }>(
      `select j.id::text, t.identifier as task_identifier, j.payload
         from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = any($1::text[]) and j.run_at <= now() and j.locked_at is null
        order by j.priority, j.run_at, j.id limit 1`,
      [names],
    );
    const job = rows[0];
    if (!job) return ran;
    // Taken off the queue first, as a worker would lock it: a job the task enqueues again is a new row.
    await stack.env.db.pool.query('select graphile_worker.complete_jobs(array[$1::bigint])', [job.id]);
    await tasks[job.task_identifier]!(job.payload, undefined as never);
    if (++ran > 500) throw new Error('runJobs: more than 500 jobs, something keeps re-enqueueing');
  }
}

/** A sweep over the last three days (or by the durable cursor with `cursor: true`, until caught up), then its jobs. */
export async function sweepAndImport(stack: Stack, opts: { cursor?: boolean } = {}): Promise<SweepResult> {
  const window = { from: new Date(Date.now() - 3 * 24 * 3600_000).toISOString(), to: new Date(Date.now() - 150_000).toISOString() };
  const result = await sweepOrders(stack.env, opts.cursor ? { backendId: stack.backendId } : { backendId: stack.backendId, window });
  // By the cursor, a backlog comes in slices: sweep on until caught up, as the worker does, and add them up.
  while (opts.cursor && !result.caughtUp) {
    const next = await sweepOrders(stack.env, { backendId: stack.backendId });
    result.fetched += next.fetched;
    result.changed += next.changed;
    result.malformed += next.malformed;
    result.repeated += next.repeated;
    result.pages += next.pages;
    result.window = next.window;
    result.caughtUp = next.caughtUp;
  }
  await runJobs(stack);
  return result;
}

/** The ERP's sales orders whose customer reference is `amazonOrderId`. */
export function erpOrdersOf(stack: Stack, amazonOrderId: string, fields: string[] = []): Promise<ErpRecord[]> {
  return stack.erpClient.searchRead('sale.order', [['client_order_ref', '=', amazonOrderId]], ['state', 'amount_total', 'write_date', 'order_line', ...fields]);
}

/** The one ERP sales order of `amazonOrderId` (fails the test when there is none or more than one). */
export async function theErpOrder(stack: Stack, amazonOrderId: string, fields: string[] = []): Promise<ErpRecord> {
  const found = await erpOrdersOf(stack, amazonOrderId, fields);
  if (found.length !== 1) throw new Error(`${amazonOrderId}: ${found.length} ERP sales orders, expected exactly one`);
  return found[0]!;
}

/** Where the connector says an order stands (sync_state and its reason code). */
export async function syncStateOf(stack: Stack, amazonOrderId: string): Promise<{ state: string; code: string | null } | null> {
  const { rows } = await stack.env.db.pool.query<{ state: string; code: string | null }>(
    `select sync_state as state, sync_code as code from amazon_order where backend_id = $1 and amazon_order_id = $2`,
    [stack.backendId, amazonOrderId],
  );
  return rows[0] ?? null;
}

/** Conflicts of one order (any status), oldest first. */
export async function conflictsOf(stack: Stack, amazonKey: string): Promise<Array<{ id: number; code: string; status: string }>> {
  const { rows } = await stack.env.db.pool.query<{ id: number; code: string; status: string }>(
    `select id::int, code, status from sync_conflict where backend_id = $1 and amazon_key = $2 order by id`,
    [stack.backendId, amazonKey],
  );
  return rows;
}

/** The open conflict codes of one order. */
export async function openConflictCodes(stack: Stack, amazonKey: string): Promise<string[]> {
  return (await conflictsOf(stack, amazonKey)).filter((c) => c.status === 'open').map((c) => c.code);
}

/** The ERP sale.order.line rows of an order: product, quantity and unit price. */
export async function erpLines(stack: Stack, lineIds: number[]): Promise<ErpRecord[]> {
  return stack.erpClient.read('sale.order.line', lineIds, ['product_id', 'product_uom_qty', 'price_unit']);
}
