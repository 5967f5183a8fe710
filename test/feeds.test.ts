/**
 * The Feeds core against the Amazon sandbox over real HTTP (the real client through the endpoint override) and a
 * real PostgreSQL: what a seller checks. Cancellations sent as one order-acknowledgement feed come back per order
 * (accepted, or rejected with Amazon's code) and the orders are cancelled at Amazon; when createFeed tokens are
 * short, cancellations go and stock waits (the reserve); a createFeed whose answer was lost is found with getFeeds
 * and adopted, never sent twice; a money-moving feed Amazon never got is not resubmitted by itself (a conflict whose
 * retry resubmits), while a stock feed is.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createAmazonAdapter, type AmazonAdapter } from '../connector/src/amazon/amazon-adapter.ts';
import { createConflictService } from '../connector/src/core/conflict/index.ts';
import { createPgQuotaGate } from '../connector/src/core/rate-limit/index.ts';
import { withTransaction } from '../connector/src/core/tx.ts';
import { migrateUp } from '../connector/src/db/database.ts';
import { runWorkerMigrations } from '../connector/src/db/worker-migrations.ts';
import { enqueueFeedMessage, feedResults } from '../connector/src/sync/frame/feeds/index.ts';
import { feedConflictKind } from '../connector/src/sync/frame/feeds/feed-conflicts.ts';
import type { FeedsContext, OwnedFeedType } from '../connector/src/sync/frame/feeds/feeds-context.ts';
import { feedsSettings } from '../connector/src/sync/frame/feeds/feeds.settings.ts';
import { pollFeed } from '../connector/src/sync/frame/feeds/poll-feed.ts';
import { runSubmit } from '../connector/src/sync/frame/feeds/submit.ts';
import { createTestDatabase } from '../scripts/lib/test-db.ts';
import type { AmazonSandbox } from '../sandbox/amazon/src/index.ts';
import { startAmazon } from './support/amazon.ts';

const DE = 'A1PA6795UKMFR9';
const ACK = 'POST_ORDER_ACKNOWLEDGEMENT_DATA';
const LISTINGS = 'JSON_LISTINGS_FEED';
const TYPES = new Map<string, OwnedFeedType>([
  ['UPLOAD_VAT_INVOICE', { feedType: 'UPLOAD_VAT_INVOICE', priority: 40, moneyMoving: true, resultTask: 'uploaded', flow: 'test' }],
  [ACK, { feedType: ACK, priority: 80, moneyMoving: true, resultTask: 'cancelled', flow: 'test' }],
  [LISTINGS, { feedType: LISTINGS, priority: 10, moneyMoving: false, resultTask: 'stock', flow: 'test' }],
]);
const FAST = { rate: 5, burst: 15 };

describe('Feeds core against the Amazon sandbox', () => {
  let amazon: AmazonSandbox;
  let db: { url: string; drop(): Promise<void> };
  let pool: pg.Pool;
  let backendId: number;
  const adapters: AmazonAdapter[] = [];

  /** A context on a bucket of its own (`bucket`), createFeed paced by `createFeed`. */
  function context(bucket: string, createFeed = FAST, settings: Partial<FeedsContext['settings']> = {}): FeedsContext {
    const seller = amazon.sellers[0]!;
    const adapter = createAmazonAdapter({
      region: seller.region,
      credentials: { clientId: seller.clientId, clientSecret: seller.clientSecret, refreshToken: seller.refreshToken },
      endpoint: { host: '127.0.0.1', port: amazon.port },
      gate: createPgQuotaGate(pool),
      sellerKey: bucket,
      rateOverrides: { createFeed, createFeedDocument: FAST, getFeed: FAST, getFeeds: FAST, getFeedDocument: FAST },
      retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
      timeouts: { response: 1500, idle: 1500, deadline: 3000 },
    });
    adapters.push(adapter);
    return {
      pool,
      backendId,
      sellerId: seller.sellerId,
      feeds: adapter.feeds,
      settings: { ...feedsSettings.of({}), batchWindowSeconds: 0, pollSeconds: 1, lookupMarginSeconds: 30, ...settings } as FeedsContext['settings'],
      types: TYPES,
      conflicts: createConflictService(pool),
      log: { info: () => {}, warn: () => {} },
    };
  }

  const enqueue = (feedType: string, key: string, body: Record<string, unknown>) =>
    withTransaction(pool, (tx) => enqueueFeedMessage(tx, { backendId, feedType, key, marketplaceIds: [DE], body }));
  const cancelWhole = (orderId: string) => {
    const items = (amazon.getOrder(orderId).order.orderItems as Array<{ orderItemId: string }>).map((i) => ({ orderItemId: i.orderItemId, cancelReason: 'NoInventory' }));
    return enqueue(ACK, orderId, { amazonOrderId: orderId, items });
  };
  const stock = (sku: string, quantity: number) =>
    enqueue(LISTINGS, sku, { sku, operationType: 'PATCH', productType: 'PRODUCT', patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity }] }] });
  const feeds = async () => (await pool.query<{ id: number; feed_type: string; state: string; amazon_feed_id: string | null }>('select id::int, feed_type, state, amazon_feed_id from feed order by id')).rows;
  /** The ids of the feeds Amazon holds for the seller (the truth on what was sent). */
  const atAmazon = async (ctx: FeedsContext) =>
    new Set((await ctx.feeds.getFeeds({ feedTypes: [ACK, LISTINGS], createdSince: new Date(Date.now() - 3600_000).toISOString() })).map((f) => f.feedId));

  /** Polls the backend's submitted feeds until each is done (the sandbox processes in 90 / timeScale s). */
  async function pollAll(ctx: FeedsContext): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const open = (await feeds()).filter((f) => f.state === 'submitted');
      if (!open.length) return;
      for (const f of open) await pollFeed(ctx, f.id);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('feeds still processing');
  }

  beforeAll(async () => {
    amazon = await startAmazon({ seed: 11, timeScale: 600, feedProcessingSeconds: 90 });
    db = await createTestDatabase(inject('pgAdminUrl'), 'feeds');
    await migrateUp(db.url);
    await runWorkerMigrations(db.url);
    pool = new pg.Pool({ connectionString: db.url, max: 6 });
    const seller = amazon.sellers[0]!;
    backendId = (
      await pool.query<{ id: number }>(
        `insert into backend (name, amazon_region, seller_id, marketplace_ids, erp_url, erp_db) values ('feeds', $1, $2, $3, 'http://erp.invalid', 'db') returning id`,
        [seller.region, seller.sellerId, [DE]],
      )
    ).rows[0]!.id;
  }, 60_000);
  afterAll(async () => {
    for (const a of adapters) a.close();
    await pool?.end();
    await amazon?.close();
    await db?.drop();
  });

  it('sends cancellations as one feed and records each order by its key: cancelled, or rejected with the reason', async () => {
    const ctx = context('per-message');
    const open = amazon.generateOrders({ sellerId: ctx.sellerId, count: 6, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED' });
    for (const id of open) await cancelWhole(id);
    // An order Amazon does not know: rejected alone, the others go through.
    await enqueue(ACK, '999-0000000-0000001', { amazonOrderId: '999-0000000-0000001', items: [{ orderItemId: '1', cancelReason: 'NoInventory' }] });
    expect((await cancelWhole(open[0]!)).created).toBe(false); // the same key again creates nothing

    expect((await runSubmit(ctx)).submitted).toBe(1);
    await pollAll(ctx);
    const [feed] = await feeds();
    expect(feed).toMatchObject({ feed_type: ACK, state: 'done' });
    const results = await feedResults(pool, feed!.id);
    expect(results.filter((r) => r.outcome === 'accepted').map((r) => r.key).sort()).toEqual([...open].sort());
    expect(results.find((r) => r.key === '999-0000000-0000001')).toMatchObject({ outcome: 'rejected', code: '18028' });
    for (const id of open) expect((amazon.getOrder(id).order.fulfillment as { fulfillmentStatus: string }).fulfillmentStatus).toBe('CANCELLED');
    // A rejected key may be queued again (after its conflict was resolved); an accepted one never.
    expect((await enqueue(ACK, '999-0000000-0000001', { amazonOrderId: '999-0000000-0000001', items: [{ orderItemId: '2', cancelReason: 'NoInventory' }] })).created).toBe(true);
    expect((await cancelWhole(open[1]!)).created).toBe(false);
    await pool.query(`update feed_message set state = 'accepted' where key = '999-0000000-0000001'`); // out of the later scenarios' way
  }, 60_000);

  it('uploads each VAT invoice as its own feed (the PDF, its metadata as feedOptions) and records Amazon\'s verdict', async () => {
    const ctx = context('vat');
    const before = (await feeds()).length;
    const [shipped] = amazon.generateOrders({ sellerId: ctx.sellerId, count: 1, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'SHIPPED' });
    const [unshipped] = amazon.generateOrders({ sellerId: ctx.sellerId, count: 1, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED' });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    for (const [orderId, n] of [[shipped!, 'INV-1'], [unshipped!, 'INV-2']] as const) {
      const body = { amazonOrderId: orderId, invoiceNumber: n, documentType: 'Invoice', totalAmount: '119.00', totalVatAmount: '19.00' };
      await withTransaction(pool, (tx) => enqueueFeedMessage(tx, { backendId, feedType: 'UPLOAD_VAT_INVOICE', key: n, marketplaceIds: [DE], body, attachment: pdf }));
    }
    expect((await runSubmit(ctx)).submitted).toBe(2);
    await pollAll(ctx);
    const mine = (await feeds()).slice(before);
    expect(mine.map((f) => [f.feed_type, f.state])).toEqual([['UPLOAD_VAT_INVOICE', 'done'], ['UPLOAD_VAT_INVOICE', 'done']]);
    const results = (await Promise.all(mine.map((f) => feedResults(pool, f.id)))).flat();
    expect(results.map((r) => [r.key, r.outcome, r.code])).toEqual([['INV-1', 'accepted', null], ['INV-2', 'rejected', '79517']]);
  }, 60_000);

  it('spends the last createFeed tokens on cancellations, never on stock (the reserve)', async () => {
    // A bucket of 4 that refills once a minute: 3 are kept for types of priority 50 or more.
    const ctx = context('priority', { rate: 1 / 60, burst: 4 }, { reserveTokens: 3, reservePriority: 50 });
    const before = (await feeds()).length;
    for (let i = 0; i < 20; i++) await stock(`SKU-${i}`, i);
    const orders = amazon.generateOrders({ sellerId: ctx.sellerId, count: 3, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED' });
    for (const id of orders) await cancelWhole(id);

    const run = await runSubmit(ctx);
    const sent = (await feeds()).slice(before);
    expect(sent.map((f) => f.feed_type)).toEqual([ACK]); // stock queued first, yet the cancellation went alone
    expect(run).toEqual({ submitted: 1, nextInSeconds: 30 });
    const queued = await pool.query(`select count(*)::int as n from feed_message where feed_type = $1 and state = 'queued'`, [LISTINGS]);
    expect(queued.rows[0].n).toBe(20);
    // With tokens to spare, stock goes too: all 20 SKUs in one feed.
    const roomy = context('priority-roomy');
    expect((await runSubmit(roomy)).submitted).toBe(1);
    await pollAll(roomy);
    const stockFeed = (await feeds()).find((f) => f.feed_type === LISTINGS)!;
    expect((await feedResults(pool, stockFeed.id)).map((r) => r.outcome)).toEqual(Array(20).fill('accepted'));
  }, 60_000);

  it('adopts a feed whose createFeed answer was lost (found with getFeeds), without sending it twice', async () => {
    const ctx = context('lost-answer');
    const before = (await feeds()).length;
    const sentBefore = await atAmazon(ctx);
    for (let i = 0; i < 5; i++) await stock(`LOST-${i}`, 1);
    const orders = amazon.generateOrders({ sellerId: ctx.sellerId, count: 2, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED' });
    for (const id of orders) await cancelWhole(id);
    // Amazon takes both feeds and the answers never come back.
    amazon.injectFault({ operation: 'createFeed', kind: 'drop_after_accept', count: 2 });
    await expect(runSubmit(ctx)).rejects.toMatchObject({ code: 'FEED_OUTCOME_UNKNOWN' });
    expect((await feeds()).slice(before).map((f) => [f.feed_type, f.state, f.amazon_feed_id])).toEqual([[ACK, 'submitting', null]]);
    await expect(runSubmit(ctx)).rejects.toMatchObject({ code: 'FEED_OUTCOME_UNKNOWN' }); // the ACK adopted first, then stock lost
    await runSubmit(ctx); // stock adopted
    const mine = (await feeds()).slice(before);
    expect(mine.map((f) => f.state)).toEqual(['submitted', 'submitted']);
    expect(mine.every((f) => f.amazon_feed_id)).toBe(true);
    expect([...(await atAmazon(ctx))].filter((id) => !sentBefore.has(id)).sort()).toEqual(mine.map((f) => f.amazon_feed_id).sort()); // each sent once
    await pollAll(ctx);
    for (const f of mine) expect((await feedResults(pool, f.id)).every((r) => r.outcome === 'accepted')).toBe(true);
  }, 60_000);

  it('never resubmits a money-moving feed Amazon may not have by itself: a conflict whose retry resubmits; stock is resubmitted', async () => {
    const ctx = context('lost-request');
    const before = (await feeds()).length;
    const [order] = amazon.generateOrders({ sellerId: ctx.sellerId, count: 1, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED' });
    await cancelWhole(order!);
    await stock('DROP-1', 3);
    // The connection dies before Amazon reads the request: nothing created, but the connector cannot know.
    amazon.injectFault({ operation: 'createFeed', kind: 'drop', count: 2 });
    await expect(runSubmit(ctx)).rejects.toMatchObject({ code: 'FEED_OUTCOME_UNKNOWN' });
    await expect(runSubmit(ctx)).rejects.toMatchObject({ code: 'FEED_OUTCOME_UNKNOWN' }); // ACK -> conflict; stock lost
    const run = await runSubmit(ctx); // stock looked up: none -> queued again and sent
    expect(run.submitted).toBe(1);
    const mine = (await feeds()).slice(before);
    expect(mine.map((f) => [f.feed_type, f.state])).toEqual([[ACK, 'conflict'], [LISTINGS, 'abandoned'], [LISTINGS, 'submitted']]);
    const conflict = (await pool.query(`select id, code, amazon_key from sync_conflict where kind = 'feed' and status = 'open'`)).rows;
    expect(conflict).toEqual([expect.objectContaining({ code: 'FEED_OUTCOME_UNKNOWN', amazon_key: `feed:${mine[0]!.id}` })]);
    expect((await feedResults(pool, mine[0]!.id))[0]).toMatchObject({ key: order, outcome: 'unknown', code: 'FEED_OUTCOME_UNKNOWN' });
    expect(await runSubmit(ctx)).toEqual({ submitted: 0, nextInSeconds: null }); // nothing sent by itself

    // A person checked Seller Central: retry resubmits.
    await withTransaction(pool, (tx) => feedConflictKind.rerun({ backendId, kind: 'feed', amazonKey: `feed:${mine[0]!.id}` }, tx, {} as never));
    expect((await runSubmit(ctx)).submitted).toBe(1);
    await pollAll(ctx);
    expect((amazon.getOrder(order!).order.fulfillment as { fulfillmentStatus: string }).fulfillmentStatus).toBe('CANCELLED');
  }, 60_000);

  it("reads Amazon's other verdicts: FATAL rejects the messages (FEED_FATAL), CANCELLED queues them again", async () => {
    const real = context('verdicts');
    const before = (await feeds()).length;
    await stock('VERDICT-1', 1);
    await stock('VERDICT-2', 2);
    expect((await runSubmit(real)).submitted).toBe(1);
    const [feed] = (await feeds()).slice(before);
    // Amazon's word on the feed, as getFeed would give it after an abort (no report) or a cancelFeed.
    const says = (processingStatus: 'FATAL' | 'CANCELLED'): FeedsContext => ({
      ...real,
      feeds: { ...real.feeds, getFeed: async (id: string) => ({ feedId: id, feedType: LISTINGS, createdTime: new Date().toISOString(), processingStatus }) },
    });
    expect(await pollFeed(says('CANCELLED'), feed!.id)).toBe('cancelled');
    const queued = await pool.query(`select count(*)::int as n from feed_message where key like 'VERDICT-%' and state = 'queued'`);
    expect(queued.rows[0].n).toBe(2);
    expect((await runSubmit(real)).submitted).toBe(1);
    const [, again] = (await feeds()).slice(before);
    expect(await pollFeed(says('FATAL'), again!.id)).toBe('fatal');
    expect((await feedResults(pool, again!.id)).map((r) => [r.key, r.outcome, r.code])).toEqual([['VERDICT-1', 'rejected', 'FEED_FATAL'], ['VERDICT-2', 'rejected', 'FEED_FATAL']]);
  }, 60_000);
});
