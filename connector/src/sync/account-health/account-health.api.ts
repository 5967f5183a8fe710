/**
 * The health screen's routes (read role): GET /api/backends/:id/account-health/history (each rate per marketplace and
 * period against its target), /indicators (the connector's leading indicators with the orders behind each and what
 * to do), /alerts (the alerts raised, newest first, with their ERP activity).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ref } from '../../api/components.ts';
import { BackendIdParams, notFound } from '../../api/routes/common.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { HealthAlerts, HealthHistory, HealthIndicators } from './account-health.schemas.ts';
import { accountHealthSettings } from './account-health.settings.ts';
import { listAlerts } from './health-store.ts';
import { healthHistory } from './history.ts';
import { leadingIndicators } from './indicators.ts';
import { backendMustExist } from '../../core/backend/must-exist.ts';

const DAY = 86_400_000;

export function accountHealthApiRoutes(env: Pick<TaskEnv, 'db' | 'core'>): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const backendOf = async (id: number) => {
      await backendMustExist(env.core.backends, id);
      return env.core.backends.get(id);
    };
    app.get(
      '/backends/:id/account-health/history',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['account-health'],
          summary: "Amazon's account health rates per marketplace and reporting period, against their targets (404 when the backend does not exist)",
          params: BackendIdParams,
          querystring: Type.Object({ days: Type.Optional(Type.Integer({ minimum: 1, maximum: 730, default: 180, description: 'periods ending in the last N days' })) }),
          response: { 200: ref(HealthHistory), ...notFound },
        },
      },
      async (req) => {
        const { warnMargin } = accountHealthSettings.of((await backendOf(req.params.id)).settings);
        const since = new Date(Date.now() - (req.query.days ?? 180) * DAY);
        return { warnMargin, series: await healthHistory(env.db.pool, req.params.id, since, warnMargin) };
      },
    );
    app.get(
      '/backends/:id/account-health/indicators',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['account-health'],
          summary: "The connector's leading indicators (orders at risk of shipping late, shipments confirmed late, tracking numbers refused, seller cancellations) with the orders behind each and what to do (404 when the backend does not exist)",
          params: BackendIdParams,
          response: { 200: ref(HealthIndicators), ...notFound },
        },
      },
      async (req) => {
        await backendOf(req.params.id);
        const now = new Date();
        return { asOf: now.toISOString(), indicators: await leadingIndicators(env, req.params.id, now) };
      },
    );
    app.get(
      '/backends/:id/account-health/alerts',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['account-health'],
          summary: 'Alerts raised when a rate came within the warn margin of its threshold or crossed it, newest first, with their ERP activity (404 when the backend does not exist)',
          params: BackendIdParams,
          querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) }),
          response: { 200: ref(HealthAlerts), ...notFound },
        },
      },
      async (req) => {
        await backendOf(req.params.id);
        const items = await listAlerts(env.db.pool, req.params.id, req.query.limit ?? 100);
        return { items: items.map((a) => ({ ...a, periodFrom: a.periodFrom.toISOString(), periodTo: a.periodTo.toISOString(), raisedAt: a.raisedAt.toISOString() })) };
      },
    );
  };
}
