/** How feeds are shown: the model's `Feed` (getFeed, getFeeds) and the admin read-back with messages and results. */
import type { FeedRecord } from './feed-store.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** The model's Feed object. */
export function feedView(f: FeedRecord): Record<string, unknown> {
  return {
    feedId: f.feedId,
    feedType: f.feedType,
    marketplaceIds: f.marketplaceIds,
    createdTime: iso(f.createdMs),
    processingStatus: f.status,
    ...(f.processingStartMs !== undefined ? { processingStartTime: iso(f.processingStartMs) } : {}),
    ...(f.processingEndMs !== undefined ? { processingEndTime: iso(f.processingEndMs) } : {}),
    ...(f.resultFeedDocumentId ? { resultFeedDocumentId: f.resultFeedDocumentId } : {}),
  };
}

/** The admin view: the Feed plus what the sandbox understood and decided. */
export function adminFeedView(f: FeedRecord): Record<string, unknown> {
  return {
    ...feedView(f),
    sellerId: f.sellerId,
    inputFeedDocumentId: f.inputFeedDocumentId,
    ...(f.feedOptions ? { feedOptions: f.feedOptions } : {}),
    ...(f.fatalReason ? { fatalReason: f.fatalReason } : {}),
    messages: (f.messages ?? []).map((m) => ({ messageId: m.messageId, message: m.message, result: m.result,
      ...(m.code ? { code: m.code } : {}), ...(m.description ? { description: m.description } : {}) })),
  };
}
