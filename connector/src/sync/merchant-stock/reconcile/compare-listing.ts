/**
 * Pure: what Amazon shows of one SKU (the listing's DEFAULT channel quantity) judged against what it should show
 * (the offer store's last computed quantity). Only a SKU whose last send is settled and for which nothing newer is
 * on its way can be in drift; a drifted SKU is marked for a re-check and the push patches its current quantity.
 *
 * In the order the rules apply:
 * - `missing`: Amazon has no listing for the SKU (the push raises MERCHANT_STOCK_LISTING_MISSING when it sends one);
 * - `not_offered`: no offer row (an excluded SKU, an FBA-only listing): nothing to compare;
 * - `no_merchant_offer`: the listing shows no DEFAULT channel (FBA only, or the merchant offer was removed): never
 *   re-created by a reconciliation (that would turn an FBA listing merchant-fulfilled);
 * - `refused`: Amazon refused the SKU's last quantity (an open conflict speaks for it);
 * - `in_flight`: a newer version waits for the push, a re-check is marked, or a feed message is not processed yet;
 * - `settling`: sent, or changed on Amazon's side (an order Amazon took, which the sweep may not have stored yet),
 *   less than `settleMs` before the reading: judged at the next pass;
 * - `in_sync` or `drift`.
 */

export type Verdict = 'missing' | 'not_offered' | 'no_merchant_offer' | 'refused' | 'in_flight' | 'settling' | 'in_sync' | 'drift';

/** One listing as Amazon showed it. */
export interface AmazonReading {
  sku: string;
  found: boolean;
  /** Fulfillment channel codes Amazon shows (`DEFAULT`, `AMAZON_EU`...). */
  channels: string[];
  /** The DEFAULT channel's quantity; null without a DEFAULT entry. */
  merchantQty: number | null;
  /** The listing's last update (the latest of its summaries), when Amazon gave one. */
  updatedAt: Date | null;
}

/** One SKU's row of the offer store, with whether its last feed message is still waiting for Amazon's verdict. */
export interface OfferState {
  sku: string;
  desiredQty: number;
  computedSeq: number;
  sentQty: number | null;
  sentSeq: number | null;
  sentAt: Date | null;
  recheck: boolean;
  code: string | null;
  feedOpen: boolean;
}

export interface Judgement {
  sku: string;
  verdict: Verdict;
  amazonQty: number | null;
  expectedQty: number | null;
  /** The version the judgement saw (the re-check mark is set only while it is still the current one). */
  computedSeq: number | null;
  sentSeq: number | null;
}

/** Judges one SKU; `readAt`: when Amazon was read. */
export function judgeListing(reading: AmazonReading, offer: OfferState | undefined, readAt: Date, settleMs: number): Judgement {
  const out = (verdict: Verdict): Judgement => ({
    sku: reading.sku,
    verdict,
    amazonQty: reading.merchantQty,
    expectedQty: offer?.desiredQty ?? null,
    computedSeq: offer?.computedSeq ?? null,
    sentSeq: offer?.sentSeq ?? null,
  });
  if (!reading.found) return out('missing');
  if (!offer) return out('not_offered');
  if (!reading.channels.includes('DEFAULT') || reading.merchantQty === null) return out('no_merchant_offer');
  if (offer.code !== null) return out('refused');
  if (offer.sentSeq === null || offer.computedSeq > offer.sentSeq || offer.recheck || offer.feedOpen) return out('in_flight');
  const settledBefore = readAt.getTime() - settleMs;
  // ">=": a send stamped at the very reading time may not be in what Amazon answered.
  if (offer.sentAt && offer.sentAt.getTime() >= settledBefore) return out('settling');
  if (settleMs > 0 && reading.updatedAt && reading.updatedAt.getTime() >= settledBefore) return out('settling');
  return out(reading.merchantQty === offer.desiredQty ? 'in_sync' : 'drift');
}

/** The verdicts counted by kind (every kind present, 0 when none). */
export function countVerdicts(judgements: readonly Judgement[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { missing: 0, not_offered: 0, no_merchant_offer: 0, refused: 0, in_flight: 0, settling: 0, in_sync: 0, drift: 0 };
  for (const j of judgements) counts[j.verdict] += 1;
  return counts;
}
