/**
 * GET /api/backends/:id/fba-returns/claim-candidates (read role): the units Amazon damaged or lost (refunded, never
 * returned) and has not reimbursed after `fbaReturns.claimAfterDays`, each with the last day of Amazon's claim
 * window, nearest first.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ref } from '../../api/components.ts';
import { IsoTime } from '../../api/schemas.ts';
import { BackendIdParams, notFound } from '../../api/routes/common.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { claimCandidates } from './claim-candidates.ts';
import { fbaReturnsSettings } from './fba-returns.settings.ts';
import { backendMustExist } from '../../core/backend/must-exist.ts';

export const FbaClaimCandidate = Type.Object(
  {
    rowKey: Type.String({ description: 'the returned unit row (order id / SKU / license plate), or lost:<order id>/<SKU>' }),
    amazonOrderId: Type.String(),
    sku: Type.String(),
    quantity: Type.Integer(),
    disposition: Type.String({ description: "Amazon's detailed disposition (DAMAGED, CARRIER_DAMAGED, DISTRIBUTOR_DAMAGED), or LOST: refunded, never returned" }),
    returnDate: IsoTime,
    claimDeadline: IsoTime,
  },
  { $id: 'FbaClaimCandidate' },
);

export const FbaClaimCandidates = Type.Object(
  { claimAfterDays: Type.Integer(), items: Type.Array(ref(FbaClaimCandidate)) },
  { $id: 'FbaClaimCandidates' },
);

export const fbaReturnsApiSchemas = [FbaClaimCandidate, FbaClaimCandidates];

export function fbaReturnsApiRoutes(env: Pick<TaskEnv, 'db' | 'core'>): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/backends/:id/fba-returns/claim-candidates',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['fba-returns'],
          summary: 'FBA units Amazon damaged or lost and has not reimbursed: reimbursement claim candidates with their deadline (404 when the backend does not exist)',
          params: BackendIdParams,
          response: { 200: ref(FbaClaimCandidates), ...notFound },
        },
      },
      async (req) => {
        await backendMustExist(env.core.backends, req.params.id);
        const { claimAfterDays } = fbaReturnsSettings.of((await env.core.backends.get(req.params.id)).settings);
        const items = await claimCandidates(env.db.pool, req.params.id, claimAfterDays);
        return { claimAfterDays, items: items.map((c) => ({ ...c, returnDate: c.returnDate.toISOString(), claimDeadline: c.claimDeadline.toISOString() })) };
      },
    );
  };
}
