/**
 * One backend's care sweep: the sources read and their new (order, reason) pairs staged; then, unless the flow is
 * in dry run, the missing activities created in the ERP, the open ones read back (done there -> done here), and
 * the ship-late ones of shipped orders closed (close-shipped.ts).
 * Under a session lock per backend: a second copy of the job (a key does not stop a running one) returns at once.
 */
import { withTransaction } from '../../core/tx.ts';
import type { FlowJob } from '../frame/flow.ts';
import { careEvents } from './care-sources.ts';
import { CARE_FLOW } from './care.payloads.ts';
import { careSettings } from './care.settings.ts';
import { stageEvents } from './care-store.ts';
import { createActivities } from './create-activities.ts';
import { readBack } from './read-back.ts';
import { closeShipped } from './close-shipped.ts';

export interface CareSweep { busy?: true; staged: number; created: number; adopted: number; waiting: number; checked: number; done: number; closed?: number }

/** Whether the backend's last sweep (its cursor) is `minutes` old or more. */
export async function careSweepDue(env: Pick<FlowJob['env'], 'core'>, backendId: number, minutes: number, now: number = Date.now()): Promise<boolean> {
  const cursor = await env.core.cursors.get(backendId, CARE_FLOW);
  return !cursor || now - cursor.lastUpdatedAfter.getTime() >= minutes * 60_000 - 5_000;
}

export async function sweepCare(job: Pick<FlowJob, 'env' | 'goLive'>, backendId: number, now: Date = new Date()): Promise<CareSweep> {
  const { env } = job;
  const session = await env.core.locker.session();
  try {
    const { obtained } = await session.tryLock([`care:${backendId}`]);
    if (!obtained.length) return { busy: true, staged: 0, created: 0, adopted: 0, waiting: 0, checked: 0, done: 0 };
    const backend = (await env.runtimes.get(backendId)).backend;
    const settings = careSettings.of(backend.settings);
    const events = await careEvents(env.db.pool, backendId, backend.settings, settings.sinceDays, now);
    const staged = await withTransaction(env.db.pool, async (tx) => {
      const n = await stageEvents(tx, backendId, events);
      await env.core.cursors.advance(backendId, CARE_FLOW, now, tx);
      return n;
    });
    if (job.goLive?.dryRun) return { staged, created: 0, adopted: 0, waiting: 0, checked: 0, done: 0 };
    // Shipped first: a ship-late row still pending gets no activity for an order already gone.
    const { closed } = await closeShipped(env, backendId, now);
    const made = await createActivities(env, backendId, () => session.ensureHeld(), now);
    const back = await readBack(env, backendId, now);
    return { staged, ...made, ...back, closed };
  } finally {
    await session.close();
  }
}
