/**
 * Every `getInventorySummaries` page of one marketplace (details on), for one pool's snapshot. Amazon lets a
 * `nextToken` live 30 s: a page whose quota wait would outlive its token is given up before Amazon is asked (the
 * wait is aborted at the token's end, less a margin), and a page Amazon refuses with the expired-token 400 is the
 * same case. Either way the listing starts again from page 1, a bounded number of times, then the job is retried
 * later (FBA_STOCK_TOKEN_EXPIRED): half a listing is never taken for the pool's stock.
 */
import { isSyncError, PermanentError, RetryableError } from '../../../core/errors.ts';
import type { FbaInventoryApi, InventorySummary } from '../../../amazon/fba-inventory-api.ts';

/** Amazon's life of a nextToken (sp-api-notes: "expires after 30 s"). */
export const NEXT_TOKEN_LIFE_MS = 30_000;
/** Given up this long before the token's end: the request still has to travel. */
const MARGIN_MS = 2_000;

export interface PoolListing {
  summaries: InventorySummary[];
  pages: number;
  /** Times the listing started again from page 1. */
  restarts: number;
}

export interface FetchOptions {
  maxRestarts?: number;
  /** The worker's stop signal. */
  signal?: AbortSignal;
  now?: () => number;
}

/** Amazon's answer to an expired token: a 400 whose message says so (the sandbox and Amazon word it alike). */
export function isExpiredTokenError(e: unknown): boolean {
  if (!(e instanceof PermanentError) || e.code !== 'AMAZON_INVALID_REQUEST') return false;
  const said = `${String(e.details.amazonMessage ?? '')} ${String(e.details.amazonCode ?? '')}`;
  return /next ?token/i.test(said) && /expired/i.test(said);
}

/** All summaries of `marketplaceId`, the listing started again when a token dies on the way. */
export async function fetchPoolSummaries(api: Pick<FbaInventoryApi, 'getInventorySummaries'>, marketplaceId: string, opts: FetchOptions = {}): Promise<PoolListing> {
  const now = opts.now ?? Date.now;
  const maxRestarts = opts.maxRestarts ?? 3;
  let pages = 0;
  for (let restarts = 0; ; restarts++) {
    const summaries: InventorySummary[] = [];
    let token: string | undefined;
    let sentAt = 0;
    let tokenTimer: AbortSignal | undefined;
    try {
      do {
        let signal = opts.signal;
        if (token) {
          // The token was made while the previous request was under way: counted from when it was sent.
          const left = sentAt + NEXT_TOKEN_LIFE_MS - MARGIN_MS - now();
          if (left <= 0) throw new RetryableError('FBA_STOCK_TOKEN_EXPIRED', 'the nextToken expired before its page could be asked');
          tokenTimer = AbortSignal.timeout(left);
          signal = opts.signal ? AbortSignal.any([opts.signal, tokenTimer]) : tokenTimer;
        }
        sentAt = now();
        const page = await api.getInventorySummaries({ marketplaceId, details: true, ...(token ? { nextToken: token } : {}) }, signal ? { signal } : {});
        pages++;
        summaries.push(...page.summaries);
        if (page.nextToken && page.nextToken === token) {
          throw new PermanentError('AMAZON_BAD_PAYLOAD', 'getInventorySummaries: the same nextToken was returned twice', { operation: 'getInventorySummaries' });
        }
        token = page.nextToken;
      } while (token);
      return { summaries, pages, restarts };
    } catch (e) {
      const ownTimer = tokenTimer?.aborted === true && !opts.signal?.aborted && isSyncError(e) && e.code === 'INTERRUPTED';
      const expired = ownTimer || isExpiredTokenError(e) || (isSyncError(e) && e.code === 'FBA_STOCK_TOKEN_EXPIRED');
      if (!expired) throw e;
      if (restarts >= maxRestarts) {
        throw new RetryableError('FBA_STOCK_TOKEN_EXPIRED', `the inventory listing of ${marketplaceId} outlived its nextToken ${restarts + 1} times`, { marketplaceId, pages });
      }
    }
  }
}
