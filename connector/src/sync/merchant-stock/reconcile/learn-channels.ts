/**
 * The channels of listings never read, learnt before their first quantity is planned: a SKU whose listing is
 * FBA-only (no order told us so yet) must never get a DEFAULT quantity, which would turn it merchant-fulfilled. One
 * searchListingsItems call per 20 such SKUs, under the operation's shared quota; only SKUs with no reading at all
 * and no merchant order (which proves a DEFAULT channel), so a backend's steady recomputes make no Amazon call.
 */
import type { TaskEnv } from '../../frame/task-env.ts';
import { readingsOf } from './listing-reading.ts';
import { listingChannels, saveReadings } from './listing-store.ts';

/**
 * The channels per SKU, reading from Amazon those never read, except `proven` ones (their last order was
 * merchant-fulfilled: the listing has a DEFAULT channel); a SKU without a listing maps to [].
 */
export async function channelsLearnt(env: Pick<TaskEnv, 'db' | 'runtimes'>, backendId: number, skus: readonly string[], proven: ReadonlySet<string> = new Set()): Promise<Map<string, string[]>> {
  const known = await listingChannels(env.db.pool, backendId, skus, { includeMissing: true });
  const unread = skus.filter((s) => !known.has(s) && !proven.has(s));
  if (!unread.length) return known;
  const { backend, amazon } = await env.runtimes.get(backendId);
  const readAt = new Date();
  const readings = readingsOf(unread, await amazon.listings.allBySkus(backend.sellerId, backend.marketplaceIds, unread));
  await saveReadings(env.db.pool, backendId, readings, readAt);
  for (const r of readings) known.set(r.sku, r.channels);
  return known;
}
