/**
 * POST /api/backends/:id/settlements/:settlementId/post (write: integrator or admin token): queues the settlement's
 * posting to the ERP (202; 409 SETTLEMENT_POSTING_OFF unless `settlements.postingEnabled`; 404 for a settlement not
 * stored). GET /api/backends/:id/settlements/:settlementId/posting (read): its posting state, ERP entries and Amazon's vendor bills.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ref } from '../../../api/components.ts';
import { Nullable } from '../../../api/schemas.ts';
import { BackendIdParams, conflict, notFound } from '../../../api/routes/common.ts';
import { PermanentError } from '../../../core/errors.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { settlementsSettings } from '../settlements.settings.ts';
import { postingOf } from './posting-state.ts';
import { queuePosting } from './posting-queue.ts';
import { backendMustExist } from '../../../core/backend/must-exist.ts';

export const SettlementPostingView = Type.Object(
  {
    state: Type.Union([Type.Literal('not_posted'), Type.Literal('posting'), Type.Literal('posted'), Type.Literal('changed')], {
      description: 'posting: entries still to make or reconcile; changed: Amazon changed the settlement since its last posting (the difference is posted next)',
    }),
    entries: Type.Array(Type.Object({
      version: Type.Integer(), chunkNo: Type.Integer(), ref: Type.String({ description: "the entry's reference in the ERP" }),
      state: Type.Union([Type.Literal('creating'), Type.Literal('posted')]), moveId: Nullable(Type.Integer()), lineCount: Type.Integer(),
      clearing: Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$', description: 'what the entry moved through the Amazon clearing account' }),
      reconciled: Type.Boolean(),
    })),
    bills: Type.Array(Type.Object({
      version: Type.Integer(), ref: Type.String({ description: "the vendor bill's reference in the ERP (AMZ-SET <settlement> v<n> fees)" }),
      state: Type.Union([Type.Literal('creating'), Type.Literal('posted')]), moveId: Nullable(Type.Integer()),
      moveType: Type.Union([Type.Literal('in_invoice'), Type.Literal('in_refund')], { description: 'in_refund: the fees of the version net to a credit for the seller' }),
      lineCount: Type.Integer(),
      total: Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$', description: "the bill's total, VAT included (Amazon's amounts)" }),
      reconciled: Type.Boolean({ description: "the bill's payable item matched with the settlement's entry: it shows paid" }),
    }), { description: "Amazon's vendor bills for the fees (settlements.postingFeesAs vendorBills), one per version with fees" }),
    bankLine: Nullable(Type.Object({
      ref: Type.String({ description: "the statement line's label in the ERP's bank journal" }),
      state: Type.Union([Type.Literal('creating'), Type.Literal('created'), Type.Literal('reconciled')], { description: 'reconciled: it clears the Amazon transfers lines' }),
      statementLineId: Nullable(Type.Integer()),
      exchange: Nullable(Type.Object({
        moveId: Type.Integer({ description: "the exchange difference entry in the ERP's exchange journal" }),
        amount: Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$', description: 'in the company currency: positive a gain, negative a loss' }),
        currency: Type.String({ description: "the ERP company's currency" }),
      }, { description: 'what the ERP booked when the line (in the payout currency) cleared Amazon transfers (in the settlement currency) at other rates; null when nothing' })),
    }, { description: "the payout's bank statement line (settlements.postingBankLine); null until one is started" })),
  },
  { $id: 'SettlementPosting' },
);
export const postingApiSchemas = [SettlementPostingView];

const Params = Type.Object({ ...BackendIdParams.properties, settlementId: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9]+$' }) });

export function postingApiRoutes(env: Pick<TaskEnv, 'db' | 'core'>): FastifyPluginAsync {
  const backendOf = async (id: number) => {
    await backendMustExist(env.core.backends, id);
    return env.core.backends.get(id);
  };
  const missing = (backendId: number, settlementId: string) =>
    new PermanentError('SETTLEMENT_NOT_FOUND', `settlement ${settlementId} is not stored for backend ${backendId}`, { backendId });
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/backends/:id/settlements/:settlementId/post',
      {
        config: { access: 'write' as const },
        schema: {
          tags: ['settlements'],
          summary: 'Queues the posting of one stored settlement to the ERP (exactly once; a changed settlement is corrected by the difference); 409 SETTLEMENT_POSTING_OFF unless settlements.postingEnabled',
          params: Params,
          response: { 202: Type.Object({ queued: Type.Literal(true) }), ...notFound, ...conflict },
        },
      },
      async (req, reply) => {
        const backend = await backendOf(req.params.id);
        if (!(await postingOf(env.db.pool, backend.id, req.params.settlementId))) throw missing(backend.id, req.params.settlementId);
        if (!settlementsSettings.of(backend.settings).postingEnabled) {
          throw new PermanentError('SETTLEMENT_POSTING_OFF', `backend ${backend.id}: settlements.postingEnabled is off`, { backendId: backend.id });
        }
        await queuePosting(env.db.pool, backend.id, req.params.settlementId);
        return reply.code(202).send({ queued: true as const });
      },
    );
    app.get(
      '/backends/:id/settlements/:settlementId/posting',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['settlements'],
          summary: "One settlement's posting to the ERP: its state, the journal entries and Amazon's vendor bills made (404 when the backend or the settlement does not exist)",
          params: Params,
          response: { 200: ref(SettlementPostingView), ...notFound },
        },
      },
      async (req) => {
        const backend = await backendOf(req.params.id);
        const view = await postingOf(env.db.pool, backend.id, req.params.settlementId);
        if (!view) throw missing(backend.id, req.params.settlementId);
        return view;
      },
    );
  };
}
