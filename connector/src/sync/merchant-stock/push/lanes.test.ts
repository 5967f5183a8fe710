import { describe, expect, it } from 'vitest';
import { jsonListingsFeed } from '../../../amazon/feeds/json-listings.feed.ts';
import type { OfferRow } from '../store/offer-store.ts';
import { messageKey, parseMessageKey, quantityMessage, splitLanes } from './lanes.ts';

const row = (sku: string, desiredQty: number, sentQty: number | null, recheck = false): OfferRow => ({
  sku, productId: 1, desiredQty, computedSeq: 2, productType: null, sentQty, sentSeq: sentQty === null ? null : 1, sentLane: null, recheck, code: null,
});

describe('splitLanes', () => {
  it('patches a small change set whole', () => {
    const lanes = splitLanes([row('A', 5, 3), row('B', 0, 1)], 2);
    expect(lanes.patch.map((r) => r.sku)).toEqual(['A', 'B']);
    expect(lanes.feed).toEqual([]);
  });

  it('sends a large set by feed, but drops to zero and re-checks by patch', () => {
    const lanes = splitLanes([row('A', 5, 3), row('B', 0, 1), row('C', 0, null), row('D', 0, 0, true), row('E', 0, 0), row('F', 9, 9, true)], 2);
    expect(lanes.patch.map((r) => r.sku)).toEqual(['B', 'C', 'D', 'F']);
    expect(lanes.feed.map((r) => r.sku)).toEqual(['A', 'E']);
  });
});

describe('the feed message', () => {
  it("passes the JSON_LISTINGS_FEED type's own checks", () => {
    const body = quantityMessage('MUG 1', 4, null);
    expect(jsonListingsFeed.check?.(body)).toEqual([]);
    expect(body.productType).toBe('PRODUCT');
    expect(body.patches[0]!.value).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 4 }]);
  });

  it('keys each version apart and reads the key back, SKUs with colons included', () => {
    expect(parseMessageKey(messageKey('A:B', 12))).toEqual({ sku: 'A:B', seq: 12 });
    expect(parseMessageKey('invoice:1')).toBeNull();
  });
});
