/**
 * The push: what changed goes to Amazon, the urgent SKUs by patchListingsItem one by one, the rest as
 * JSON_LISTINGS_FEED messages through the Feeds core (stock has the lowest priority there). One push per backend
 * at a time (a session lock held across the Amazon calls), each SKU's row read again under it right before its
 * send and the send recorded by compare-and-set on its version: so no older quantity ever follows a newer one.
 * The feed messages are queued in the transaction that records them as sent (house rule 2).
 */
import type { SyncError } from '../../../core/errors.ts';
import { PermanentError, RetryableError } from '../../../core/errors.ts';
import { LOCK_BUSY_RETRY_MS } from '../../../core/lock.ts';
import { withTransaction } from '../../../core/tx.ts';
import { productTypeOf, type ListingsApi } from '../../../amazon/listings-api.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { enqueueFeedMessages } from '../../frame/feeds/index.ts';
import { merchantStockSettings } from '../merchant-stock.settings.ts';
import { noteFeedMessages, offerOf, pendingOffers, recordFeedSends, recordRefused, recordSent, type OfferRow } from '../store/offer-store.ts';
import { messageKey, quantityMessage, splitLanes } from './lanes.ts';
import { MERCHANT_STOCK_KIND, raiseRefusal } from './refusals.ts';

/** SKUs per transaction of the bulk lane: its three statements' fixed cost spread thin, a transaction still short. */
const FEED_CHUNK = 5_000;

/** At most this many SKUs per push (one feed's worth); the rest waits for the next push, queued at once. */
export const PUSH_LIMIT = 25_000;

export interface PushResult {
  patched: number;
  queued: number;
  refused: number;
  /** Pending SKUs left for the next push (the limit was reached). */
  more: boolean;
  /** Dry run: what would have been sent, SKU -> quantity. */
  wouldSend?: Record<string, number>;
}

export type PushEnv = Pick<TaskEnv, 'db' | 'core' | 'runtimes'>;

/** Sends the backend's pending quantities; `dryRun`: decides the lanes, sends and records nothing. */
export async function pushOffers(env: PushEnv, backendId: number, opts: { dryRun?: boolean; signal?: AbortSignal } = {}): Promise<PushResult> {
  const { backend, amazon } = await env.runtimes.get(backendId);
  const settings = merchantStockSettings.of(backend.settings);
  const excluded = new Set(settings.excludedSkus);
  const pending = (await pendingOffers(env.db.pool, backendId, PUSH_LIMIT + 1)).filter((r) => !excluded.has(r.sku));
  const more = pending.length > PUSH_LIMIT;
  const lanes = splitLanes(pending.slice(0, PUSH_LIMIT), settings.urgentMaxSkus);
  if (opts.dryRun) return { patched: 0, queued: 0, refused: 0, more, wouldSend: Object.fromEntries(pending.map((r) => [r.sku, r.desiredQty])) };
  const result: PushResult = { patched: 0, queued: 0, refused: 0, more };
  const session = await env.core.locker.session();
  try {
    const { obtained } = await session.tryLock([`merchant-stock:push:${backendId}`]);
    if (!obtained.length) {
      const busy = new RetryableError('LOCK_BUSY', `another worker pushes backend ${backendId}'s stock`);
      busy.retryAfterMs = LOCK_BUSY_RETRY_MS;
      throw busy;
    }
    const ctx = { env, backendId, sellerId: backend.sellerId, marketplaceIds: backend.marketplaceIds, listings: amazon.listings, signal: opts.signal };
    for (const row of lanes.patch) {
      await session.ensureHeld();
      const outcome = await patchOne(ctx, row);
      if (outcome === 'patched') result.patched += 1;
      else if (outcome === 'refused') result.refused += 1;
    }
    if (lanes.feed.length) {
      await session.ensureHeld();
      result.queued = await queueFeed(ctx, lanes.feed);
    }
  } finally {
    await session.close();
  }
  return result;
}

interface PushContext {
  env: PushEnv;
  backendId: number;
  sellerId: string;
  marketplaceIds: readonly string[];
  listings: ListingsApi;
  signal: AbortSignal | undefined;
}

/** One SKU by patch: re-read under the lock, product type learnt once, sent, recorded over older versions only. */
async function patchOne(ctx: PushContext, stale: OfferRow): Promise<'patched' | 'refused' | 'skipped'> {
  const { env, backendId } = ctx;
  const row = await offerOf(env.db.pool, backendId, stale.sku);
  if (!row || (row.computedSeq <= (row.sentSeq ?? 0) && !row.recheck)) return 'skipped';
  const call = ctx.signal ? { signal: ctx.signal } : {};
  try {
    let productType = row.productType;
    if (!productType) {
      const item = await ctx.listings.getListingsItem(ctx.sellerId, row.sku, ctx.marketplaceIds, call);
      if (!item) throw new PermanentError('MERCHANT_STOCK_LISTING_MISSING', `Amazon has no listing for SKU ${row.sku}`, { sku: row.sku });
      productType = productTypeOf(item);
    }
    await ctx.listings.patchMerchantQuantity({ sellerId: ctx.sellerId, sku: row.sku, marketplaceIds: ctx.marketplaceIds, quantity: row.desiredQty, productType }, call);
    await withTransaction(env.db.pool, async (tx) => {
      if (await recordSent(tx, backendId, { sku: row.sku, quantity: row.desiredQty, seq: row.computedSeq, lane: 'patch', productType })) {
        await env.core.conflicts.resolveOpenForMany(backendId, MERCHANT_STOCK_KIND, [row.sku], { action: 'synced', by: 'merchant-stock' }, tx);
      }
    });
    return 'patched';
  } catch (e) {
    if (!(e instanceof PermanentError) || e.code === 'AMAZON_AUTH_FAILED') throw e;
    await withTransaction(env.db.pool, async (tx) => {
      await recordRefused(tx, backendId, row.sku, row.computedSeq, e.code, e.message);
      await raiseRefusal(env.core, tx, backendId, row, e as SyncError);
    });
    return 'refused';
  }
}

/**
 * The bulk lane, per 5,000 SKUs one transaction: the sends recorded in one statement (only over older versions),
 * then one message per recorded SKU version queued in one statement, then their message ids in one statement.
 */
async function queueFeed(ctx: PushContext, rows: readonly OfferRow[]): Promise<number> {
  let queued = 0;
  for (let i = 0; i < rows.length; i += FEED_CHUNK) {
    const chunk = rows.slice(i, i + FEED_CHUNK);
    queued += await withTransaction(ctx.env.db.pool, async (tx) => {
      // Recorded first: a message is queued only once its version is recorded, so no older quantity can be queued
      // after a newer one went (under the push lock that always holds; the compare-and-set makes it certain).
      const recorded = await recordFeedSends(tx, ctx.backendId, chunk.map((r) => ({ sku: r.sku, quantity: r.desiredQty, seq: r.computedSeq })));
      const sent = chunk.filter((row) => recorded.has(row.sku));
      // One statement for the chunk's messages (and one submit job), not one insert and one job per SKU.
      const queuedIds = await enqueueFeedMessages(tx, {
        backendId: ctx.backendId,
        feedType: 'JSON_LISTINGS_FEED',
        marketplaceIds: ctx.marketplaceIds,
        messages: sent.map((row) => ({ key: messageKey(row.sku, row.computedSeq), body: quantityMessage(row.sku, row.desiredQty, row.productType) })),
      });
      const notes = sent.map((row, i) => ({ sku: row.sku, seq: row.computedSeq, messageId: queuedIds[i]!.messageId }));
      await noteFeedMessages(tx, ctx.backendId, notes);
      return notes.length;
    });
  }
  return queued;
}
