import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertTestBackend, openTestDatabase } from '../../db/testing.ts';
import { enqueueFeedMessage, enqueueFeedMessages } from './feed-message-store.ts';

describe('feed_message: many messages queued in one statement', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  beforeAll(async () => {
    db = await openTestDatabase('feed_batch');
    backendId = await insertTestBackend(db);
  });
  afterAll(async () => db.drop());

  const batch = (keys: string[], qty = 1) => ({
    backendId, feedType: 'JSON_LISTINGS_FEED', marketplaceIds: ['A1PA6795UKMFR9'],
    messages: keys.map((key) => ({ key, body: { sku: key, quantity: qty } })),
  });
  const rows = async () => (await db.pool.query<{ id: string; key: string; state: string; body: { quantity: number } }>(`select id, key, state, body from feed_message where backend_id = $1 order by id`, [backendId])).rows;

  it('queues new keys in input order (ids follow it), and answers one entry per message', async () => {
    const r = await enqueueFeedMessages(db.pool, batch(['c', 'a', 'b']));
    expect(r.map((x) => [x.key, x.created])).toEqual([['c', true], ['a', true], ['b', true]]);
    const stored = await rows();
    expect(stored.map((s) => s.key)).toEqual(['c', 'a', 'b']);
    expect(r.map((x) => x.messageId)).toEqual(stored.map((s) => Number(s.id)));
  });

  it('creates nothing for a key already on its way, and queues a rejected key again with the new body', async () => {
    await db.pool.query(`update feed_message set state = 'rejected' where backend_id = $1 and key = 'a'`, [backendId]);
    await db.pool.query(`update feed_message set state = 'sent' where backend_id = $1 and key = 'b'`, [backendId]);
    const before = await rows();
    const r = await enqueueFeedMessages(db.pool, batch(['a', 'b', 'c', 'd'], 9));
    expect(r.map((x) => [x.key, x.created])).toEqual([['a', true], ['b', false], ['c', false], ['d', true]]);
    const after = await rows();
    const id = (k: string, list: typeof after) => Number(list.find((s) => s.key === k)!.id);
    // The existing keys answer their own row's id; only the new key got a new row.
    for (const k of ['a', 'b', 'c']) expect(r.find((x) => x.key === k)!.messageId).toBe(id(k, before));
    expect(after).toHaveLength(4);
    expect(after.find((s) => s.key === 'a')).toMatchObject({ state: 'queued', body: { quantity: 9 } });
    expect(after.find((s) => s.key === 'b')).toMatchObject({ state: 'sent', body: { quantity: 1 } });
    expect(after.find((s) => s.key === 'c')!.body.quantity).toBe(1);
  });

  it('agrees with the one-message path on the same key', async () => {
    const one = await enqueueFeedMessage(db.pool, { backendId, feedType: 'JSON_LISTINGS_FEED', marketplaceIds: ['A1PA6795UKMFR9'], key: 'd', body: { sku: 'd' } });
    const many = await enqueueFeedMessages(db.pool, batch(['d']));
    expect(one.created).toBe(false);
    expect(many).toEqual([{ key: 'd', messageId: one.messageId, created: false }]);
    expect(await enqueueFeedMessages(db.pool, batch([]))).toEqual([]);
  });
});
