import { describe, expect, it } from 'vitest';
import { countVerdicts, judgeListing, type AmazonReading, type OfferState } from './compare-listing.ts';

const readAt = new Date('2026-12-02T12:00:00Z');
const minutesAgo = (m: number) => new Date(readAt.getTime() - m * 60_000);
const reading = (over: Partial<AmazonReading> = {}): AmazonReading => ({ sku: 'MUG', found: true, channels: ['AMAZON_EU', 'DEFAULT'], merchantQty: 7, updatedAt: minutesAgo(60), ...over });
const offer = (over: Partial<OfferState> = {}): OfferState => ({
  sku: 'MUG', desiredQty: 7, computedSeq: 3, sentQty: 7, sentSeq: 3, sentAt: minutesAgo(30), recheck: false, code: null, feedOpen: false, ...over,
});
const SETTLE = 5 * 60_000;

describe('judgeListing: what Amazon shows against what it should show', () => {
  it('is in sync when Amazon shows the last computed quantity', () => {
    expect(judgeListing(reading(), offer(), readAt, SETTLE)).toMatchObject({ verdict: 'in_sync', amazonQty: 7, expectedQty: 7 });
  });

  it('finds drift when a settled SKU shows another quantity, keeping the versions it saw for the compare-and-set', () => {
    expect(judgeListing(reading({ merchantQty: 12 }), offer(), readAt, SETTLE)).toEqual({ sku: 'MUG', verdict: 'drift', amazonQty: 12, expectedQty: 7, computedSeq: 3, sentSeq: 3 });
    // Amazon showing less (someone lowered it in Seller Central) is drift too.
    expect(judgeListing(reading({ merchantQty: 0 }), offer(), readAt, SETTLE).verdict).toBe('drift');
  });

  it('never judges a SKU with a newer send on its way', () => {
    const other = reading({ merchantQty: 12 });
    expect(judgeListing(other, offer({ computedSeq: 4 }), readAt, SETTLE).verdict).toBe('in_flight');
    expect(judgeListing(other, offer({ recheck: true }), readAt, SETTLE).verdict).toBe('in_flight');
    expect(judgeListing(other, offer({ feedOpen: true }), readAt, SETTLE).verdict).toBe('in_flight');
    expect(judgeListing(other, offer({ sentSeq: null, sentQty: null, sentAt: null }), readAt, SETTLE).verdict).toBe('in_flight');
  });

  it('lets a recent send or a recent change on Amazon settle first (an order the sweep has not stored yet)', () => {
    const other = reading({ merchantQty: 5 });
    expect(judgeListing(other, offer({ sentAt: minutesAgo(2) }), readAt, SETTLE).verdict).toBe('settling');
    expect(judgeListing(reading({ merchantQty: 5, updatedAt: minutesAgo(1) }), offer(), readAt, SETTLE).verdict).toBe('settling');
    // Without a settle time only a send made at or after the reading waits.
    expect(judgeListing(reading({ merchantQty: 5, updatedAt: readAt }), offer(), readAt, 0).verdict).toBe('drift');
    expect(judgeListing(other, offer({ sentAt: readAt }), readAt, 0).verdict).toBe('settling');
  });

  it('never repairs a listing without a merchant offer, a refused SKU, a missing listing or a SKU not offered', () => {
    expect(judgeListing(reading({ channels: ['AMAZON_EU'], merchantQty: null }), offer(), readAt, SETTLE).verdict).toBe('no_merchant_offer');
    expect(judgeListing(reading({ merchantQty: 3 }), offer({ code: 'MERCHANT_STOCK_REFUSED' }), readAt, SETTLE).verdict).toBe('refused');
    expect(judgeListing(reading({ found: false, channels: [], merchantQty: null }), offer(), readAt, SETTLE).verdict).toBe('missing');
    expect(judgeListing(reading({ merchantQty: 3 }), undefined, readAt, SETTLE)).toMatchObject({ verdict: 'not_offered', expectedQty: null });
  });

  it('counts the verdicts by kind', () => {
    const judged = [judgeListing(reading(), offer(), readAt, SETTLE), judgeListing(reading({ merchantQty: 1 }), offer(), readAt, SETTLE), judgeListing(reading({ merchantQty: 2 }), offer(), readAt, SETTLE)];
    expect(countVerdicts(judged)).toEqual({ missing: 0, not_offered: 0, no_merchant_offer: 0, refused: 0, in_flight: 0, settling: 0, in_sync: 1, drift: 2 });
  });
});
