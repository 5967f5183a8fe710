/**
 * The task body of `labels:buy` and of the change feed's `labels:deliveries-changed`: each delivery under its own
 * session lock (two workers never buy for one delivery at once; a busy one is handed to a new job a moment later),
 * loaded and checked (`label-delivery.ts`), then bought (`buy-label.ts`). One delivery's open outcome (Amazon
 * throttled or unreachable) never holds the others back: the job fails after them and its retry settles it.
 */
import { isSyncError } from '../../core/errors.ts';
import { enqueue } from '../../core/queue/enqueue.ts';
import type { FlowJob } from '../frame/flow.ts';
import { buyLabel, type BuyOutcome } from './buy-label.ts';
import { loadLabelDeliveries } from './label-delivery.ts';
import { LABELS_FLOW, labelKey, labelLockOf, Tasks } from './labels.payloads.ts';
import { labelsSettings } from './labels.settings.ts';

const BUSY_RETRY_MS = 3_000;

export type DeliveryOutcome = BuyOutcome | { state: 'not_eligible'; why: string } | { state: 'dry_run' } | { state: 'busy' };

/** Buys the labels of `pickingIds`; `quiet`: deliveries that get no label are left unrecorded (the change feed sees every picking). */
export async function buyDeliveries(job: Pick<FlowJob, 'env' | 'goLive'>, backendId: number, pickingIds: readonly number[], o: { batchId: string | null; quiet: boolean }): Promise<Map<number, DeliveryOutcome>> {
  const { env } = job;
  const rt = await env.runtimes.get(backendId);
  const settings = labelsSettings.of(rt.backend.settings);
  const out = new Map<number, DeliveryOutcome>();
  const session = await env.core.locker.session();
  let open: unknown = null;
  try {
    const { busy } = await session.tryLock(pickingIds.map((id) => labelLockOf(backendId, id)));
    const free = pickingIds.filter((id) => !busy.includes(labelLockOf(backendId, id)));
    const loaded = await loadLabelDeliveries(env, rt, free, settings);
    const ctx = { env, rt, settings, batchId: o.batchId, ensureHeld: () => session.ensureHeld() };
    for (const id of free) {
      const e = loaded.get(id)!;
      if (!e.ok) {
        out.set(id, { state: 'not_eligible', why: e.why });
        if (!o.quiet) await env.core.states.set(backendId, LABELS_FLOW, [{ key: labelKey(id), state: 'not_eligible', code: 'LABEL_NOT_ELIGIBLE', detail: { why: e.why } }], { stamp: false });
        continue;
      }
      if (job.goLive?.dryRun) {
        await env.core.states.set(backendId, LABELS_FLOW, [{ key: labelKey(id), state: 'dry_run', code: null, detail: { would: 'would buy a label', amazonOrderId: e.delivery.amazonOrderId, packages: e.delivery.packages.map((x) => x.weightGrams), weightGrams: e.delivery.packages.reduce((n, x) => n + x.weightGrams, 0) } }], { stamp: false });
        out.set(id, { state: 'dry_run' });
        continue;
      }
      try {
        out.set(id, await buyLabel(ctx, e.delivery));
      } catch (err) {
        if (!isSyncError(err) || err.kind !== 'retryable') throw err;
        open ??= err;
      }
    }
    const busyIds = pickingIds.filter((id) => busy.includes(labelLockOf(backendId, id)));
    for (const id of busyIds) out.set(id, { state: 'busy' });
    if (busyIds.length) await enqueue(env.db.pool, Tasks.buy, { backendId, pickingIds: busyIds, ...(o.batchId ? { batchId: o.batchId } : {}) }, { runAt: new Date(Date.now() + BUSY_RETRY_MS) });
  } finally {
    await session.close();
  }
  if (open) throw open;
  return out;
}
