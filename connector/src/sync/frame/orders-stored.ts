/**
 * The "orders stored" hook: the orders flow stores Amazon orders (core/documents) and may not name another flow, yet
 * other flows must hear of a new order at once (the merchant-stock flow: its units leave the quantity Amazon shows
 * before the import). So the orders flow calls `env.ordersStored(...)` in its storing transaction and this module,
 * built over the flow list by app/boot.ts, calls each switched-on flow's `onOrdersStored` there: what a hook
 * enqueues commits with the orders, or not at all.
 */
import { goLiveOfFlow, type FlowDefinition } from './flow.ts';
import type { FlowHookEnv } from './flow-conflicts.ts';
import type { OrdersStoredHook } from './task-env.ts';

type HookFlows = readonly Pick<FlowDefinition, 'name' | 'goLive' | 'onOrdersStored'>[];

/** The TaskEnv's `ordersStored` over `flows`: nothing to do (no order, no flow with the hook) reads nothing. */
export function ordersStoredHook(flows: HookFlows, env: FlowHookEnv): OrdersStoredHook {
  const hooked = flows.filter((f) => f.onOrdersStored);
  return async (backendId, amazonOrderIds, tx) => {
    if (!amazonOrderIds.length || !hooked.length) return;
    const { settings } = await env.core.backends.get(backendId);
    for (const flow of hooked) {
      if (goLiveOfFlow(flow, settings).enabled) await flow.onOrdersStored?.(backendId, amazonOrderIds, tx, env);
    }
  };
}
