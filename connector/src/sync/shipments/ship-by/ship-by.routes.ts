/** GET /api/backends/:id/shipments/at-risk: the orders to ship before Amazon counts them late, most urgent first. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ref } from '../../../api/components.ts';
import { BackendIdParams, notFound } from '../../../api/routes/common.ts';
import { PermanentError } from '../../../core/errors.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { listAtRisk, type AtRiskRow } from './ship-by.queries.ts';
import { ShipByRiskList, type ShipByRiskOrderT } from './ship-by.schemas.ts';
import { shipByHoursOf } from './ship-by.settings.ts';

const view = (r: AtRiskRow, asOf: Date): ShipByRiskOrderT => ({
  amazonOrderId: r.amazonOrderId,
  marketplaceId: r.marketplaceId,
  amazonStatus: r.amazonStatus,
  latestShipDate: r.latestShipAt.toISOString(),
  hoursLeft: Math.round((r.latestShipAt.getTime() - asOf.getTime()) / 360_000) / 10,
  late: r.late,
  syncState: r.syncState,
  erpOrder: r.erpOrder,
});

/** The route plugin (`FlowDefinition.apiRoutes`: mounted under /api, admin only like every business route). */
export function shipByRoutes(env: Pick<TaskEnv, 'db' | 'core'>): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/backends/:id/shipments/at-risk',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['shipments'],
          summary: 'Unshipped merchant-fulfilled orders due within the ship-by threshold, and the late ones apart',
          description:
            "Orders whose latest ship time (Amazon's shipByWindow.latestDateTime) is within the backend's " +
            '`shipments.shipByAlertHours` (default 24), soonest first; those already past it under `late`, longest overdue ' +
            'first. As last fetched from Amazon: an order confirmed shipped leaves the list with the next sweep.',
          params: BackendIdParams,
          querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200, description: 'at most this many per list' })) }),
          response: { 200: ref(ShipByRiskList), ...notFound },
        },
      },
      async (req) => {
        const id = req.params.id;
        const state = await env.core.backends.state(id);
        if (state !== 'active' && state !== 'disabled') throw new PermanentError('BACKEND_NOT_FOUND', `backend ${id} does not exist`);
        const thresholdHours = shipByHoursOf((await env.core.backends.get(id)).settings);
        const list = await listAtRisk(env.db.pool, id, { thresholdHours, limit: req.query.limit ?? 200 });
        const items = list.rows.map((r) => view(r, list.asOf));
        return {
          backendId: id,
          asOf: list.asOf.toISOString(),
          thresholdHours,
          counts: { atRisk: list.atRisk, late: list.late },
          atRisk: items.filter((i) => !i.late),
          late: items.filter((i) => i.late),
        };
      },
    );
  };
}
