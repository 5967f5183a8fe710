/** What an activity says (pure): its summary, ending with the marker, and a note naming the source's facts. */
import { careMarker, type CareReason } from './care.payloads.ts';

const TITLE: Record<CareReason, string> = {
  cancel_request: 'Buyer asks to cancel Amazon order',
  return_request: 'Return requested for Amazon order',
  a_to_z_claim: 'A-to-z guarantee claim on Amazon order',
  chargeback: 'Chargeback on Amazon order',
  ship_late: 'Ship before the latest ship date: Amazon order',
};

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function activitySummary(amazonOrderId: string, reason: CareReason): string {
  return `${TITLE[reason]} ${amazonOrderId} ${careMarker(amazonOrderId, reason)}`;
}

/** The note: one line per fact the source gave (no buyer data is ever in `detail`). */
export function activityNote(reason: CareReason, detail: Record<string, unknown>): string {
  const facts: string[] = [];
  if (reason === 'cancel_request') facts.push(`Buyer's reason: ${String(detail.requestReason ?? 'not given')}`, 'Answer it in the connector (cancel in the ERP, or keep and ship).');
  if (reason === 'return_request') facts.push(`RMA: ${(detail.rmaIds as string[] | undefined)?.join(', ') ?? '?'}`, `Return reason: ${(detail.returnReasons as string[] | undefined)?.join(', ') ?? '?'}`);
  if (reason === 'a_to_z_claim' || reason === 'chargeback') facts.push(`Amazon refund: ${String(detail.refundId ?? '?')}`, 'Answer the claim in Seller Central within its deadline.');
  if (reason === 'ship_late') facts.push(`Latest ship date: ${String(detail.latestShipDate ?? '?')}${detail.late ? ' (already late)' : ''}`);
  return facts.map((f) => `<p>${esc(f)}</p>`).join('');
}
