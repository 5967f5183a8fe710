/**
 * The bench's starting point, not timed: `count` merchant orders on Amazon, imported by a connector worker (the
 * orders flow's sweep) and invoiced through the invoices flow (its requests made as the shipments flow makes them,
 * in one transaction; the worker's invoice job takes them 50 orders a wizard call), then shipped on Amazon. The ERP
 * sandbox runs at its own speed meanwhile (no cost model): at a real Odoo's speed this would take hours. The
 * sandbox's products invoice ordered quantities (`invoice_policy` order), so no delivery needs validating first.
 */
import { requestInvoice } from '../../connector/src/sync/invoices/index.ts';
import type { RefundsStack } from './refunds-stack.ts';

const DE = 'A1PA6795UKMFR9';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SeededOrders {
  /** Amazon order ids invoiced in the ERP (posted) and shipped on Amazon. */
  invoiced: string[];
  generated: number;
  notImported: number;
  notInvoiced: number;
  seconds: number;
}

/**
 * At least `count` invoiced orders when the generated mix allows (about 9 % of the generated orders are conflicts
 * the ERP cannot take, so 12 % more are generated; the surplus is left out by the caller).
 */
export async function seedInvoicedOrders(s: RefundsStack, count: number, say: (x: string) => void): Promise<SeededOrders> {
  const t0 = Date.now();
  const now = Date.now();
  const ids: string[] = [];
  const generate = Math.ceil(count * 1.12) + 5;
  // In slices: the sandbox builds each order in memory at once.
  for (let i = 0; i < generate; i += 1000) {
    ids.push(...s.amazon.generateOrders({ sellerId: s.sellerId, count: Math.min(1000, generate - i), marketplaceId: DE, fulfilledBy: 'MERCHANT',
      status: 'UNSHIPPED', business: false, createdFrom: new Date(now - 6 * 3600_000).toISOString(), createdTo: new Date(now - 10 * 60_000).toISOString() }));
  }
  say(`seed: ${ids.length} merchant orders generated on Amazon; importing them (a worker, the ERP at its own speed)`);
  const worker = s.startWorker('seed-worker', 4);
  try {
    await sweepUntil(s, worker, `select (select count(*)::int from fetched_document where backend_id = $1 and kind = 'order') >= $2
        and not exists (select 1 from record_state where backend_id = $1 and flow = 'orders' and state = 'queued')
        and not exists (select 1 from graphile_worker.jobs where task_identifier in ('orders:import', 'orders:resync'))`, [s.backendId, ids.length], 'import');
    const { rows } = await s.booted.db.pool.query<{ id: string }>(
      `select amazon_order_id as id from amazon_order where backend_id = $1 and sync_state = 'imported' and amazon_order_id = any($2)`, [s.backendId, ids]);
    const imported = rows.map((r) => r.id);
    say(`seed: ${imported.length} imported (${ids.length - imported.length} not: conflicts of the generated mix) after ${secs(t0)} s; invoicing them`);

    const tx = await s.booted.db.pool.connect();
    try {
      await tx.query('begin');
      for (const id of imported) await requestInvoice(tx, { backendId: s.backendId, amazonOrderId: id, shipmentKey: `bench:${id}`, shipDate: new Date(now - 3600_000).toISOString() });
      await tx.query('commit');
    } finally {
      tx.release();
    }
    await sweepUntil(s, worker, `select not exists (select 1 from invoice_request where backend_id = $1 and state = 'waiting')`, [s.backendId], 'invoicing');
    const { rows: inv } = await s.booted.db.pool.query<{ id: string }>(
      `select amazon_order_id as id from invoice_request where backend_id = $1 and state = 'invoiced'`, [s.backendId]);
    const invoiced = inv.map((r) => r.id);
    for (const id of invoiced) s.amazon.updateOrder(id, { fulfillmentStatus: 'SHIPPED' });
    say(`seed: ${invoiced.length} orders invoiced in the ERP and shipped on Amazon after ${secs(t0)} s`);
    return { invoiced, generated: ids.length, notImported: ids.length - imported.length, notInvoiced: imported.length - invoiced.length, seconds: secs(t0) };
  } finally {
    await worker.stop();
  }
}

const secs = (t0: number) => Math.round((Date.now() - t0) / 100) / 10;

/** Waits until `doneSql` (one boolean column) holds, the worker alive; 60 minutes at most. */
async function sweepUntil(s: RefundsStack, worker: { proc: { exitCode: number | null }; tail(): string }, doneSql: string, params: unknown[], what: string): Promise<void> {
  const until = Date.now() + 60 * 60_000;
  for (;;) {
    const { rows } = await s.booted.db.pool.query<Record<string, boolean>>(doneSql, params);
    if (Object.values(rows[0]!)[0]) return;
    if (worker.proc.exitCode !== null) throw new Error(`the seeding worker exited during the ${what}:\n${worker.tail()}`);
    if (Date.now() > until) throw new Error(`the ${what} did not finish in 60 minutes`);
    await sleep(500);
  }
}
