import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonListingsFeed } from './json-listings.feed.ts';
import { outcomeOf } from './codec.ts';

const SCHEMAS = join(import.meta.dirname, '../../../../../shared/reference/sp-api-models/schemas/feeds');

describe('JSON_LISTINGS_FEED', () => {
  it('encodes the header and numbered messages as listings-feed-schema-v2 asks', () => {
    const patch = { sku: 'SKU-1', operationType: 'PATCH', productType: 'PRODUCT', patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }] }] };
    const { bytes, contentType } = jsonListingsFeed.encode([{ ref: 1, body: patch }, { ref: 2, body: { sku: 'SKU-2', operationType: 'DELETE' } }], { sellerId: 'A1' });
    expect(contentType).toMatch(/^application\/json/);
    expect(JSON.parse(bytes.toString('utf8'))).toEqual({ header: { sellerId: 'A1', version: '2.0' }, messages: [{ messageId: 1, ...patch }, { messageId: 2, sku: 'SKU-2', operationType: 'DELETE' }] });
  });

  it("checks the schema's rules per operation type", () => {
    expect(jsonListingsFeed.check!({ sku: 'S', operationType: 'PATCH', productType: 'P', patches: [] })).toEqual([]);
    expect(jsonListingsFeed.check!({ sku: 'S', operationType: 'PATCH' })).toEqual(['productType is required for PATCH', 'patches is required for PATCH']);
    expect(jsonListingsFeed.check!({ sku: 'S', operationType: 'DELETE', attributes: { a: 1 } })).toEqual(['attributes is not allowed for DELETE']);
  });

  it("reads the schema's own example report: errors reject their message, the others were accepted", () => {
    const report = jsonListingsFeed.parseReport(readFileSync(join(SCHEMAS, 'listings-feed-processing-report-schema-v2.example.json'), 'utf8'));
    expect(report.summary).toEqual({ processed: 4, successful: 2, errors: 3, warnings: 0 });
    expect(outcomeOf(report, 4)).toEqual({ outcome: 'rejected', code: '90220', message: "'[batteries_required]' is required but not supplied." });
    expect(outcomeOf(report, 5).outcome).toBe('rejected');
    expect(outcomeOf(report, 1)).toEqual({ outcome: 'accepted', code: null, message: null });
    expect(() => jsonListingsFeed.parseReport('not json')).toThrow(/not JSON/);
    const fatal = jsonListingsFeed.parseReport(JSON.stringify({ issues: [{ code: '4000000', severity: 'ERROR', message: 'not a listings feed' }], summary: { errors: 1, messagesProcessed: 0 } }));
    expect(outcomeOf(fatal, 1)).toEqual({ outcome: 'rejected', code: '4000000', message: 'not a listings feed' });
  });
});
