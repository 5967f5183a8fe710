/**
 * Feed types: the names Amazon's Feeds API knows (createFeed refuses any other name with 400), and the few this
 * sandbox processes. A known type it does not process is accepted and ends FATAL with a report saying so, as a feed
 * Amazon cannot process ends (README, "Feeds API").
 */

/** Processed here (feed-processing.ts picks the processor). */
export const PROCESSED_FEED_TYPES = [
  'POST_ORDER_ACKNOWLEDGEMENT_DATA',
  'POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA',
  'UPLOAD_VAT_INVOICE',
  'JSON_LISTINGS_FEED',
  'POST_PAYMENT_ADJUSTMENT_DATA',
] as const;
export type ProcessedFeedType = (typeof PROCESSED_FEED_TYPES)[number];

/** Amazon's documented feed type values (Feed Type Values page) the sandbox accepts without processing them. */
const OTHER_KNOWN = [
  'POST_PRODUCT_DATA', 'POST_INVENTORY_AVAILABILITY_DATA', 'POST_PRODUCT_OVERRIDES_DATA', 'POST_PRODUCT_PRICING_DATA',
  'POST_PRODUCT_IMAGE_DATA', 'POST_PRODUCT_RELATIONSHIP_DATA', 'POST_FLAT_FILE_INVLOADER_DATA',
  'POST_FLAT_FILE_LISTINGS_DATA', 'POST_FLAT_FILE_PRICEANDQUANTITYONLY_UPDATE_DATA', 'POST_ORDER_FULFILLMENT_DATA',
  'POST_FLAT_FILE_FULFILLMENT_DATA', 'POST_FLAT_FILE_PAYMENT_ADJUSTMENT_DATA',
  'POST_INVOICE_CONFIRMATION_DATA', 'POST_EXPECTED_SHIP_DATE_SOD', 'POST_EXPECTED_SHIP_DATE_SOD_FLAT_FILE',
  'POST_FBA_INBOUND_CARTON_CONTENTS', 'POST_FLAT_FILE_FBA_CREATE_INBOUND_PLAN', 'POST_FLAT_FILE_FBA_CREATE_REMOVAL',
  'POST_FULFILLMENT_ORDER_REQUEST_DATA', 'POST_FULFILLMENT_ORDER_CANCELLATION_REQUEST_DATA',
  'POST_FLAT_FILE_FULFILLMENT_ORDER_REQUEST_DATA', 'POST_FLAT_FILE_FULFILLMENT_ORDER_CANCELLATION_REQUEST_DATA',
  'POST_EASYSHIP_DOCUMENTS', 'RFQ_UPLOAD_FEED', 'POST_FLAT_FILE_CONVERGENCE_LISTINGS_DATA',
] as const;

const KNOWN = new Set<string>([...PROCESSED_FEED_TYPES, ...OTHER_KNOWN]);

export const isKnownFeedType = (t: string): boolean => KNOWN.has(t);
export const isProcessedFeedType = (t: string): t is ProcessedFeedType => (PROCESSED_FEED_TYPES as readonly string[]).includes(t);
