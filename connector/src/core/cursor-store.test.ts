import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestBackend, openTestDatabase } from '../db/testing.ts';
import { createCursorStore } from './cursor-store.ts';

describe('cursor store', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  beforeAll(async () => {
    db = await openTestDatabase('cursor_store');
    backendId = await insertTestBackend(db);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('only moves forward', async () => {
    const cursors = createCursorStore(db.pool);
    expect(await cursors.get(backendId, 'order')).toBeNull();
    await cursors.advance(backendId, 'order', new Date('2026-11-20T10:00:00Z'));
    await cursors.advance(backendId, 'order', new Date('2026-11-20T09:00:00Z'));
    expect((await cursors.get(backendId, 'order'))!.lastUpdatedAfter).toEqual(new Date('2026-11-20T10:00:00Z'));
  });

  it('keeps one position per flow', async () => {
    const cursors = createCursorStore(db.pool);
    await cursors.advance(backendId, 'shipments', new Date('2026-11-01T00:00:00Z'));
    expect((await cursors.get(backendId, 'shipments'))!.lastUpdatedAfter).toEqual(new Date('2026-11-01T00:00:00Z'));
    expect((await cursors.get(backendId, 'order'))!.lastUpdatedAfter).toEqual(new Date('2026-11-20T10:00:00Z'));
  });
});
