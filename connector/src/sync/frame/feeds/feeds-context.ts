/**
 * What the Feeds core's steps work with for one backend: the pool, the seller, its Feeds API, its settings and the
 * feed types the flows declared (with the flow that owns each). Built from a job's env (`feedsContextOf`) or by a
 * test from an adapter and a pool.
 */
import type pg from 'pg';
import type { FeedsApi } from '../../../amazon/feeds-api.ts';
import type { ConflictService } from '../../../core/conflict/index.ts';
import type { FlowFeedType } from '../../../core/feeds/index.ts';
import type { FlowDefinition } from '../flow.ts';
import type { TaskEnv } from '../task-env.ts';
import { feedsSettings, type FeedsSettings } from './feeds.settings.ts';

/** A declared feed type and its owning flow (whose `resultTask` hears of each feed's outcome). */
export interface OwnedFeedType extends FlowFeedType {
  flow: string;
}

export interface FeedsContext {
  pool: pg.Pool;
  backendId: number;
  sellerId: string;
  feeds: Pick<FeedsApi, 'createFeedDocument' | 'upload' | 'createFeed' | 'getFeed' | 'getFeeds' | 'getFeedDocument' | 'download' | 'createFeedTokens'>;
  settings: FeedsSettings;
  types: ReadonlyMap<string, OwnedFeedType>;
  conflicts: Pick<ConflictService, 'raise'>;
  log: { info(msg: string, details?: Record<string, unknown>): void; warn(msg: string, details?: Record<string, unknown>): void };
}

/** The feed types every flow declares, by Amazon's feed type (two flows declaring one type: the first wins). */
export function feedTypesOf(flows: readonly Pick<FlowDefinition, 'name' | 'feeds'>[]): Map<string, OwnedFeedType> {
  const types = new Map<string, OwnedFeedType>();
  for (const flow of flows) for (const t of flow.feeds ?? []) if (!types.has(t.feedType)) types.set(t.feedType, { ...t, flow: flow.name });
  return types;
}

/** A type nobody declares (its flow was removed): sent last, and never resubmitted by itself. */
export function typeOf(ctx: Pick<FeedsContext, 'types'>, feedType: string): OwnedFeedType {
  return ctx.types.get(feedType) ?? { feedType, priority: 0, moneyMoving: true, resultTask: '', flow: '' };
}

/** The context of `backendId` in a job. */
export async function feedsContextOf(env: TaskEnv, backendId: number, types: ReadonlyMap<string, OwnedFeedType>): Promise<FeedsContext> {
  const rt = await env.runtimes.get(backendId);
  return {
    pool: env.db.pool,
    backendId,
    sellerId: rt.backend.sellerId,
    feeds: rt.amazon.feeds,
    settings: feedsSettings.of(rt.backend.settings),
    types,
    conflicts: env.core.conflicts,
    log: { info: (m, d) => env.log.info(m, { backendId, ...d }), warn: (m, d) => env.log.warn(m, { backendId, ...d }) },
  };
}
