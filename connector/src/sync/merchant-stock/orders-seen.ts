/**
 * A new Amazon order's units leave the offer before the order is imported: the SKUs of orders the orders flow
 * stored since this flow last looked (its cursor, `merchant-stock.orders` in the sweep cursors) are recomputed for
 * their products. The cursor moves to the latest storing time seen; each look reaches 60 s behind it, because a
 * document's `fetched_at` is its transaction's start and a long sweep commits rows dated before the cursor (a SKU
 * seen twice is recomputed twice: harmless, the result is the same).
 */
import { orderSkusStoredSince, skuProducts } from '../orders/index.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { recomputeOffers, type RecomputeResult } from './recompute.ts';

export const ORDERS_CURSOR = 'merchant-stock.orders';
const OVERLAP_MS = 60_000;

/**
 * Recomputes the products of orders stored since the cursor. The first look (no cursor yet) reaches as far back
 * as the later ones from now: the order whose storing queued it (the orders-stored hook) is in there; what was
 * stored before the flow first looked is counted by any full recompute (the first one, the hourly one).
 */
export async function recomputeForNewOrders(env: Pick<TaskEnv, 'db' | 'core' | 'runtimes'>, backendId: number): Promise<RecomputeResult> {
  const cursor = await env.core.cursors.get(backendId, ORDERS_CURSOR);
  const from = cursor?.lastUpdatedAfter ?? new Date();
  const seen = await orderSkusStoredSince(env.db.pool, backendId, new Date(from.getTime() - OVERLAP_MS));
  if (!seen.until) {
    if (!cursor) await env.core.cursors.advance(backendId, ORDERS_CURSOR, from);
    return { skus: 0, changed: [] };
  }
  const productIds = [...new Set((await skuProducts(env.db.pool, backendId, undefined, seen.skus)).map((s) => s.productId))];
  const result = productIds.length ? await recomputeOffers(env, backendId, { productIds }) : { skus: 0, changed: [] };
  await env.core.cursors.advance(backendId, ORDERS_CURSOR, seen.until);
  return result;
}
