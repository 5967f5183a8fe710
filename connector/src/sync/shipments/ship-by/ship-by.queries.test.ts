import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../../../core/crypto.ts';
import { createDocumentStore, type DocumentKind } from '../../../core/documents/index.ts';
import { insertTestBackend, openTestDatabase } from '../../../db/testing.ts';
import { ORDER_DOCUMENT } from '../../orders/index.ts';
import { countAtRisk, listAtRisk } from './index.ts';

/** Just the parts of an order the ship-by queries read, stored under the orders flow's kind and summary fields. */
interface Slim {
  id: string;
  fulfilledBy: string;
  status: string;
  latest?: string;
}
const SLIM: DocumentKind<Slim> = {
  name: ORDER_DOCUMENT.name,
  piiParts: [],
  split: (o) => ({ payload: { fulfillment: o.latest === undefined ? {} : { shipByWindow: { latestDateTime: o.latest } } }, pii: null }),
  join: (payload) => payload,
  summary: (o) => ({ marketplaceId: 'A1PA6795UKMFR9', status: o.status, fulfilledBy: o.fulfilledBy }),
};
const HOUR = 3600_000;
const at = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString();

describe('ship-by queries', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let a: number;
  let b: number;
  beforeAll(async () => {
    db = await openTestDatabase('ship_by');
    a = await insertTestBackend(db, 'a');
    b = await insertTestBackend(db, 'b');
    const docs = createDocumentStore(db.pool, createKeyring(randomBytes(32))).of(SLIM);
    const put = (backendId: number, orders: Slim[]) =>
      docs.upsertMany(backendId, orders.map((o) => ({ key: o.id, sourceUpdatedAt: new Date().toISOString(), contentHash: o.id, document: o })));
    await put(a, [
      { id: 'A-SOON', fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', latest: at(5) },
      { id: 'A-PART', fulfilledBy: 'MERCHANT', status: 'PARTIALLY_SHIPPED', latest: at(30) },
      { id: 'A-LATE', fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', latest: at(-1) },
      { id: 'A-FBA', fulfilledBy: 'AMAZON', status: 'UNSHIPPED', latest: at(1) },
      { id: 'A-PENDING', fulfilledBy: 'MERCHANT', status: 'PENDING', latest: at(1) },
      { id: 'A-NOWINDOW', fulfilledBy: 'MERCHANT', status: 'UNSHIPPED' },
      // Not a timestamp (a hand-edited row): left out, never a failed list.
      { id: 'A-GARBAGE', fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', latest: 'tomorrow' },
    ]);
    await put(b, [
      { id: 'B-SOON', fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', latest: at(5) },
      { id: 'B-PART', fulfilledBy: 'MERCHANT', status: 'PARTIALLY_SHIPPED', latest: at(30) },
      { id: 'B-LATE', fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', latest: at(-1) },
      { id: 'B-LATER', fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', latest: '2026-01-01T00:00:00+01:00' },
    ]);
  });
  afterAll(async () => db?.drop());

  it('counts per backend, each with its own threshold; only open merchant orders with a ship-by window', async () => {
    const counts = await countAtRisk(db.pool, new Map([[a, 24], [b, 48]]));
    expect(Object.fromEntries(counts)).toEqual({ [a]: { atRisk: 1, late: 1 }, [b]: { atRisk: 2, late: 2 } });
    expect(await countAtRisk(db.pool, new Map())).toEqual(new Map());
  });

  it('lists soonest first, without an import state or binding yet (queued, no ERP order)', async () => {
    const list = await listAtRisk(db.pool, b, { thresholdHours: 48, limit: 10 });
    expect(list.rows.map((r) => [r.amazonOrderId, r.late])).toEqual([['B-LATER', true], ['B-LATE', true], ['B-SOON', false], ['B-PART', false]]);
    expect(list.rows[0]).toMatchObject({ latestShipAt: new Date('2025-12-31T23:00:00Z'), syncState: 'queued', erpOrder: null, amazonStatus: 'UNSHIPPED' });
    expect((await listAtRisk(db.pool, a, { thresholdHours: 24, limit: 10 })).rows.map((r) => r.amazonOrderId)).toEqual(['A-LATE', 'A-SOON']);
  });

  it('reads the open merchant orders off the partial index, not the whole history', async () => {
    const client = await db.pool.connect();
    try {
      // A tiny table is scanned whatever the indexes: forbid it, so the plan shows whether the index fits.
      await client.query('set enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(
        `explain select 1 from fetched_document o where o.backend_id = $1 and o.kind = 'order' and o.summary ->> 'fulfilledBy' = 'MERCHANT'
           and o.summary ->> 'status' in ('UNSHIPPED', 'PARTIALLY_SHIPPED')`,
        [a],
      );
      expect(rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('fetched_document_open_mfn_index');
    } finally {
      await client.query('reset enable_seqscan');
      client.release();
    }
  });
});
