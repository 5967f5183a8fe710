/**
 * The task the change feed enqueues for changed `stock.picking` records (`{backendId, ids}`): re-read them, and
 * confirm each done delivery of a merchant-fulfilled Amazon order under its own lock, so two workers never send
 * the same package. A delivery whose lock another worker holds is handed to a new job a moment later; one whose
 * outcome is still open (Amazon throttled or down, a timeout) fails the job after the others went through, and
 * the retry settles it (confirmed ones are then no-ops).
 */
import { enqueue } from '../../core/queue/enqueue.ts';
import { isSyncError } from '../../core/errors.ts';
import type { FlowJob } from '../frame/flow.ts';
import { loadCarrierOverrides } from './carrier-overrides.ts';
import { Tasks, type ConfirmPayload } from './shipments.payloads.ts';
import { confirmDelivery, type ConfirmOutcome } from './steps/confirm-package.step.ts';
import { loadDeliveries } from './steps/load-deliveries.step.ts';

/** Retry a delivery another worker is confirming this soon (it is then confirmed: a no-op). */
const BUSY_RETRY_MS = 3_000;

export const lockKeyOf = (backendId: number, pickingId: number): string => `shipment:${backendId}:${pickingId}`;

/** Confirms the done deliveries among `p.ids`; returns the outcome per picking id. */
export async function confirmDeliveries(job: Pick<FlowJob, 'env' | 'goLive' | 'signal'>, p: ConfirmPayload): Promise<Map<number, ConfirmOutcome>> {
  const { env } = job;
  const rt = await env.runtimes.get(p.backendId);
  const deliveries = await loadDeliveries(env, rt, p.ids);
  const outcomes = new Map<number, ConfirmOutcome>();
  if (!deliveries.length) return outcomes;
  const overrides = await loadCarrierOverrides(env, p.backendId);
  const session = await env.core.locker.session();
  let open: unknown = null;
  try {
    const { busy } = await session.tryLock(deliveries.map((d) => lockKeyOf(p.backendId, d.picking.id)));
    const ctx = { env, rt, goLive: job.goLive, overrides, ensureHeld: () => session.ensureHeld(), ...(job.signal ? { signal: job.signal } : {}) };
    for (const d of deliveries) {
      if (busy.includes(lockKeyOf(p.backendId, d.picking.id))) continue;
      try {
        outcomes.set(d.picking.id, await confirmDelivery(ctx, d));
      } catch (e) {
        // One delivery's open outcome never holds the others back; the job fails once they are through.
        if (!isSyncError(e) || e.kind !== 'retryable') throw e;
        open ??= e;
      }
    }
    const busyIds = deliveries.filter((d) => busy.includes(lockKeyOf(p.backendId, d.picking.id))).map((d) => d.picking.id);
    if (busyIds.length) await enqueue(env.db.pool, Tasks.confirmDeliveries, { backendId: p.backendId, ids: busyIds }, { runAt: new Date(Date.now() + BUSY_RETRY_MS) });
  } finally {
    await session.close();
  }
  if (open) throw open;
  return outcomes;
}
