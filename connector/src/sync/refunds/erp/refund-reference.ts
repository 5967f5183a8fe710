/**
 * What the refunds flow writes into a credit note's `ref` (through the reversal wizard's reason) and how it finds
 * its credit notes again by it. Odoo's wizard writes "Reversal of: <invoice>, <reason>" on every credit note it
 * makes, one reason per wizard: a wizard of one invoice says "Amazon refund <id>"; a wizard of several invoices
 * (a batch, credit-refunds.ts) says every refund of the batch with the invoice each one reverses,
 * "Amazon refund R1 (invoice 12); Amazon refund R2 (invoice 13)", so that each credit note of the batch is found
 * by its refund id AND its `reversed_entry_id` (a crash before the binding never leaves one that two refunds
 * could claim). The batch's reason is replaced by the refund's own before the credit note is posted.
 */

/**
 * The kinds the credit note's reference names: those an accountant books otherwise than a refund (a bank's
 * chargeback, an A-to-z claim Amazon granted). A plain refund, or a kind not known, reads "Amazon refund <id>".
 */
export const KINDS_IN_REFERENCE: ReadonlySet<string> = new Set(['chargeback', 'guarantee_claim']);

/**
 * The wizard's reason for a refund: `ref` then reads "Reversal of: <invoice>, Amazon refund <id>", followed by
 * " (<kind>)" once a kind named above is known; the look-up matches the "Amazon refund <id>" part, whatever follows.
 */
export const refundReason = (refundId: string, kind?: string): string =>
  `Amazon refund ${refundId}${kind && KINDS_IN_REFERENCE.has(kind) ? ` (${kind.replace('_', ' ')})` : ''}`;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const escaped = (refundId: string) => escape(refundReason(refundId));
export const reasonOf = (refundId: string) => new RegExp(`${escaped(refundId)}(?![\\w-])`);
/** The reason with the kind it may already name (this flow's, or an older version's "(refund)", "(unknown)"). */
export const reasonWithKindOf = (refundId: string) => new RegExp(`${escaped(refundId)}(?![\\w-])( \\([a-z ]+\\))?`);

/** The reason of one wizard reversing several invoices, one refund each. */
export const batchReason = (pairs: ReadonlyArray<{ refundId: string; invoiceId: number }>): string =>
  pairs.map((p) => `${refundReason(p.refundId)} (invoice ${p.invoiceId})`).join('; ');

const batchPairOf = (refundId: string) => new RegExp(`${escaped(refundId)} \\(invoice (\\d+)\\)`);
const ANY_BATCH_PAIR = /Amazon refund \S+ \(invoice \d+\)/;

/**
 * Whether a credit note with this `ref` and `reversed_entry_id` is the refund's: its reason names the refund, and
 * when it is a batch's reason, the invoice the batch reversed for this refund is the one this credit note reverses.
 */
export function ownsReference(refundId: string, ref: string, reversedEntryId: number | null): boolean {
  if (!reasonOf(refundId).test(ref)) return false;
  const pair = batchPairOf(refundId).exec(ref);
  return !pair || Number(pair[1]) === reversedEntryId;
}

/** The batch's reason in `ref` replaced by the refund's own (Odoo's "Reversal of: <invoice>, " kept); null: none. */
export function ownReference(refundId: string, ref: string): string | null {
  const m = ANY_BATCH_PAIR.exec(ref);
  return m ? `${ref.slice(0, m.index)}${refundReason(refundId)}` : null;
}
