/**
 * One reconciliation of a backend's merchant quantities with what Amazon shows, as a sync run (flow
 * `merchant-stock`, trigger `reconcile:<why>`): Amazon's listings read by searchListingsItems (20 SKUs a call,
 * each call's pages followed, under the operation's shared quota), the readings stored (channels for the
 * recompute), the SKUs' desired quantities recomputed from the ERP and the stored orders (so a drift is judged
 * against a fresh figure, and a SKU found to be sold merchant-fulfilled too starts being sent), every SKU judged
 * (compare-listing.ts), and each drifted one marked for a re-check, which the push sends by patch with its current
 * quantity. The run's counts say what was found and repaired; its steps name each repaired SKU and its outcome
 * keeps Amazon's and the expected quantity of each (the audit record).
 * No compensation: it writes only our own rows (readings, marks), and a repeat judges again.
 */
import type { RecordStatus } from '../../../core/workflow/runner.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { skuProducts } from '../../orders/index.ts';
import { merchantStockSettings } from '../merchant-stock.settings.ts';
import { MERCHANT_STOCK_FLOW } from '../merchant-stock.payloads.ts';
import { recomputeOffers } from '../recompute.ts';
import { countVerdicts, judgeListing, type Judgement, type Verdict } from './compare-listing.ts';
import { markDrifted, offerStates } from './drift-marks.ts';
import { readingsOf } from './listing-reading.ts';
import { saveReadings } from './listing-store.ts';

/** At most this many repairs are listed in a run's outcome (the steps name them all). */
const OUTCOME_REPAIRS = 200;

export interface ReconcileResult {
  runId: number | null;
  checked: number;
  counts: Record<Verdict, number>;
  /** SKUs marked for a re-check (drift repaired by the next push). */
  repaired: string[];
  /** The recompute changed some desired quantities: the push has something to send. */
  recomputed: number;
}

export type ReconcileEnv = Pick<TaskEnv, 'db' | 'core' | 'runtimes'>;

/** Reconciles `skus` (every known SKU when absent) of a backend; `trigger` names why (cron, notification, task). */
export async function reconcileBackend(env: ReconcileEnv, backendId: number, opts: { trigger: string; skus?: readonly string[]; signal?: AbortSignal; owner?: string | null; correlationId?: string }): Promise<ReconcileResult> {
  const { backend, amazon } = await env.runtimes.get(backendId);
  const settings = merchantStockSettings.of(backend.settings);
  const excluded = new Set(settings.excludedSkus);
  const known = (await skuProducts(env.db.pool, backendId, undefined, opts.skus)).filter((s) => !excluded.has(s.sku));
  const empty = countVerdicts([]);
  if (!known.length) return { runId: null, checked: 0, counts: empty, repaired: [], recomputed: 0 };
  const skus = known.map((s) => s.sku);
  const runId = await env.core.runs.start({ backendId, flow: MERCHANT_STOCK_FLOW, trigger: `reconcile:${opts.trigger}`, owner: opts.owner ?? null, correlationId: opts.correlationId ?? null });
  try {
    const readAt = new Date();
    const items = await amazon.listings.allBySkus(backend.sellerId, backend.marketplaceIds, skus, opts.signal ? { signal: opts.signal } : {});
    const readings = readingsOf(skus, items);
    await saveReadings(env.db.pool, backendId, readings, readAt);
    const recomputed = await recomputeOffers(env, backendId, opts.skus ? { productIds: [...new Set(known.map((s) => s.productId))] } : {});
    const offers = await offerStates(env.db.pool, backendId, skus);
    const judged = readings.map((r) => judgeListing(r, offers.get(r.sku), readAt, settings.reconcile.settleSeconds * 1000));
    const repaired = await markDrifted(env.db.pool, backendId, judged.filter((j) => j.verdict === 'drift'));
    const counts = countVerdicts(judged);
    await env.core.runs.record(runId, {
      steps: repaired.map((sku) => ({ recordKey: sku, step: 'reconcile-drift', status: 'ok' as const, errorCode: null, ms: 0 })),
      // The run's own figures beside the record statuses (the run log adds them up key by key).
      counts: { ok: judged.length, skipped: 0, retry: 0, failed: 0, conflict: 0, ...camel(counts), repaired: repaired.length } as Record<RecordStatus, number>,
    });
    await env.core.runs.finish(runId, { outcome: outcomeOf(judged, repaired, readAt) });
    return { runId, checked: judged.length, counts, repaired, recomputed: recomputed.changed.length };
  } catch (e) {
    await env.core.runs.finish(runId, { status: 'failed', errorCode: (e as { code?: string }).code ?? 'INTERNAL' }).catch(() => {});
    throw e;
  }
}

/** The counts under the run's camelCase keys (`inSync`, `noMerchantOffer`...). */
function camel(counts: Record<Verdict, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]));
}

/** The audit record: per repaired SKU, what Amazon showed and what it should show, at which version. */
function outcomeOf(judged: readonly Judgement[], repaired: readonly string[], readAt: Date) {
  const marked = new Set(repaired);
  const repairs = judged.filter((j) => marked.has(j.sku)).slice(0, OUTCOME_REPAIRS)
    .map((j) => ({ sku: j.sku, amazonQty: j.amazonQty, expectedQty: j.expectedQty, version: j.computedSeq }));
  return { readAt: readAt.toISOString(), repairs, more: Math.max(0, repaired.length - repairs.length) };
}
