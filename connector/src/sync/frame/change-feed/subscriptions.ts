/**
 * The change feed's subscriptions of one backend, from the flows' `erpSubscriptions`: only flows switched on for
 * it and not waiting for an ERP module; each handed to core as `<flow>:<task>`.
 */
import { Type } from 'typebox';
import type { BackendSettings } from '../../../core/backend/settings/index.ts';
import type { ChangeSubscription } from '../../../core/change-feed/index.ts';
import { goLiveOfFlow, taskName, type FlowDefinition } from '../flow.ts';

export type FeedFlow = Pick<FlowDefinition, 'name' | 'goLive' | 'erpSubscriptions' | 'erpModules'>;

/** The subscriptions of `flows` that are live for a backend with `settings`, minus the flows in `waiting`. */
export function liveSubscriptions(flows: readonly FeedFlow[], settings: BackendSettings, waiting: ReadonlySet<string> = new Set()): ChangeSubscription[] {
  return flows
    .filter((f) => (f.erpSubscriptions?.length ?? 0) > 0 && !waiting.has(f.name) && goLiveOfFlow(f, settings).enabled)
    .flatMap((f) => f.erpSubscriptions!.map((s) => ({
      model: s.model,
      fields: s.fields,
      task: taskName(f.name, s.task),
      ...(s.domain ? { domain: s.domain } : {}),
      ...(s.webhook ? { webhook: s.webhook } : {}),
    })));
}

/** The payload the feed queues a subscriber's task with: a flow's task declares `payload: ChangedRecords`. */
export const ChangedRecords = Type.Object({
  backendId: Type.Integer({ minimum: 1 }),
  ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 1000, description: 'records of the subscribed model that changed (re-read them)' }),
});
