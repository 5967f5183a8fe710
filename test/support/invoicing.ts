/**
 * Driving the invoices flow in an in-process stack without the shipments flow: a delivery validated through the
 * ERP's own API (as a warehouse worker would), `requestInvoice` called as the shipments flow will, the invoice
 * jobs run to the end by the connector's task, and readers of what an accountant sees.
 */
import { taskList } from '../../connector/src/jobs/worker.ts';
import { InvoiceTasks, requestInvoice } from '../../connector/src/sync/invoices/index.ts';
import type { ErpRecord } from '../../connector/src/erp/erp-port.ts';
import type { Stack } from './connector-stack.ts';

/** Validates the open delivery of sales order `soId`: every unit, or `units` of each move (a backorder for the rest). */
export async function validateDelivery(stack: Stack, soId: number, units?: number): Promise<number> {
  const erp = stack.erpClient;
  const [picking] = await erp.searchRead('stock.picking', [['sale_id', '=', soId], ['state', 'not in', ['done', 'cancel']]], ['move_ids'], { order: 'id asc', limit: 1 });
  if (!picking) throw new Error(`sales order ${soId} has no open delivery`);
  const moves = await erp.read('stock.move', picking.move_ids as number[], ['product_uom_qty']);
  for (const m of moves) await erp.write('stock.move', [m.id], { quantity: units ?? Number(m.product_uom_qty), picked: true });
  const answer = await erp.call('stock.picking', 'button_validate', [picking.id]);
  if (answer !== true) {
    // The backorder wizard: keep the rest as a backorder, as a person clicking "Create Backorder" does.
    const ctx = (answer as { context: Record<string, unknown> }).context;
    const [wizard] = await erp.create('stock.backorder.confirmation', [{}], { context: ctx });
    await erp.call('stock.backorder.confirmation', 'process', [wizard!], { context: ctx });
  }
  return picking.id;
}

/** What the shipments flow does once Amazon accepted the package: the request, in its own transaction. */
export async function request(stack: Stack, amazonOrderId: string, shipmentKey: string, shipDate: string): Promise<void> {
  const client = await stack.env.db.pool.connect();
  try {
    await client.query('begin');
    await requestInvoice(client, { backendId: stack.backendId, amazonOrderId, shipmentKey, shipDate });
    await client.query('commit');
  } finally {
    client.release();
  }
}

/** Runs the due invoice jobs (taken off the queue as a worker would) until none is left; `parallel` copies at once. */
export async function runInvoiceJobs(stack: Stack, parallel = 1): Promise<number> {
  const tasks = taskList(stack.env);
  let ran = 0;
  for (;;) {
    const { rows } = await stack.env.db.pool.query<{ id: string; payload: unknown }>(
      `select j.id::text, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = $1 and j.locked_at is null order by j.run_at, j.id limit 1`,
      [InvoiceTasks.invoice],
    );
    const job = rows[0];
    if (!job) return ran;
    await stack.env.db.pool.query('select graphile_worker.complete_jobs(array[$1::bigint])', [job.id]);
    // Two workers running the same job at once (a job key does not stop a running copy).
    await Promise.all(Array.from({ length: parallel }, () => tasks[InvoiceTasks.invoice]!(job.payload, undefined as never)));
    if (++ran > 100) throw new Error('runInvoiceJobs: more than 100 jobs');
  }
}

/** The customer invoices of a sales order (cancelled ones left out), oldest first. */
export async function invoicesOf(stack: Stack, soId: number): Promise<ErpRecord[]> {
  const [so] = await stack.erpClient.read('sale.order', [soId], ['invoice_ids']);
  const ids = (so?.invoice_ids as number[]) ?? [];
  const moves = await stack.erpClient.read('account.move', ids, ['name', 'state', 'move_type', 'invoice_date', 'amount_total', 'amount_tax', 'invoice_line_ids']);
  return moves.filter((m) => m.move_type === 'out_invoice' && m.state !== 'cancel').sort((a, b) => a.id - b.id);
}

/** The connector's requests of an order: shipment key, state, code, invoice. */
export async function requestsOf(stack: Stack, amazonOrderId: string): Promise<Array<{ shipmentKey: string; state: string; code: string | null; moveId: number | null }>> {
  const { rows } = await stack.env.db.pool.query(
    `select shipment_key as "shipmentKey", state, code, move_id as "moveId" from invoice_request where backend_id = $1 and amazon_order_id = $2 order by id`,
    [stack.backendId, amazonOrderId],
  );
  return rows;
}

/**
 * Runs the jobs of the given tasks in this process (taken off the queue as a worker would, in run_at order) until
 * none of them is queued any more: the invoice, upload and Feeds core chain. Time-scaled: a job due later (a
 * gathering delay, a feed's poll) is run as soon as it is the next one, without waiting for its time.
 */
export async function runJobsUntilDone(stack: Stack, identifiers: readonly string[], timeoutMs = 20_000): Promise<number> {
  const tasks = taskList(stack.env);
  const deadline = Date.now() + timeoutMs;
  let ran = 0;
  for (;;) {
    const { rows } = await stack.env.db.pool.query<{ id: string; identifier: string; payload: unknown; due: boolean }>(
      `select j.id::text, t.identifier, j.payload, j.run_at <= now() as due from graphile_worker._private_jobs j
         join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = any($1::text[]) and j.locked_at is null order by j.run_at, j.id limit 1`,
      [[...identifiers]],
    );
    const job = rows[0];
    if (!job) return ran;
    if (Date.now() > deadline) throw new Error(`runJobsUntilDone: ${job.identifier} still queued after ${timeoutMs} ms`);
    // A feed polled again and again (Amazon still processing) gets a moment between polls.
    if (!job.due && job.identifier === 'feeds:poll') await new Promise((r) => setTimeout(r, 50));
    await stack.env.db.pool.query('select graphile_worker.complete_jobs(array[$1::bigint])', [job.id]);
    await tasks[job.identifier]!(job.payload, undefined as never);
    ran++;
  }
}
