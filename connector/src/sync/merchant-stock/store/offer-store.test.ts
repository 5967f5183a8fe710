import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, insertTestBackend } from '../../../db/testing.ts';
import { markRecheck, noteFeedMessages, offerOf, pendingOffers, recordFeedSends, recordRefused, recordSent, saveDesired } from './offer-store.ts';

describe('merchant_stock_offer: versions and compare-and-set sends', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  beforeAll(async () => {
    db = await openTestDatabase('merchant_offers');
    backendId = await insertTestBackend(db);
  });
  afterAll(async () => db.drop());

  const offer = (sku: string, quantity: number) => ({ sku, productId: 7, quantity, inputs: { freeQty: quantity } });

  it('gives a SKU a new version only when its quantity changes, or on a forced resync', async () => {
    expect(await saveDesired(db.pool, backendId, [offer('A', 5), offer('B', 2)])).toEqual(['A', 'B']);
    expect(await saveDesired(db.pool, backendId, [offer('A', 5), offer('B', 3)])).toEqual(['B']);
    expect((await offerOf(db.pool, backendId, 'A'))?.computedSeq).toBe(1);
    expect((await offerOf(db.pool, backendId, 'B'))?.computedSeq).toBe(2);
    expect(await saveDesired(db.pool, backendId, [offer('A', 5)], true)).toEqual(['A']);
    expect((await offerOf(db.pool, backendId, 'A'))?.computedSeq).toBe(2);
  });

  it('records a send only over an older version: a late older send never overwrites a newer one', async () => {
    expect(await recordSent(db.pool, backendId, { sku: 'B', quantity: 3, seq: 2, lane: 'patch' })).toBe(true);
    // The worker that read version 1 comes back late: refused.
    expect(await recordSent(db.pool, backendId, { sku: 'B', quantity: 2, seq: 1, lane: 'feed' })).toBe(false);
    expect(await offerOf(db.pool, backendId, 'B')).toMatchObject({ sentQty: 3, sentSeq: 2, sentLane: 'patch' });
    // Nothing newer than what was sent: not pending.
    expect((await pendingOffers(db.pool, backendId, 10)).map((r) => r.sku)).toEqual(['A']);
  });

  it('keeps a marked SKU pending until a patch of its version, and a refusal counts as sent', async () => {
    await markRecheck(db.pool, backendId, ['B']);
    expect((await pendingOffers(db.pool, backendId, 10)).find((r) => r.sku === 'B')).toMatchObject({ recheck: true });
    expect(await recordSent(db.pool, backendId, { sku: 'B', quantity: 3, seq: 2, lane: 'patch' })).toBe(true);
    expect(await offerOf(db.pool, backendId, 'B')).toMatchObject({ recheck: false });
    await recordRefused(db.pool, backendId, 'A', 2, 'AMAZON_LISTING_INVALID', 'no');
    expect(await pendingOffers(db.pool, backendId, 10)).toEqual([]);
    expect(await offerOf(db.pool, backendId, 'A')).toMatchObject({ code: 'AMAZON_LISTING_INVALID', sentSeq: 2, sentQty: null });
  });

  it('records feed sends in one statement, each only over an older version, and notes their messages', async () => {
    await saveDesired(db.pool, backendId, [offer('C', 1), offer('D', 1)]);
    await recordSent(db.pool, backendId, { sku: 'D', quantity: 1, seq: 1, lane: 'patch' });
    const recorded = await recordFeedSends(db.pool, backendId, [{ sku: 'C', quantity: 1, seq: 1 }, { sku: 'D', quantity: 1, seq: 1 }]);
    expect([...recorded]).toEqual(['C']);
    await noteFeedMessages(db.pool, backendId, [{ sku: 'C', seq: 1, messageId: 42 }]);
    const { rows } = await db.pool.query(`select sku, sent_lane, sent_feed_message_id::int as m from merchant_stock_offer where backend_id = $1 and sku in ('C', 'D') order by sku`, [backendId]);
    expect(rows).toEqual([{ sku: 'C', sent_lane: 'feed', m: 42 }, { sku: 'D', sent_lane: 'patch', m: null }]);
  });
});
