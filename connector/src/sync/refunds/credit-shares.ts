/**
 * A refund of an order with several posted invoices (invoiced per partial delivery, or split by a person): the
 * invoices that carry the refunded lines are chosen by what each can still be credited (split-refund.ts), and each
 * gets its own credit note through the reversal wizard on it, exactly once per (refund, invoice): bound as
 * `refund` `<refund id>@<invoice id>`, found before made by that binding, else by the refund's reason in the
 * credit note's `ref` and the invoice it reverses (a crash between the wizard and the binding). Each draft carries
 * its invoice's share of Amazon's amounts and is posted only when its total is that share to the minor unit (the
 * single-invoice path's finishDraft); the refund is `credited` once every share is posted. Runs under the refund's
 * lock, from the batch (credit-refunds.ts), before its look-up by reference.
 */
import { PermanentError, type ErrorCode } from '../../core/errors.ts';
import type { CreditEnv, CreditOutcome } from './credit-refunds.ts';
import { ACCOUNT_MOVE, refundReason, type creditNoteGateway, type MoveView } from './erp/credit-note.gateway.ts';
import type { creditNoteBatchGateway } from './erp/credit-note-batch.gateway.ts';
import { finishDraft } from './finish-draft.ts';
import { creditableInvoices } from './erp/invoice-lines.gateway.ts';
import { recordCredited } from './record-credited.ts';
import type { RefundDocument } from './refund-document.ts';
import { mappedProducts } from './refund-skus.ts';
import { splitRefund } from './split-refund.ts';

/** The binding key of a refund's credit note on one of several invoices. */
export type ShareConflict = (code: ErrorCode, message: string, moveId: number | null, diff?: Record<string, unknown>) => Promise<CreditOutcome>;
type CreditNotes = ReturnType<typeof creditNoteGateway>;

export const shareKey = (refundId: string, invoiceId: number): string => `${refundId}@${invoiceId}`;

export async function creditShares(env: CreditEnv, backendId: number, doc: RefundDocument, invoices: readonly MoveView[], gw: CreditNotes,
  bgw: ReturnType<typeof creditNoteBatchGateway>, conflict: ShareConflict): Promise<CreditOutcome> {
  const { core } = env;
  const rt = await env.runtimes.get(backendId);
  const serviceKinds = new Map((await core.binder.listKind(backendId, 'service_product')).map((b) => [b.erpId, b.amazonKey]));
  const productBySku = await mappedProducts(env, backendId, doc);
  const creditable = await creditableInvoices(rt.erp, invoices.map((i) => i.id), doc.refundId, productBySku, serviceKinds);
  const split = splitRefund(doc, creditable);
  const names = invoices.map((i) => i.name);
  if (!split.ok) {
    return conflict('REFUND_AMOUNT_UNMATCHED', `Amazon refund ${doc.refundId} of order ${doc.orderId} (${invoices.length} invoices): ${split.problems.join('; ')}`, null, { invoices: names });
  }
  const bound = await core.binder.toErpMany(backendId, 'refund', split.shares.map((s) => shareKey(doc.refundId, s.invoiceId)));
  const found = await gw.findByRefund(doc.refundId);
  const moves: number[] = [];
  for (const share of split.shares) {
    const invoice = invoices.find((i) => i.id === share.invoiceId)!;
    const key = shareKey(doc.refundId, invoice.id);
    let moveId = bound.get(key)?.erpId ?? found.find((m) => m.reversedEntryId === invoice.id)?.id ?? null;
    if (moveId === null) {
      const made = await gw.reverse(invoice, refundReason(doc.refundId));
      if (!made.length) throw new PermanentError('ERP_PROTOCOL', `the reversal wizard made no credit note for invoice ${invoice.id}`);
      moveId = made[0]!;
    }
    if (!bound.has(key)) await core.binder.bind(backendId, { kind: 'refund', amazonKey: key, erpModel: ACCOUNT_MOVE, erpId: moveId });
    const onInvoice: ShareConflict = (code, message, id, diff = {}) => conflict(code, `${message} (its share on invoice ${invoice.name ?? invoice.id})`, id, { ...diff, invoice: invoice.name, invoices: names });
    const move = (await bgw.readMoves([moveId])).get(moveId);
    if (!move || move.state === 'cancel') return onInvoice('REFUND_AMOUNT_UNMATCHED', `the credit note ${moveId} of Amazon refund ${doc.refundId} is gone or cancelled`, moveId);
    if (move.state === 'draft') {
      const ready = await finishDraft(env, gw, backendId, share.doc, move, serviceKinds);
      if (!ready.ready) return onInvoice(ready.code, ready.message, moveId, ready.diff ?? {});
      try {
        await gw.post(moveId);
      } catch (e) {
        if ((e as { kind?: string }).kind === 'retryable') throw e;
        return onInvoice('REFUND_POST_REFUSED', `the ERP refused to post the credit note of Amazon refund ${doc.refundId}: ${(e as Error).message}`.slice(0, 500), moveId);
      }
    }
    moves.push(moveId);
  }
  const first = split.shares[0]!.invoiceId;
  const paymentState = (await gw.readMove(first))?.paymentState ?? null;
  await recordCredited(env, backendId, doc, moves[0]!, paymentState, { moveIds: moves, invoiceIds: split.shares.map((s) => s.invoiceId) });
  return { state: 'credited', moveId: moves[0]!, invoicePaymentState: paymentState };
}
