/**
 * Where a notification goes: the backends of its seller (a seller may have several backends, one per ERP or
 * marketplace group), and in each the flows switched on that declared its type. Pure: the reader hands it the
 * backends it loaded for the batch.
 */
import type { BackendRecord } from '../../../core/backend/index.ts';
import { goLiveOfFlow, taskName, type FlowDefinition } from '../flow.ts';
import type { NotificationTask } from './notification-store.ts';

export type NotifiedFlow = Pick<FlowDefinition, 'name' | 'goLive' | 'amazonNotifications'>;

export type Route = { tasks: NotificationTask[] } | { reason: 'UNKNOWN_SELLER' | 'NOT_SUBSCRIBED' };

/** The tasks for a notification of `type` from `sellerId`, or why there are none. */
export function routeNotification(flows: readonly NotifiedFlow[], backends: readonly BackendRecord[], sellerId: string, type: string): Route {
  const mine = backends.filter((b) => b.sellerId === sellerId);
  if (mine.length === 0) return { reason: 'UNKNOWN_SELLER' };
  const tasks: NotificationTask[] = [];
  for (const b of mine) {
    if (!b.enabled) continue;
    for (const f of flows) {
      if (!goLiveOfFlow(f, b.settings).enabled) continue;
      for (const need of f.amazonNotifications ?? []) if (need.type === type) tasks.push({ task: taskName(f.name, need.task), backendId: b.id });
    }
  }
  return tasks.length ? { tasks } : { reason: 'NOT_SUBSCRIBED' };
}

/** The notification types `flows` declare that are on for `backend` (what its set-up subscribes). */
export function typesFor(flows: readonly NotifiedFlow[], backend: Pick<BackendRecord, 'settings'>): string[] {
  const on = flows.filter((f) => goLiveOfFlow(f, backend.settings).enabled);
  const needs = on.flatMap((f) => (f.amazonNotifications ?? []).filter((n) => n.wanted?.(backend.settings) ?? true));
  return [...new Set(needs.map((n) => n.type))].sort();
}
