/**
 * The feed types the connector can send, by Amazon's feed type: each one's encoder and report parser (codec.ts).
 * A new feed type = one file here and one line in the registry.
 */
import type { FeedCodec } from './codec.ts';
import { jsonListingsFeed } from './json-listings.feed.ts';
import { orderAcknowledgementFeed } from './order-acknowledgement.feed.ts';
import { paymentAdjustmentFeed } from './payment-adjustment.feed.ts';
import { vatInvoiceFeed } from './vat-invoice.feed.ts';

export type { EncodedFeed, FeedCodec, MessageOutcome, MessageToEncode, ParsedReport, ReportSummary } from './codec.ts';
export { outcomeOf } from './codec.ts';
export { parseXmlProcessingReport } from './xml-processing-report.ts';
export { parseFlatFileProcessingReport } from './flat-file-processing-report.ts';
export { CANCEL_REASONS, type OrderAcknowledgementBody } from './order-acknowledgement.feed.ts';
export { ADJUSTMENT_REASONS, type AdjustmentReason, type PaymentAdjustmentBody } from './payment-adjustment.feed.ts';
export type { VatInvoiceBody } from './vat-invoice.feed.ts';
export type { ListingsMessageBody } from './json-listings.feed.ts';

const CODECS: ReadonlyMap<string, FeedCodec> = new Map([orderAcknowledgementFeed, paymentAdjustmentFeed, vatInvoiceFeed, jsonListingsFeed].map((c) => [c.feedType, c]));

/** The codec of a feed type, or undefined when the connector cannot send it. */
export function feedCodec(feedType: string): FeedCodec | undefined {
  return CODECS.get(feedType);
}

export const FEED_TYPES: readonly string[] = [...CODECS.keys()];
