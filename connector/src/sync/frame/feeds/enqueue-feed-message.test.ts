import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../../core/sql.ts';
import { enqueueFeedMessage, enqueueFeedMessages } from './enqueue-feed-message.ts';

/** A transaction that records what was sent: nothing may reach it for a refused message. */
function tx(): Queryable & { sql: string[] } {
  const sql: string[] = [];
  const query = async (text: string) => (sql.push(text), { rows: [{ id: '7' }] });
  return { sql, query } as unknown as Queryable & { sql: string[] };
}
const base = { backendId: 1, key: '302-1234567-1234567', marketplaceIds: ['A1PA6795UKMFR9'] };
const ack = { amazonOrderId: '302-1234567-1234567', items: [{ orderItemId: '1', cancelReason: 'NoInventory' }] };

describe('enqueueFeedMessage (the boundary)', () => {
  it('queues a valid message and the backend\'s submit job in the caller\'s transaction', async () => {
    const t = tx();
    expect(await enqueueFeedMessage(t, { ...base, feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA', body: ack })).toEqual({ messageId: 7, created: true });
    expect(t.sql[0]).toMatch(/insert into feed_message/);
    expect(t.sql[1]).toMatch(/graphile_worker.add_job/);
  });

  it('refuses an unknown type, a body off its schema, a missing PDF or no marketplace, naming paths not values', async () => {
    const t = tx();
    await expect(enqueueFeedMessage(t, { ...base, feedType: 'POST_PRODUCT_DATA', body: {} })).rejects.toMatchObject({ code: 'FEED_TYPE_UNKNOWN' });
    const bad = enqueueFeedMessage(t, { ...base, feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA', body: { ...ack, items: [{ orderItemId: '1', cancelReason: 'Secret buyer note' }] } });
    await expect(bad).rejects.toMatchObject({ code: 'FEED_MESSAGE_INVALID' });
    await expect(bad).rejects.not.toThrow(/Secret buyer note/);
    const invoice = { amazonOrderId: '302-1234567-1234567', invoiceNumber: 'F1', documentType: 'Invoice', totalAmount: '10.00', totalVatAmount: '1.60' };
    await expect(enqueueFeedMessage(t, { ...base, feedType: 'UPLOAD_VAT_INVOICE', body: invoice })).rejects.toThrow(/attachment: required/);
    await expect(enqueueFeedMessage(t, { ...base, marketplaceIds: [], feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA', body: ack })).rejects.toThrow(/marketplaceIds/);
    await expect(enqueueFeedMessage(t, { ...base, feedType: 'JSON_LISTINGS_FEED', body: { sku: 'S', operationType: 'PATCH' } })).rejects.toThrow(/productType is required/);
    expect(t.sql).toEqual([]);
  });
});

describe('enqueueFeedMessages (the boundary, many at once)', () => {
  const listing = (sku: string) => ({ sku, operationType: 'PATCH', productType: 'PRODUCT', patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 3 }] }] });
  const many = (keys: string[], body: (k: string) => Record<string, unknown> = listing) => ({ backendId: 1, feedType: 'JSON_LISTINGS_FEED', marketplaceIds: ['A1PA6795UKMFR9'], messages: keys.map((k) => ({ key: k, body: body(k) })) });

  it('queues the batch in one statement and the submit job once', async () => {
    const t = tx();
    t.query = (async (text: string) => (t.sql.push(text), { rows: [{ key: 'a', id: '7', created: true }, { key: 'b', id: '8', created: true }] })) as typeof t.query;
    expect(await enqueueFeedMessages(t, many(['a', 'b']))).toEqual([{ key: 'a', messageId: 7, created: true }, { key: 'b', messageId: 8, created: true }]);
    expect(t.sql).toHaveLength(2);
    expect(t.sql[0]).toMatch(/insert into feed_message/);
    expect(t.sql[1]).toMatch(/graphile_worker.add_job/);
  });

  it('refuses the whole batch for one bad message or a key given twice, writing nothing', async () => {
    const t = tx();
    const bad = many(['a', 'b'], (k) => (k === 'b' ? { sku: k, operationType: 'PATCH' } : listing(k)));
    await expect(enqueueFeedMessages(t, bad)).rejects.toMatchObject({ code: 'FEED_MESSAGE_INVALID' });
    await expect(enqueueFeedMessages(t, many(['a', 'a']))).rejects.toThrow(/twice in one batch/);
    expect(t.sql).toEqual([]);
  });
});
