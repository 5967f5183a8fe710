/**
 * How an ERP user marks a credit note for Amazon, with nothing but a stock Odoo 17-19: the text `<mark><Reason>` in
 * its reference (`ref`), e.g. `AMAZON:CustomerReturn`. Typed as the reversal wizard's reason it lands there by
 * itself ("Reversal of: INV/2026/00012, AMAZON:CustomerReturn"); typed in the credit note's Reference field too.
 * The prefix is the backend setting `refundAdjustments.mark` (default `AMAZON:`), matched case-insensitively as a
 * word; the reason must be one of Amazon's `AdjustmentReason` values, spelt as Amazon spells them. The connector's
 * own credit notes say `Amazon refund <id>` (no colon): never a mark.
 */
import { ADJUSTMENT_REASONS, type AdjustmentReason } from '../../amazon/feeds/index.ts';

export type Mark = { marked: false } | { marked: true; reason: AdjustmentReason } | { marked: true; reason: null; written: string };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads the mark in a credit note's reference. */
export function readMark(ref: string | null, prefix: string): Mark {
  if (!ref) return { marked: false };
  const m = new RegExp(`(?:^|[^A-Za-z0-9_])${escape(prefix)}\\s*([A-Za-z]*)`, 'i').exec(ref);
  if (!m) return { marked: false };
  const written = m[1] ?? '';
  const reason = ADJUSTMENT_REASONS.find((r) => r === written);
  return reason ? { marked: true, reason } : { marked: true, reason: null, written };
}
