import { describe, expect, it } from 'vitest';
import type { Queryable } from '../../../core/sql.ts';
import { enqueueFeedMessage } from './enqueue-feed-message.ts';

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
