import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../crypto.ts';
import { insertTestBackend, openTestDatabase } from '../../db/testing.ts';
import { createDocumentStore, type DocumentKind, type FetchedDocument } from './index.ts';

interface Parcel {
  id: string;
  updated: string;
  sender: { name: string; email: string };
  weight: number;
}

/** A tiny kind: the sender is PII, the weight is listable. */
const PARCEL: DocumentKind<Parcel> = {
  name: 'parcel',
  piiParts: ['sender'],
  split: ({ sender, ...payload }) => ({ payload, pii: sender ? { sender } : null }),
  join: (payload, pii) => ({ ...payload, ...(pii ?? {}) }),
  summary: (p) => ({ weight: p.weight }),
};

const parcel = (id: string, updated: string, hash: string, email = 'x1y2@marketplace.amazon.de'): FetchedDocument<Parcel> => ({
  key: id,
  sourceUpdatedAt: updated,
  contentHash: hash,
  document: { id, updated, sender: { name: 'Zoë Müller', email }, weight: 3 },
});

describe('fetched document store', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  const keyring = createKeyring(randomBytes(32));
  beforeAll(async () => {
    db = await openTestDatabase('fetched_document');
    backendId = await insertTestBackend(db);
  });
  afterAll(async () => db.drop());

  it('stores PII sealed only, and reports new or changed content, never an unchanged or older copy', async () => {
    const store = createDocumentStore(db.pool, keyring).of(PARCEL);
    expect(await store.upsertMany(backendId, [parcel('A-1', '2026-11-20T10:00:00Z', 'h1'), parcel('A-2', '2026-11-20T10:00:00Z', 'h2')])).toEqual(['A-1', 'A-2']);
    // Overlapping window: same content, newer timestamp -> nothing to act on.
    expect(await store.upsertMany(backendId, [parcel('A-1', '2026-11-20T10:05:00Z', 'h1')])).toEqual([]);
    expect(await store.upsertMany(backendId, [parcel('A-2', '2026-11-20T10:06:00Z', 'h2b')])).toEqual(['A-2']);
    // An older copy arriving late changes nothing.
    expect(await store.upsertMany(backendId, [parcel('A-2', '2026-11-20T09:00:00Z', 'h2-old')])).toEqual([]);

    const raw = await db.pool.query(`select payload::text, summary, pii_sealed from fetched_document where kind = 'parcel' and key = 'A-1'`);
    expect(raw.rows[0].payload).not.toContain('Müller');
    expect(raw.rows[0].payload).not.toContain('marketplace.amazon.de');
    expect(raw.rows[0].summary).toEqual({ weight: 3 });
    expect(Buffer.from(raw.rows[0].pii_sealed).includes(Buffer.from('Müller'))).toBe(false);

    const plain = await store.getMany(backendId, ['A-1', 'A-2']);
    expect(plain.get('A-2')).toMatchObject({ contentHash: 'h2b', summary: { weight: 3 }, sourceUpdatedAt: new Date('2026-11-20T10:06:00Z') });
    expect(plain.get('A-1')!.document).not.toHaveProperty('sender');
    const full = await store.getMany(backendId, ['A-1'], { withPii: true });
    expect(full.get('A-1')!.document).toMatchObject({ sender: { name: 'Zoë Müller' }, weight: 3 });
  });

  it('seals under the kind context: a blob moved to another document does not open', async () => {
    const docs = createDocumentStore(db.pool, keyring);
    await docs.of(PARCEL).upsertMany(backendId, [parcel('B-1', '2026-11-20T10:00:00Z', 'b1'), parcel('B-2', '2026-11-20T10:00:00Z', 'b2')]);
    await db.pool.query(`update fetched_document set pii_sealed = (select pii_sealed from fetched_document where key = 'B-1') where key = 'B-2'`);
    await expect(docs.of(PARCEL).getMany(backendId, ['B-2'], { withPii: true })).rejects.toThrow();
    expect((await docs.of(PARCEL).getMany(backendId, ['B-1'], { withPii: true })).get('B-1')!.document).toHaveProperty('sender');
  });

  it('redaction drops the sealed PII for good; retention deletes old documents', async () => {
    const docs = createDocumentStore(db.pool, keyring);
    const store = docs.of(PARCEL);
    await db.pool.query(`update fetched_document set fetched_at = now() - interval '31 days' where key = 'A-1'`);
    expect(await docs.redactOlderThan(backendId, 30)).toBe(1);
    const after = (await store.getMany(backendId, ['A-1'], { withPii: true })).get('A-1')!;
    expect(after.document).not.toHaveProperty('sender');
    expect(after.piiRedactedAt).toBeInstanceOf(Date);
    await store.upsertMany(backendId, [parcel('A-1', '2026-11-21T10:00:00Z', 'h1c')]);
    expect((await store.getMany(backendId, ['A-1'], { withPii: true })).get('A-1')!.document).not.toHaveProperty('sender');

    await db.pool.query(`update fetched_document set fetched_at = now() - interval '400 days' where key in ('A-2', 'B-1')`);
    expect((await docs.deleteOlderThan(backendId, 'parcel', 365)).sort()).toEqual(['A-2', 'B-1']);
    expect([...(await store.getMany(backendId, ['A-1', 'A-2', 'B-1'])).keys()]).toEqual(['A-1']);
  });

  it('keeps text PostgreSQL refuses (NUL, lone surrogates) exactly, in the payload, the summary and the sealed part', async () => {
    const store = createDocumentStore(db.pool, keyring).of(PARCEL);
    const odd: FetchedDocument<Parcel> = {
      key: 'odd-1',
      sourceUpdatedAt: '2026-01-05T10:00:00Z',
      contentHash: 'h-odd',
      document: { id: 'a\u0000b\uD800c\uFDD0', updated: '2026-01-05T10:00:00Z', sender: { name: 'Zo\u0000ë\uDC00', email: 'e@x' }, weight: 3 },
    };
    expect(await store.upsertMany(backendId, [odd])).toEqual(['odd-1']);
    const got = (await store.getMany(backendId, ['odd-1'], { withPii: true })).get('odd-1')!;
    expect(got.document).toEqual(odd.document);
  });
});
