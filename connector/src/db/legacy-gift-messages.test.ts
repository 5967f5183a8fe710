/** Gift messages written in clear by earlier versions: sealed with a kept order's PII, dropped from redacted orders and snapshots. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../core/crypto.ts';
import { createDocumentStore, type DocumentKind } from '../core/documents/index.ts';
import { joinPii, PII_PARTS, splitPii } from './order-pii.ts';
import { sealLegacyGiftMessages } from './legacy-gift-messages.ts';
import { insertTestBackend, openTestDatabase } from './testing.ts';

const ORDER: DocumentKind<Record<string, unknown>> = { name: 'order', piiParts: PII_PARTS, sealContext: 'amazon_order', split: splitPii, join: joinPii };
const withGift = (orderId: string) => ({
  orderId,
  orderItems: [{ orderItemId: '1', fulfillment: { packing: { giftOption: { giftMessage: 'Für Oma Hilde\u0000', giftWrapLevel: 'Classic' } } } }],
});

describe('legacy clear gift messages', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  const keyring = createKeyring(randomBytes(32));
  beforeAll(async () => {
    db = await openTestDatabase('legacy_gift');
    backendId = await insertTestBackend(db);
    // As an earlier version stored them: the buyer sealed (G-1), nothing sealed (G-3), redacted (G-2); messages in clear.
    const buyer = keyring.sealJson({ buyer: { buyerName: 'Ole Sund' } }, `amazon_order:${backendId}:G-1`);
    const clear = (id: string) => JSON.stringify(withGift(id)).replace('\\u0000', '\uFDD00000');
    await db.pool.query(
      `insert into fetched_document (backend_id, kind, key, source_updated_at, content_hash, payload, pii_sealed, pii_key_id, pii_redacted_at)
       values ($1, 'order', 'G-1', now(), 'h', $2, $5, $6, null), ($1, 'order', 'G-2', now(), 'h', $3, null, null, now()),
              ($1, 'order', 'G-3', now(), 'h', $4, null, null, null)`,
      [backendId, clear('G-1'), clear('G-2'), clear('G-3'), buyer.sealed, buyer.keyId],
    );
    await db.pool.query(`insert into sync_conflict (backend_id, kind, amazon_key, code, message, amazon_snapshot) values ($1, 'order', 'G-1', 'SKU_UNMAPPED', 'x', $2)`, [backendId, clear('G-1')]);
  });
  afterAll(async () => db?.drop());

  it('seals kept ones exactly, drops redacted and snapshot ones, and touches nothing the second time', async () => {
    expect(await sealLegacyGiftMessages(db.pool, keyring, backendId)).toEqual({ orders: 3, conflicts: 1 });
    const { rows } = await db.pool.query(`select payload::text as p from fetched_document union all select amazon_snapshot::text from sync_conflict`);
    for (const r of rows) expect(r.p).not.toContain('Hilde');
    const docs = await createDocumentStore(db.pool, keyring).of(ORDER).getMany(backendId, ['G-1', 'G-2', 'G-3'], { withPii: true });
    expect(docs.get('G-1')!.document).toEqual({ ...withGift('G-1'), buyer: { buyerName: 'Ole Sund' } });
    expect(docs.get('G-3')!.document).toEqual(withGift('G-3'));
    expect(docs.get('G-2')!.document).toEqual({ orderId: 'G-2', orderItems: [{ orderItemId: '1', fulfillment: { packing: { giftOption: { giftWrapLevel: 'Classic' } } } }] });
    expect(await sealLegacyGiftMessages(db.pool, keyring, backendId)).toEqual({ orders: 0, conflicts: 0 });
  });
});
