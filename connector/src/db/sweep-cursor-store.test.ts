import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSweepCursorStore } from './sweep-cursor-store.ts';
import { insertTestBackend, openTestDatabase } from './testing.ts';

describe('sweep cursor store', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  beforeAll(async () => {
    db = await openTestDatabase('sweep_cursor');
    backendId = await insertTestBackend(db);
  });
  afterAll(async () => db.drop());

  it('the sweep cursor only moves forward', async () => {
    const cursors = createSweepCursorStore(db.pool);
    expect(await cursors.get(backendId, 'order')).toBeNull();
    await cursors.advance(backendId, 'order', new Date('2026-11-20T10:00:00Z'));
    await cursors.advance(backendId, 'order', new Date('2026-11-20T09:00:00Z'));
    expect((await cursors.get(backendId, 'order'))!.lastUpdatedAfter).toEqual(new Date('2026-11-20T10:00:00Z'));
  });
});
