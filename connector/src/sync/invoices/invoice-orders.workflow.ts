/**
 * One round of invoicing: for each order, its oldest waiting shipment. Exactly once, recovering forward:
 *  1. look up first: the request's own invoice (bound by an earlier run), else an invoice of the order no shipment
 *     is bound to (a crash between the wizard and the binding left it, or a person made it): adopted;
 *  2. only an order with something left to invoice goes through the wizard (several orders per call; a refused
 *     call is halved until the order that causes it fails alone); its new invoice is found and bound at once;
 *  3. drafts get Amazon's ship date as invoice date, are checked against Amazon's amounts, and posted (batched).
 * An order whose earlier invoice already covers everything ends `covered`, bound to nothing.
 */
import type { SyncError } from '../../core/errors.ts';
import { sendWithFallback } from '../../erp/batch-fallback.ts';
import type { LockSession } from '../../core/lock.ts';
import type { BackendRuntime } from '../frame/backend-runtime.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { amazonOrderAmounts, orderDocuments, recordedWithheldTax } from '../orders/index.ts';
import { ACCOUNT_MOVE, invoiceGateway, type ErpInvoice, type OrderInvoicing } from './erp/invoice.gateway.ts';
import { boundMoves, type InvoiceRequestRow } from './invoice-requests.ts';
import { bindInvoices, recordOutcomes, type Outcome } from './invoice-outcomes.ts';
import { totalsProblem } from './invoice-totals.ts';

export interface RoundDeps {
  env: Pick<TaskEnv, 'db' | 'core' | 'log'>;
  rt: BackendRuntime;
  locks: LockSession;
  batchSize: number;
  /** `invoices.uploadVatInvoices`: each invoice recorded posted gets its PDF upload asked. */
  upload?: boolean;
}

export interface RoundResult {
  outcomes: Outcome[];
  /** Requests left waiting by a retryable ERP failure (the job is retried later). */
  retry: InvoiceRequestRow[];
  retryError?: SyncError;
}

/** Record errors: what Odoo refuses because of this order or invoice (its message is the conflict's). */
const isRefusal = (e: SyncError) => e.code === 'ERP_VALIDATION' || e.code === 'ERP_USER_ERROR';
const isCustomerInvoice = (i: ErpInvoice) => i.moveType === 'out_invoice' && i.state !== 'cancel';
/** The calendar date of Amazon's ship date (UTC): the invoice date. */
const invoiceDateOf = (r: InvoiceRequestRow) => r.shipDate.toISOString().slice(0, 10);

/** Invoices one waiting shipment per order of `requests` (the orders are locked by the caller). */
export async function invoiceOrders(deps: RoundDeps, requests: readonly InvoiceRequestRow[]): Promise<RoundResult> {
  const { env, rt } = deps;
  const backendId = rt.backend.id;
  const gw = invoiceGateway(rt.erp);
  const result: RoundResult = { outcomes: [], retry: [] };
  const conflict = (request: InvoiceRequestRow, code: Extract<Outcome, { state: 'conflict' }>['code'], message: string, details?: Record<string, unknown>, moveId?: number | null) =>
    result.outcomes.push({ request, state: 'conflict', code, message, ...(details ? { details } : {}), ...(moveId === undefined ? {} : { moveId }) });

  // The ERP sales orders, through the orders flow's bindings.
  const orderBindings = await env.core.binder.toErpMany(backendId, 'order', requests.map((r) => r.amazonOrderId));
  const todo: Array<{ request: InvoiceRequestRow; orderId: number }> = [];
  for (const r of requests) {
    const b = orderBindings.get(r.amazonOrderId);
    if (b) todo.push({ request: r, orderId: b.erpId });
    else conflict(r, 'INVOICE_ORDER_NOT_IMPORTED', `Amazon order ${r.amazonOrderId} has no ERP sales order yet: retry once its import is done`);
  }
  let orders = await gw.readOrders(todo.map((t) => t.orderId));
  let invoices = await gw.readInvoices([...orders.values()].flatMap((o) => o.invoiceIds));
  const found = new Map<InvoiceRequestRow, number>();
  const toCreate: typeof todo = [];

  /** The request's invoice: its own (bound earlier, not cancelled), else the order's oldest one bound to nobody. */
  const lookUp = async (items: typeof todo): Promise<typeof todo> => {
    const all = items.flatMap((t) => orders.get(t.orderId)?.invoiceIds ?? []);
    const bound = await boundMoves(env.db.pool, backendId, all);
    const pairs: Array<{ request: InvoiceRequestRow; moveId: number }> = [];
    const none: typeof todo = [];
    for (const t of items) {
      const own = t.request.moveId !== null ? invoices.get(t.request.moveId) : undefined;
      if (own && own.state !== 'cancel') {
        found.set(t.request, own.id);
        continue;
      }
      const free = (orders.get(t.orderId)?.invoiceIds ?? [])
        .map((id) => invoices.get(id))
        .filter((i): i is ErpInvoice => Boolean(i && isCustomerInvoice(i) && !bound.has(i.id)))
        .sort((a, b) => a.id - b.id)[0];
      if (free) {
        found.set(t.request, free.id);
        pairs.push({ request: t.request, moveId: free.id });
      } else none.push(t);
    }
    await bindInvoices(env, backendId, pairs);
    return none;
  };

  const present: typeof todo = [];
  for (const t of todo) {
    const so = orders.get(t.orderId);
    if (!so) conflict(t.request, 'INVOICE_ORDER_NOT_IMPORTED', `the ERP sales order ${t.orderId} of ${t.request.amazonOrderId} no longer exists`);
    else present.push(t);
  }
  for (const t of await lookUp(present)) {
    const so = orders.get(t.orderId)!;
    if (so.state !== 'sale' && so.state !== 'done') conflict(t.request, 'INVOICE_ORDER_NOT_CONFIRMED', `${so.name} is ${so.state === 'cancel' ? 'cancelled' : 'not confirmed'} in the ERP: nothing to invoice`);
    else if (so.invoiceStatus === 'to invoice') toCreate.push(t);
    else result.outcomes.push({ request: t.request, state: 'covered', message: `${so.name}: nothing new to invoice (its earlier invoices cover what was shipped)` });
  }

  // The wizard, several orders per call. Its invoices are found by re-reading the orders, never from its answer.
  if (toCreate.length) {
    await deps.locks.ensureHeld();
    const sent = await sendWithFallback(toCreate, deps.batchSize, async (chunk) => {
      await gw.createInvoices(chunk.map((t) => t.orderId));
      return chunk.map(() => true);
    });
    const created: typeof todo = [];
    sent.forEach((s, i) => {
      const t = toCreate[i]!;
      if (s.ok) created.push(t);
      else if (isRefusal(s.error)) conflict(t.request, 'INVOICE_REFUSED', `the ERP refused to invoice ${orders.get(t.orderId)!.name}: ${s.error.message}`, { erpCode: s.error.code });
      else {
        result.retry.push(t.request);
        result.retryError = s.error;
      }
    });
    if (created.length) {
      const again = await gw.readOrders(created.map((t) => t.orderId));
      orders = new Map([...orders, ...again]);
      invoices = new Map([...invoices, ...(await gw.readInvoices([...again.values()].flatMap((o) => o.invoiceIds)))]);
      for (const t of await lookUp(created)) {
        result.outcomes.push({ request: t.request, state: 'covered', message: `${orders.get(t.orderId)!.name}: the ERP made no new invoice (nothing was left to invoice)` });
      }
    }
  }

  await finish(deps, [...found].map(([request, moveId]) => ({ request, moveId, order: orders.get(todo.find((t) => t.request === request)!.orderId)! })), invoices, result, conflict);
  await recordOutcomes(env, backendId, result.outcomes, { upload: deps.upload ?? false });
  return result;
}

type Found = { request: InvoiceRequestRow; moveId: number; order: OrderInvoicing };

/** Posted ones are done; drafts get their date, their totals checked, and are posted. */
async function finish(deps: RoundDeps, items: readonly Found[], invoices: Map<number, ErpInvoice>, result: RoundResult, conflict: (r: InvoiceRequestRow, code: 'INVOICE_TOTAL_MISMATCH' | 'INVOICE_POST_REFUSED' | 'INVOICE_AMOUNTS_UNKNOWN', m: string, d?: Record<string, unknown>, moveId?: number | null) => void): Promise<void> {
  const { env, rt } = deps;
  const gw = invoiceGateway(rt.erp);
  const drafts: Found[] = [];
  for (const f of items) {
    const inv = invoices.get(f.moveId)!;
    if (inv.state === 'posted') result.outcomes.push({ request: f.request, state: 'invoiced', moveId: f.moveId, invoiceName: inv.name });
    else drafts.push(f);
  }
  if (!drafts.length) return;
  // The VAT tax point: Amazon's ship date, written before posting (posting would otherwise date it today).
  await deps.locks.ensureHeld();
  const byDate = new Map<string, number[]>();
  for (const f of drafts) {
    if (invoices.get(f.moveId)!.invoiceDate === invoiceDateOf(f.request)) continue;
    byDate.set(invoiceDateOf(f.request), [...(byDate.get(invoiceDateOf(f.request)) ?? []), f.moveId]);
  }
  for (const [date, ids] of byDate) await gw.setInvoiceDate(ids, date);
  const read = await gw.readInvoices(drafts.map((f) => f.moveId));
  const stored = await orderDocuments(env.core.documents).getMany(rt.backend.id, drafts.map((f) => f.request.amazonOrderId));
  // The VAT Amazon keeps inside an untaxed gross (deemed supplier) is the import's to know: its record of it.
  const withheld = await recordedWithheldTax(env.db.pool, rt.backend.id, drafts.map((f) => f.request.amazonOrderId));
  const postable: Found[] = [];
  for (const f of drafts) {
    const inv = read.get(f.moveId);
    // Deleted in the ERP meanwhile: the request stays waiting, and the next round looks the order up again.
    if (!inv) continue;
    const order = stored.found.get(f.request.amazonOrderId)?.order;
    const amazon = order ? amazonOrderAmounts(order, withheld.get(f.request.amazonOrderId)) : null;
    if (!amazon) {
      conflict(f.request, 'INVOICE_AMOUNTS_UNKNOWN', `Amazon's amounts of ${f.request.amazonOrderId} cannot be read from the stored order (or the VAT Amazon withheld inside them was not recorded by its import: resync the order): the invoice stays a draft`, undefined, f.moveId);
      continue;
    }
    const earlier = f.order.invoiceIds.filter((id) => id !== f.moveId).map((id) => invoices.get(id)).filter((i): i is ErpInvoice => Boolean(i && isCustomerInvoice(i)));
    const problem = totalsProblem(inv, earlier, amazon, f.order.invoiceStatus === 'invoiced');
    if (problem) conflict(f.request, 'INVOICE_TOTAL_MISMATCH', problem.message, problem.details, f.moveId);
    else postable.push(f);
  }
  if (!postable.length) return;
  await deps.locks.ensureHeld();
  const posted = await rt.erp.callMany(ACCOUNT_MOVE, 'action_post', postable.map((f) => f.moveId), {
    batchSize: deps.batchSize,
    // After a timeout: posted already is done (posting twice is refused by Odoo, never doubled).
    reconcile: async (ids) => {
      const now = await gw.readInvoices(ids);
      return ids.map((id) => now.get(id)?.state === 'posted');
    },
  });
  const names = await gw.readInvoices(postable.map((f) => f.moveId));
  posted.forEach((p, i) => {
    const f = postable[i]!;
    if (p.ok) result.outcomes.push({ request: f.request, state: 'invoiced', moveId: f.moveId, invoiceName: names.get(f.moveId)?.name ?? null });
    else if (isRefusal(p.error)) conflict(f.request, 'INVOICE_POST_REFUSED', `the ERP refused to post the invoice of ${f.order.name}: ${p.error.message}`, { erpCode: p.error.code }, f.moveId);
    else {
      result.retry.push(f.request);
      result.retryError = p.error;
    }
  });
}
