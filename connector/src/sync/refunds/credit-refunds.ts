/**
 * Amazon refunds of one backend -> their posted ERP credit notes, exactly once, in as few ERP calls as the batch
 * allows (the caller holds each refund's lock). Per refund: its binding first, then a refund the seller asked for
 * from an ERP credit note (refund-adjustments), then the ERP looked up by the refund id in the credit notes' `ref`
 * (one search for the batch; a batch's credit note also by its `reversed_entry_id`, refund-reference.ts); only
 * then the reversal wizard, ONE for the invoices of one journal (Odoo makes one draft per invoice), each draft
 * bound the moment it is read back. A crash anywhere leaves drafts the next run finds and binds, never a second
 * one. The drafts are finished one write each (finish-draft.ts) and posted together (`action_post` on many ids,
 * halved when the ERP refuses one); posting by the wizard's credit note matches it with its invoice while open.
 */
import { PermanentError, type ErrorCode, type SyncError } from '../../core/errors.ts';
import { sendWithFallback } from '../../erp/batch-fallback.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { ACCOUNT_MOVE, creditNoteGateway, refundReason, type MoveView } from './erp/credit-note.gateway.ts';
import { creditNoteBatchGateway } from './erp/credit-note-batch.gateway.ts';
import { batchReason, ownReference } from './erp/refund-reference.ts';
import { isPending, pendingState } from './deferred-refund.ts';
import { recordCredited } from './record-credited.ts';
import { awaitInvoice } from './awaiting-invoice.ts';
import { atRefundTotal, finishDraft } from './finish-draft.ts';
import { creditShares, type ShareConflict } from './credit-shares.ts';
import type { RefundDocument } from './refund-document.ts';
import { REFUND_KIND, REFUNDS_FLOW } from './refunds.payloads.ts';
import { lookUpSellerAdjustment } from './seller-adjustment.ts';

export type CreditOutcome =
  | { state: 'credited'; moveId: number; invoicePaymentState: string | null }
  | { state: 'conflict'; code: ErrorCode; moveId: number | null }
  | { state: 'pending'; maturityDate: string | null }
  | { state: 'awaiting_invoice'; tries: number }
  | { state: 'missing' };

export type CreditEnv = Pick<TaskEnv, 'core' | 'runtimes' | 'log' | 'db'>;

/** Invoices per reversal wizard and credit notes per posting call at most. */
export const CREDIT_BATCH = 50;

/** Credits `docs` (their locks held); answers each refund's outcome. Throws a retryable ERP error after recording what was done. */
export async function creditRefunds(env: CreditEnv, backendId: number, docs: readonly RefundDocument[]): Promise<Map<string, CreditOutcome>> {
  const { core } = env;
  const rt = await env.runtimes.get(backendId);
  const gw = creditNoteGateway(rt.erp);
  const bgw = creditNoteBatchGateway(rt.erp);
  const out = new Map<string, CreditOutcome>();
  const conflict = async (doc: RefundDocument, code: ErrorCode, message: string, moveId: number | null, diff: Record<string, unknown> = {}) => {
    await core.conflicts.raise({ backendId, kind: REFUND_KIND, amazonKey: doc.refundId, code, message, diff: { amazonOrderId: doc.orderId, ...diff } });
    await core.states.set(backendId, REFUNDS_FLOW, [{ key: doc.refundId, state: 'conflict', code, detail: { orderId: doc.orderId, ...(moveId ? { moveId } : {}) } }]);
    out.set(doc.refundId, { state: 'conflict', code, moveId });
  };
  const moveOf = new Map<string, number>();
  const bind = async (doc: RefundDocument, erpId: number) => {
    await core.binder.bind(backendId, { kind: 'refund', amazonKey: doc.refundId, erpModel: ACCOUNT_MOVE, erpId });
    moveOf.set(doc.refundId, erpId);
  };

  // A deferred refund not released: no credit note before its release (README: "Deferred refunds").
  const pending = docs.filter(isPending);
  await core.states.set(backendId, REFUNDS_FLOW, pending.map(pendingState), { stamp: false });
  for (const d of pending) out.set(d.refundId, { state: 'pending', maturityDate: d.deferral?.maturityDate ?? null });
  const live = docs.filter((d) => !isPending(d));

  // 1. Look up first: the bindings, a seller's adjustment, then the ERP by reference (one search for all).
  const bound = await core.binder.toErpMany(backendId, 'refund', live.map((d) => d.refundId));
  for (const doc of live) {
    const b = bound.get(doc.refundId);
    if (b) { moveOf.set(doc.refundId, b.erpId); continue; }
    const adj = await lookUpSellerAdjustment(env, backendId, doc);
    if (adj.kind === 'ambiguous') await conflict(doc, 'REFUND_ADJUSTMENT_AMBIGUOUS', adj.message, null, { adjustmentIds: adj.adjustmentIds });
    else if (adj.kind === 'matched') await bind(doc, adj.moveId);
  }
  const candidates = live.filter((d) => !moveOf.has(d.refundId) && !out.has(d.refundId));
  // The orders' invoices are read before the look-up by reference: a refund of an order with several invoices
  // gets a credit note per invoice it credits, each found or made on its own (credit-shares.ts).
  const orders = await core.binder.toErpMany(backendId, 'order', candidates.flatMap((d) => (d.orderId ? [d.orderId] : [])));
  const invoicesOf = await bgw.postedInvoicesOfOrders([...orders.values()].map((o) => o.erpId));
  const invoicesOfDoc = (d: RefundDocument) => { const o = d.orderId ? orders.get(d.orderId) : undefined; return o ? (invoicesOf.get(o.erpId) ?? []) : []; };
  for (const doc of candidates.filter((d) => invoicesOfDoc(d).length > 1)) {
    const onShare: ShareConflict = async (code, message, moveId, diff = {}) => { await conflict(doc, code, message, moveId, diff); return out.get(doc.refundId)!; };
    out.set(doc.refundId, await creditShares(env, backendId, doc, invoicesOfDoc(doc), gw, bgw, onShare));
  }
  const unbound = candidates.filter((d) => !out.has(d.refundId));
  const found = await bgw.findByRefunds(unbound.map((d) => d.refundId));
  for (const doc of unbound) if (found.get(doc.refundId)?.length) await bind(doc, found.get(doc.refundId)![0]!.id);

  // 2. Create through the wizard: each refund's order's one posted invoice.
  await makeCreditNotes(env, backendId, bgw, unbound.filter((d) => !moveOf.has(d.refundId)), { out, conflict, bind }, invoicesOfDoc);

  // 3. Finish the drafts (one write each), post them together, record.
  const todo = live.filter((d) => moveOf.has(d.refundId) && !out.has(d.refundId));
  const moves = await bgw.readMoves(todo.map((d) => moveOf.get(d.refundId)!));
  const serviceKinds = new Map((await core.binder.listKind(backendId, 'service_product')).map((b) => [b.erpId, b.amazonKey]));
  // Full refunds' drafts are ready as the wizard made them but for the batch's reference: their own, in one call.
  const refs = todo.flatMap((doc) => {
    const move = moves.get(moveOf.get(doc.refundId)!);
    const ref = move?.state === 'draft' && move.ref !== null && atRefundTotal(doc, move) ? ownReference(doc.refundId, move.ref) : null;
    return ref === null ? [] : [{ id: move!.id, ref }];
  });
  await bgw.writeRefs(refs);
  for (const r of refs) moves.set(r.id, { ...moves.get(r.id)!, ref: r.ref });
  const toPost: RefundDocument[] = [];
  const done: RefundDocument[] = [];
  for (const doc of todo) {
    const moveId = moveOf.get(doc.refundId)!;
    const move = moves.get(moveId);
    if (!move || move.state === 'cancel') await conflict(doc, 'REFUND_AMOUNT_UNMATCHED', `the credit note ${moveId} of Amazon refund ${doc.refundId} is gone or cancelled`, moveId);
    else if (move.state !== 'draft') done.push(doc);
    else {
      const r = await finishDraft(env, gw, backendId, doc, move, serviceKinds);
      if (r.ready) toPost.push(doc);
      else await conflict(doc, r.code, r.message, moveId, r.diff ?? {});
    }
  }
  let retry: SyncError | undefined;
  const posted = await rt.erp.callMany(ACCOUNT_MOVE, 'action_post', toPost.map((d) => moveOf.get(d.refundId)!), {
    batchSize: CREDIT_BATCH,
    // After a timeout: a credit note posted already is done (Odoo refuses to post twice, never doubles it).
    reconcile: async (ids) => { const now = await bgw.readMoves(ids); return ids.map((id) => now.get(id)?.state === 'posted'); },
  });
  for (const [i, r] of posted.entries()) {
    const doc = toPost[i]!;
    if (r.ok) done.push(doc);
    else if (r.error.kind === 'retryable') retry ??= r.error;
    else await conflict(doc, 'REFUND_POST_REFUSED', `the ERP refused to post the credit note of Amazon refund ${doc.refundId}: ${r.error.message}`.slice(0, 500), r.id);
  }
  const credited = await bgw.readMoves(done.map((d) => moveOf.get(d.refundId)!));
  const invoices = await bgw.readMoves([...credited.values()].map((m) => m.reversedEntryId).filter((x): x is number => x !== null));
  for (const doc of done) {
    const moveId = moveOf.get(doc.refundId)!;
    const invoiceId = credited.get(moveId)?.reversedEntryId;
    const paymentState = (invoiceId ? invoices.get(invoiceId)?.paymentState : null) ?? null;
    await recordCredited(env, backendId, doc, moveId, paymentState);
    out.set(doc.refundId, { state: 'credited', moveId, invoicePaymentState: paymentState });
  }
  if (retry) throw retry;
  return out;
}

interface Sink {
  out: Map<string, CreditOutcome>;
  conflict: (doc: RefundDocument, code: ErrorCode, message: string, moveId: number | null, diff?: Record<string, unknown>) => Promise<void>;
  bind: (doc: RefundDocument, erpId: number) => Promise<void>;
}

/**
 * The order's one posted invoice per refund (several: credit-shares.ts, before this), then one wizard per journal and round (an invoice at most once per
 * wizard: two refunds of one invoice go to two wizards, so each credit note is told apart by its invoice). A
 * wizard the ERP refuses is halved until the invoice that causes it fails alone (REFUND_REVERSAL_REFUSED).
 */
async function makeCreditNotes(env: CreditEnv, backendId: number, bgw: ReturnType<typeof creditNoteBatchGateway>, docs: readonly RefundDocument[], sink: Sink,
  invoicesOfDoc: (d: RefundDocument) => readonly MoveView[]): Promise<void> {
  if (!docs.length) return;
  const orders = await env.core.binder.toErpMany(backendId, 'order', docs.flatMap((d) => (d.orderId ? [d.orderId] : [])));
  const plans: Array<{ doc: RefundDocument; invoice: MoveView }> = [];
  for (const doc of docs) {
    const order = doc.orderId ? orders.get(doc.orderId) : undefined;
    const invoices = invoicesOfDoc(doc);
    // Not invoiced yet: the invoices flow makes the invoice first when it will (awaiting-invoice.ts).
    const wait = order && !invoices.length ? await awaitInvoice(env, backendId, doc) : null;
    if (wait?.waiting) { sink.out.set(doc.refundId, { state: 'awaiting_invoice', tries: wait.tries }); continue; }
    if (invoices.length !== 1) {
      const why = !order ? 'the order is not in the ERP' : invoices.length ? `the order has ${invoices.length} posted invoices` : `the order has no posted invoice: ${wait && !wait.waiting ? wait.why : ''}`;
      await sink.conflict(doc, 'REFUND_WITHOUT_INVOICE', `Amazon refund ${doc.refundId} of order ${doc.orderId}: ${why}`, null, { invoices: invoices.map((i) => i.name) });
      continue;
    }
    plans.push({ doc, invoice: invoices[0]! });
  }
  for (const round of wizardRounds(plans)) {
    // No kind yet: every kind is credited alike, and it is read after the credit note, paced (fill-kind.ts).
    const results = await sendWithFallback(round, CREDIT_BATCH, async (chunk) => {
      const reason = chunk.length === 1 ? refundReason(chunk[0]!.doc.refundId) : batchReason(chunk.map((p) => ({ refundId: p.doc.refundId, invoiceId: p.invoice.id })));
      const made = await bgw.reverseMany(chunk.map((p) => p.invoice), reason);
      // Bound at once, before anything else is asked of the ERP: a crash after this is a look-up next time.
      for (const p of chunk) if (made.has(p.invoice.id)) await sink.bind(p.doc, made.get(p.invoice.id)!.id);
      return chunk.map((p) => made.get(p.invoice.id)?.id ?? null);
    });
    for (const [i, r] of results.entries()) {
      const { doc, invoice } = round[i]!;
      if (r.ok && r.value === null) throw new PermanentError('ERP_PROTOCOL', `the reversal wizard made no credit note for invoice ${invoice.id}`);
      if (!r.ok && r.error.kind === 'retryable') throw r.error;
      if (!r.ok) await sink.conflict(doc, 'REFUND_REVERSAL_REFUSED', `the ERP refused the reversal of invoice ${invoice.name ?? invoice.id} for Amazon refund ${doc.refundId}: ${r.error.message}`.slice(0, 500), null);
    }
  }
}

/** The plans cut into wizards: one journal each, an invoice at most once, CREDIT_BATCH invoices at most. */
function wizardRounds<P extends { invoice: MoveView }>(plans: readonly P[]): P[][] {
  const rounds: Array<{ journal: number | null; invoices: Set<number>; plans: P[] }> = [];
  for (const p of plans) {
    let r = rounds.find((x) => x.journal === p.invoice.journalId && !x.invoices.has(p.invoice.id) && x.plans.length < CREDIT_BATCH);
    if (!r) rounds.push((r = { journal: p.invoice.journalId, invoices: new Set(), plans: [] }));
    r.invoices.add(p.invoice.id);
    r.plans.push(p);
  }
  return rounds.map((r) => r.plans);
}
