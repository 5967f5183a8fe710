/**
 * What the order flow adds to the API and around it, for its flow definition (`orders.flow.ts`) to reference:
 * its admin routes and their named schemas, its error codes, its status counts and its mapping targets.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TaskEnv } from '../frame/task-env.ts';
import { orderRoutes } from './api/orders.routes.ts';
import { orderSchemas } from './api/orders.schemas.ts';
import { overviewRoutes } from './api/overview.routes.ts';
import { orderHistoryRoutes } from './api/order-history.routes.ts';
import { OrderHistory } from './api/order-history.ts';
import { Overview } from './api/overview.schemas.ts';
import { ordersApiService } from './api/orders.service.ts';
import { orderErrorList } from './orders.errors.ts';
import { ordersStatus } from './orders.status.ts';

/** The flow's admin routes (`FlowDefinition.apiRoutes`). */
export const ordersApiRoutes = (env: Pick<TaskEnv, 'db' | 'core'>): FastifyPluginAsync => async (app) => {
  await app.register(orderRoutes(ordersApiService(env)));
  // The panel's Overview lives here: its numbers are the order import's runs, conflicts and SP-API quota.
  await app.register(overviewRoutes(env));
  await app.register(orderHistoryRoutes(env));
};

/** The ERP models whose fields integrators may set with mapping rules (`FlowDefinition.mappingTargets`). */
export const ordersMappingTargets = [
  { model: 'sale.order', description: 'the sales order header' },
  { model: 'sale.order.line', description: 'each order line' },
  { model: 'res.partner', description: 'the buyer (invoice address)' },
  { model: 'delivery', description: 'the delivery address (a res.partner child)' },
] as const;

/** Everything above, as the flow definition's fields. */
export const ordersApiParts = {
  apiRoutes: ordersApiRoutes,
  apiSchemas: [...orderSchemas, Overview, OrderHistory],
  errorCodes: orderErrorList,
  status: ordersStatus,
  mappingTargets: ordersMappingTargets,
};
