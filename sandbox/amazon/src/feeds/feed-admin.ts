/** Admin read-back of the Feeds API (`/_sandbox/feeds...` and the in-process handle): feeds, invoices. */
import { AdminError } from '../admin/admin-ops.ts';
import type { SandboxState } from '../state.ts';
import { adminFeedView } from './feed-views.ts';

function knownSeller(state: SandboxState, sellerId: string): void {
  if (!state.sellers.has(sellerId)) throw new AdminError(404, 'UNKNOWN_SELLER', `unknown seller ${sellerId}`);
}

/** A seller's feeds (every seller's when absent), newest first. */
export function feedsOf(state: SandboxState, sellerId?: string): { feeds: Record<string, unknown>[] } {
  state.feedProcessor.advance();
  if (sellerId !== undefined) knownSeller(state, sellerId);
  const sellers = sellerId !== undefined ? [sellerId] : [...state.sellers.keys()];
  return { feeds: sellers.flatMap((s) => state.feeds.feedsOf(s)).sort((a, b) => b.createdMs - a.createdMs).map(adminFeedView) };
}

/** One feed with its messages and results. */
export function feedById(state: SandboxState, feedId: string): Record<string, unknown> {
  state.feedProcessor.advance();
  const f = state.feeds.feeds.get(feedId);
  if (!f) throw new AdminError(404, 'UNKNOWN_FEED', `unknown feed ${feedId}`);
  return adminFeedView(f);
}

/** The VAT invoices / credit notes accepted for an order (the PDF as base64). */
export function invoicesOf(state: SandboxState, orderId: string): { orderId: string; invoices: Record<string, unknown>[] } {
  state.feedProcessor.advance();
  return { orderId, invoices: (state.feeds.invoices.get(orderId) ?? []).map(({ pdf, ...rest }) => ({ ...rest, pdfBytes: pdf.length,
    pdfBase64: pdf.toString('base64') })) };
}
