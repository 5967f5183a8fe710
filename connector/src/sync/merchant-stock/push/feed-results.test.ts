import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConflictService } from '../../../core/conflict/index.ts';
import { openTestDatabase, insertTestBackend } from '../../../db/testing.ts';
import { offerOf, recordSent, saveDesired } from '../store/offer-store.ts';
import { readFeedResults } from './feed-results.ts';
import { messageKey, quantityMessage } from './lanes.ts';

describe("a JSON_LISTINGS_FEED's verdict on quantities", () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let backendId: number;
  beforeAll(async () => {
    db = await openTestDatabase('merchant_feed_results');
    backendId = await insertTestBackend(db);
  });
  afterAll(async () => db.drop());

  it('raises a conflict for a refused SKU, re-checks one patched since and one without a verdict, accepts the rest', async () => {
    const skus = ['OK', 'BAD', 'PATCHED', 'LOST'];
    await saveDesired(db.pool, backendId, skus.map((sku) => ({ sku, productId: 1, quantity: 4, inputs: {} })));
    for (const sku of skus) await recordSent(db.pool, backendId, { sku, quantity: 4, seq: 1, lane: 'feed' });
    // PATCHED dropped to zero after the feed was queued and went by patch (version 2).
    await saveDesired(db.pool, backendId, [{ sku: 'PATCHED', productId: 1, quantity: 0, inputs: {} }]);
    await recordSent(db.pool, backendId, { sku: 'PATCHED', quantity: 0, seq: 2, lane: 'patch' });
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into feed (backend_id, feed_type, marketplace_ids, state) values ($1, 'JSON_LISTINGS_FEED', '{A1PA6795UKMFR9}', 'done') returning id`,
      [backendId],
    );
    const feedId = Number(rows[0]!.id);
    const outcome: Record<string, [string, string | null]> = { OK: ['accepted', null], BAD: ['rejected', '90220'], PATCHED: ['accepted', null], LOST: ['unknown', null] };
    for (const [i, sku] of skus.entries()) {
      await db.pool.query(
        `insert into feed_message (backend_id, feed_type, key, marketplace_ids, body, state, feed_id, message_ref, result_code, result_message)
         values ($1, 'JSON_LISTINGS_FEED', $2, '{A1PA6795UKMFR9}', $3, $4, $5, $6, $7, $8)`,
        [backendId, messageKey(sku, 1), JSON.stringify(quantityMessage(sku, 4, null)), outcome[sku]![0], feedId, i + 1, outcome[sku]![1], outcome[sku]![1] ? 'fulfillment_availability is invalid' : null],
      );
    }
    const conflicts = createConflictService(db.pool);
    const read = await readFeedResults({ db: { pool: db.pool } as never, core: { conflicts } as never }, backendId, feedId);

    expect(read).toEqual({ accepted: 2, rejected: 1, recheck: ['PATCHED', 'LOST'] });
    const open = (await db.pool.query<{ amazon_key: string; code: string; diff: { amazonCode: string; quantity: number } }>(
      `select amazon_key, code, diff from sync_conflict where backend_id = $1 and status = 'open'`, [backendId])).rows;
    expect(open).toEqual([{ amazon_key: 'BAD', code: 'MERCHANT_STOCK_REFUSED', diff: expect.objectContaining({ amazonCode: '90220', quantity: 4 }) }]);
    expect(await offerOf(db.pool, backendId, 'BAD')).toMatchObject({ code: '90220' });
    expect(await offerOf(db.pool, backendId, 'PATCHED')).toMatchObject({ recheck: true, sentSeq: 2 });
    expect(await offerOf(db.pool, backendId, 'OK')).toMatchObject({ recheck: false, code: null });

    // Read again (a retried job): the same verdicts, still one conflict.
    await readFeedResults({ db: { pool: db.pool } as never, core: { conflicts } as never }, backendId, feedId);
    expect((await db.pool.query(`select 1 from sync_conflict where backend_id = $1`, [backendId])).rowCount).toBe(1);
  });
});
