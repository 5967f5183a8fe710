import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../core/crypto.ts';
import { createAmazonOrderStore, type FetchedOrder } from './amazon-order-store.ts';
import { insertTestBackend, openTestDatabase } from './testing.ts';

const fetched = (id: string, updated: string, hash: string, buyerEmail = 'x1y2@marketplace.amazon.de'): FetchedOrder => ({
  amazonOrderId: id,
  marketplaceId: 'A1PA6795UKMFR9',
  status: 'UNSHIPPED',
  fulfilledBy: 'MERCHANT',
  lastUpdatedAt: updated,
  contentHash: hash,
  order: {
    orderId: id,
    lastUpdatedTime: updated,
    salesChannel: { channelName: 'Amazon.de', marketplaceId: 'A1PA6795UKMFR9' },
    buyer: { buyerName: 'Zoë Müller', buyerEmail },
    recipient: { deliveryAddress: { name: 'Zoë Müller', addressLine1: 'Hauptstraße 1', city: 'Köln', countryCode: 'DE' } },
    orderItems: [],
  },
  withheldTax: [{ orderItemId: '1', amount: '3.19', currencyCode: 'EUR' }],
});

describe('amazon order store', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  const keyring = createKeyring(randomBytes(32));
  beforeAll(async () => {
    db = await openTestDatabase('amazon_order');
    backendId = await insertTestBackend(db);
  });
  afterAll(async () => db.drop());

  it('stores PII sealed only, and reports new or changed content, never an unchanged or older copy', async () => {
    const store = createAmazonOrderStore(db.pool, keyring);
    expect(await store.upsertMany(backendId, [fetched('A-1', '2026-11-20T10:00:00Z', 'h1'), fetched('A-2', '2026-11-20T10:00:00Z', 'h2')])).toEqual(['A-1', 'A-2']);
    // Overlapping window: same content, newer timestamp -> nothing to enqueue.
    expect(await store.upsertMany(backendId, [fetched('A-1', '2026-11-20T10:05:00Z', 'h1')])).toEqual([]);
    expect(await store.upsertMany(backendId, [fetched('A-2', '2026-11-20T10:06:00Z', 'h2b')])).toEqual(['A-2']);
    // An older copy arriving late changes nothing.
    expect(await store.upsertMany(backendId, [fetched('A-2', '2026-11-20T09:00:00Z', 'h2-old')])).toEqual([]);

    const raw = await db.pool.query(`select payload::text, pii_sealed from amazon_order where amazon_order_id = 'A-1'`);
    expect(raw.rows[0].payload).not.toContain('Müller');
    expect(raw.rows[0].payload).not.toContain('marketplace.amazon.de');
    expect(Buffer.from(raw.rows[0].pii_sealed).includes(Buffer.from('Hauptstra'))).toBe(false);

    const plain = await store.getMany(backendId, ['A-1', 'A-2']);
    expect(plain.get('A-2')).toMatchObject({ contentHash: 'h2b', status: 'UNSHIPPED', withheldTax: [{ amount: '3.19', currencyCode: 'EUR' }] });
    expect(plain.get('A-1')!.order).not.toHaveProperty('buyer');
    const full = await store.getMany(backendId, ['A-1'], { withPii: true });
    expect(full.get('A-1')!.order).toMatchObject({ buyer: { buyerName: 'Zoë Müller' }, recipient: { deliveryAddress: { city: 'Köln' } } });
  });

  it('redaction drops the sealed PII for good', async () => {
    const store = createAmazonOrderStore(db.pool, keyring);
    await db.pool.query(`update amazon_order set fetched_at = now() - interval '31 days' where amazon_order_id = 'A-1'`);
    expect(await store.redactOlderThan(backendId, 30)).toBe(1);
    const after = (await store.getMany(backendId, ['A-1'], { withPii: true })).get('A-1')!;
    expect(after.order).not.toHaveProperty('buyer');
    expect(after.piiRedactedAt).toBeInstanceOf(Date);
    await store.upsertMany(backendId, [fetched('A-1', '2026-11-21T10:00:00Z', 'h1c')]);
    expect((await store.getMany(backendId, ['A-1'], { withPii: true })).get('A-1')!.order).not.toHaveProperty('buyer');
  });
});
