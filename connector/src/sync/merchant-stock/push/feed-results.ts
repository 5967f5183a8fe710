/**
 * Amazon's verdict on a JSON_LISTINGS_FEED of quantities (the Feeds core runs this once the report was read). Per
 * message (its key names the SKU and the version it carried):
 * - accepted, and still the latest version sent: done (the SKU's refusal conflict, if any, closed);
 * - accepted, but a newer version was sent since (a patch, or a later feed): Amazon may have applied this older
 *   one last, so the SKU is marked for a re-check and the next push sends the current quantity again;
 * - rejected: MERCHANT_STOCK_REFUSED conflict with Amazon's code (only for the latest version: a newer one is on
 *   its way and speaks for the SKU);
 * - no verdict (the feed failed as a whole): re-check.
 * Returns the SKUs marked; a re-run changes nothing more than marking them again.
 */
import { withTransaction } from '../../../core/tx.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { feedResults } from '../../frame/feeds/index.ts';
import { clearRefusals, markRecheck, recordRefused, sentVersions } from '../store/offer-store.ts';
import { parseMessageKey } from './lanes.ts';
import { MERCHANT_STOCK_KIND, raiseRefusal } from './refusals.ts';

export interface FeedOutcomeCounts {
  accepted: number;
  rejected: number;
  recheck: string[];
}

/** Reads the feed's outcomes and records them. */
export async function readFeedResults(env: Pick<TaskEnv, 'db' | 'core'>, backendId: number, feedId: number): Promise<FeedOutcomeCounts> {
  const results = (await feedResults(env.db.pool, feedId)).flatMap((r) => {
    const k = parseMessageKey(r.key);
    return k ? [{ ...r, ...k }] : [];
  });
  const sent = await sentVersions(env.db.pool, backendId, results.map((r) => r.sku));
  const out: FeedOutcomeCounts = { accepted: 0, rejected: 0, recheck: [] };
  await withTransaction(env.db.pool, async (tx) => {
    const done: string[] = [];
    for (const r of results) {
      const latest = (sent.get(r.sku) ?? 0) <= r.seq;
      if (r.outcome === 'accepted') {
        out.accepted += 1;
        if (latest) done.push(r.sku);
        else out.recheck.push(r.sku);
      } else if (r.outcome === 'rejected') {
        out.rejected += 1;
        if (!latest) continue;
        const quantity = Number((r.body.patches as { value?: { quantity?: number }[] }[] | undefined)?.[0]?.value?.[0]?.quantity ?? -1);
        await recordRefused(tx, backendId, r.sku, r.seq, r.code ?? 'REJECTED', r.message ?? '');
        await raiseRefusal(env.core, tx, backendId, { sku: r.sku, desiredQty: quantity, computedSeq: r.seq }, {
          code: 'MERCHANT_STOCK_REFUSED',
          message: `${r.code ?? 'no code'}: ${r.message ?? 'no description'}`,
          details: { amazonCode: r.code, feedId },
        });
      } else {
        out.recheck.push(r.sku);
      }
    }
    await markRecheck(tx, backendId, out.recheck);
    await clearRefusals(tx, backendId, done);
    if (done.length) await env.core.conflicts.resolveOpenForMany(backendId, MERCHANT_STOCK_KIND, done, { action: 'synced', by: 'merchant-stock' }, tx);
  });
  return out;
}
