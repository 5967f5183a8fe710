/** The order flow's API service: its stored orders, one order, and a resync request, over the task env. */
import { PermanentError } from '../../../core/errors.ts';
import type { PageOf } from '../../../api/deps.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { requestResync } from '../resync-order.task.ts';
import { getOrderView, listOrders } from './order-queries.ts';
import type { OrderSyncStateT, OrderViewT } from './orders.schemas.ts';

export interface OrdersApiService {
  list(backendId: number, q: { state?: OrderSyncStateT; q?: string; limit: number; cursor?: string }): Promise<PageOf<OrderViewT>>;
  get(backendId: number, amazonOrderId: string): Promise<OrderViewT | null>;
  /** Records the request and enqueues its job; null when the backend does not exist. */
  resync(backendId: number, amazonOrderId: string): Promise<{ queued: boolean; runId: number; correlationId: string } | null>;
}

/** The service over `env` (read lazily: the OpenAPI generator builds the routes without an env). */
export function ordersApiService(env: Pick<TaskEnv, 'db' | 'core'>): OrdersApiService {
  // A deleted backend answers 404 like one that never existed.
  const exists = async (id: number) => {
    const state = await env.core.backends.state(id);
    return state === 'active' || state === 'disabled';
  };
  const mustExist = async (id: number) => {
    if (!(await exists(id))) throw new PermanentError('BACKEND_NOT_FOUND', `backend ${id} does not exist`, { backendId: id });
  };
  return {
    list: async (backendId, q) => {
      // A backend that does not exist, or was deleted (its orders stay), is a 404, not a list. The page's statement
      // checks it (a page with rows proves it); only an empty page asks apart: one round trip saved per page.
      const page = await listOrders(env.db.pool, backendId, q);
      if (!page.items.length) await mustExist(backendId);
      return page;
    },
    get: async (backendId, id) => {
      await mustExist(backendId);
      return getOrderView(env.db.pool, backendId, id);
    },
    resync: async (backendId, id) => {
      if (!(await exists(backendId))) return null;
      return { queued: true, ...(await requestResync(env, backendId, id, 'api')) };
    },
  };
}
