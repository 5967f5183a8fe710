import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestBackend, openTestDatabase } from '../../db/testing.ts';
import { createRecordStateStore, recordStateCounts } from './index.ts';

describe('record state store', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const backends: number[] = [];
  beforeAll(async () => {
    db = await openTestDatabase('record_state');
    backends.push(await insertTestBackend(db, 'a', 'A1'), await insertTestBackend(db, 'b', 'B1'));
  });
  afterAll(async () => db.drop());

  it('writes a batch in one statement, keeping the facts not given, and stamps only when asked', async () => {
    const states = createRecordStateStore(db.pool);
    const [a] = backends as [number];
    await states.set(a, 'parcels', [{ key: 'P-1', state: 'queued', sourceUpdatedAt: '2026-11-20T10:00:00Z' }, { key: 'P-2', state: 'queued' }], { stamp: false });
    expect((await states.get(a, 'parcels', ['P-1'])).get('P-1')).toMatchObject({ state: 'queued', code: null, syncedAt: null, detail: {} });
    await states.set(a, 'parcels', [{ key: 'P-1', state: 'done', detail: { erpName: 'S01', total: '9.90' } }]);
    await states.set(a, 'parcels', [{ key: 'P-1', state: 'failed', code: 'ERP_DOWN', detail: { total: null, tries: 2 } }]);
    const p1 = (await states.get(a, 'parcels', ['P-1'])).get('P-1')!;
    expect(p1).toMatchObject({ state: 'failed', code: 'ERP_DOWN', detail: { erpName: 'S01', total: '9.90', tries: 2 } });
    expect(p1.syncedAt).toBeInstanceOf(Date);
    // The same key twice in a batch: the last one wins (one statement cannot touch a row twice).
    await states.set(a, 'parcels', [{ key: 'P-2', state: 'done' }, { key: 'P-2', state: 'waiting', code: 'PENDING' }]);
    expect(await states.list(a, 'parcels', 'waiting')).toEqual(['P-2']);
  });

  it('moves the source time forward only, and counts per backend and state', async () => {
    const states = createRecordStateStore(db.pool);
    const [a, b] = backends as [number, number];
    await states.touch(a, 'parcels', [{ key: 'P-1', sourceUpdatedAt: '2026-11-19T10:00:00Z' }, { key: 'NONE', sourceUpdatedAt: '2026-11-21T10:00:00Z' }]);
    const at = async () => (await db.pool.query(`select source_updated_at from record_state where key = 'P-1'`)).rows[0].source_updated_at;
    expect(await at()).toEqual(new Date('2026-11-20T10:00:00Z'));
    await states.touch(a, 'parcels', [{ key: 'P-1', sourceUpdatedAt: '2026-11-21T10:00:00Z' }]);
    expect(await at()).toEqual(new Date('2026-11-21T10:00:00Z'));
    expect((await states.get(a, 'parcels', ['NONE'])).size).toBe(0);

    await states.set(b, 'parcels', [{ key: 'Q-1', state: 'done' }, { key: 'Q-2', state: 'done' }]);
    await states.set(b, 'other', [{ key: 'Q-1', state: 'done' }]);
    const counts = await recordStateCounts(db.pool, 'parcels');
    expect(counts.get(a)).toEqual({ failed: 1, waiting: 1 });
    expect(counts.get(b)).toEqual({ done: 2 });
    expect([...(await recordStateCounts(db.pool, 'parcels', [b])).keys()]).toEqual([b]);
    expect(await states.delete(b, 'parcels', ['Q-1'])).toBe(1);
    expect((await recordStateCounts(db.pool, 'parcels', [b])).get(b)).toEqual({ done: 1 });
  });
});
