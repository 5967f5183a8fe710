import { describe, expect, it } from 'vitest';
import { fbaOnlyByChannels, readingsOf } from './listing-reading.ts';

describe('readingsOf', () => {
  it("reads each SKU asked: channels, DEFAULT quantity, latest update; a SKU Amazon did not answer has no listing", () => {
    const items = [
      { sku: 'DUAL', summaries: [{ marketplaceId: 'DE', lastUpdatedDate: '2026-12-01T10:00:00Z' }, { marketplaceId: 'FR', lastUpdatedDate: '2026-12-01T11:00:00Z' }],
        fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: 4 }, { fulfillmentChannelCode: 'AMAZON_EU', quantity: 900 }] },
      { sku: 'FBA', fulfillmentAvailability: [{ fulfillmentChannelCode: 'AMAZON_EU', quantity: 10 }] },
    ];
    expect(readingsOf(['DUAL', 'FBA', 'GONE'], items)).toEqual([
      { sku: 'DUAL', found: true, channels: ['AMAZON_EU', 'DEFAULT'], merchantQty: 4, updatedAt: new Date('2026-12-01T11:00:00Z') },
      { sku: 'FBA', found: true, channels: ['AMAZON_EU'], merchantQty: null, updatedAt: null },
      { sku: 'GONE', found: false, channels: [], merchantQty: null, updatedAt: null },
    ]);
  });
});

describe('fbaOnlyByChannels', () => {
  it('is FBA-only with an AMAZON channel and no DEFAULT one, merchant with a DEFAULT one, unknown otherwise', () => {
    expect(fbaOnlyByChannels(['AMAZON_EU'])).toBe(true);
    expect(fbaOnlyByChannels(['AMAZON_NA', 'DEFAULT'])).toBe(false);
    expect(fbaOnlyByChannels(['DEFAULT'])).toBe(false);
    expect(fbaOnlyByChannels([])).toBeNull();
    expect(fbaOnlyByChannels(null)).toBeNull();
  });
});
