/**
 * Buyer tax registrations written in clear by earlier versions: the redaction task seals them with the order's
 * other PII (still readable by the import), drops them from redacted orders and from conflict snapshots.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../core/crypto.ts';
import { createDocumentStore, type DocumentKind } from '../core/documents/index.ts';
import { joinPii, PII_PARTS, splitPii } from './order-pii.ts';
import { sealLegacyTaxRegistrations } from './legacy-pii.ts';
import { insertTestBackend, openTestDatabase } from './testing.ts';

const VAT = 'DE298765432';
/** The order kind as the order flow declares it (sync/orders/order-documents.ts), without its parser. */
const ORDER: DocumentKind<Record<string, unknown>> = { name: 'order', piiParts: PII_PARTS, sealContext: 'amazon_order', split: splitPii, join: joinPii };
const tax = {
  taxRegistrations: [
    { entityType: 'MARKETPLACE', taxRegistrationType: 'VAT', taxRegistrationNumber: 'DE814584193' },
    { entityType: 'BUYER', taxRegistrationType: 'VAT', taxRegistrationNumber: VAT, legalName: 'Rösterei Nord GmbH' },
  ],
};

describe('legacy clear tax registrations', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  const keyring = createKeyring(randomBytes(32));
  beforeAll(async () => {
    db = await openTestDatabase('legacy_pii');
    backendId = await insertTestBackend(db);
    // As an earlier version stored them: buyer sealed, the registrations left in the readable payload.
    const buyer = keyring.sealJson({ buyer: { buyerName: 'Ole Sund' } }, `amazon_order:${backendId}:L-1`);
    await db.pool.query(
      `insert into fetched_document (backend_id, kind, key, source_updated_at, content_hash, payload, pii_sealed, pii_key_id, pii_redacted_at)
       values ($1, 'order', 'L-1', now(), 'h', $2, $3, $4, null),
              ($1, 'order', 'L-2', now(), 'h', $2, null, null, now())`,
      [backendId, JSON.stringify({ orderId: 'L', tax }), buyer.sealed, buyer.keyId],
    );
    await db.pool.query(
      `insert into sync_conflict (backend_id, kind, amazon_key, code, message, amazon_snapshot) values ($1, 'order', 'L-1', 'SKU_UNMAPPED', 'x', $2)`,
      [backendId, JSON.stringify({ orderId: 'L-1', tax })],
    );
  });
  afterAll(async () => db?.drop());

  it('seals kept ones with the PII, drops redacted and snapshot ones, and redaction then removes them', async () => {
    expect(await sealLegacyTaxRegistrations(db.pool, keyring, backendId)).toEqual({ orders: 2, conflicts: 1 });
    const raw = await db.pool.query<{ t: string }>(
      `select payload::text || coalesce(encode(pii_sealed, 'escape'), '') as t from fetched_document union all select amazon_snapshot::text from sync_conflict`,
    );
    expect(raw.rows).toHaveLength(3);
    for (const r of raw.rows) {
      expect(r.t).not.toContain(VAT);
      expect(r.t).not.toContain('Rösterei');
      expect(r.t).toContain('DE814584193');
    }
    const documents = createDocumentStore(db.pool, keyring);
    const store = documents.of(ORDER);
    const kept = (await store.getMany(backendId, ['L-1'], { withPii: true })).get('L-1')!;
    expect(kept.document).toEqual({ orderId: 'L', tax, buyer: { buyerName: 'Ole Sund' } });
    // Nothing left to do the second time.
    expect(await sealLegacyTaxRegistrations(db.pool, keyring, backendId)).toEqual({ orders: 0, conflicts: 0 });
    expect(await documents.redactOlderThan(backendId, -1)).toBe(1);
    const redacted = (await store.getMany(backendId, ['L-1'], { withPii: true })).get('L-1')!;
    expect(JSON.stringify(redacted.document)).not.toContain(VAT);
    expect(redacted.document.tax).toEqual({ taxRegistrations: [tax.taxRegistrations[0]] });
  });
});
