/**
 * The reconciliation's routes (read role; accepting a variance: the `resolve` level, an accountant's): one
 * settlement's groups and variances, the variances of the backend filtered, one order's money trail, each as JSON
 * or CSV (`format=csv` or `Accept: text/csv`); POST .../variances/:key/accept records a note with who and when.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ref } from '../../../api/components.ts';
import { IsoTime, Nullable } from '../../../api/schemas.ts';
import { BackendIdParams, notFound } from '../../../api/routes/common.ts';
import { recordAudit } from '../../../core/audit/index.ts';
import { formatMinor } from '../../../core/money.ts';
import { PermanentError } from '../../../core/errors.ts';
import { withTransaction } from '../../../core/tx.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { accept } from './acceptances.ts';
import { moneyTrailCsv, reconciliationCsv, variancesCsv } from './recon-csv.ts';
import { REASONS, type Reason as ReasonCode } from './reconcile.ts';
import { allVariances, convertedOut, findVariance, moneyTrail, settlementReconciliation } from './reconciliation.ts';
import { backendMustExist } from '../../../core/backend/must-exist.ts';

const Amount = Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$', description: 'decimal, in `currency`' });
const Reason = Type.Unsafe<ReasonCode>(Type.String({ enum: [...REASONS], description: 'why the figures differ' }));

export const VarianceView = Type.Object(
  {
    key: Type.String({ description: 'stable: what an acceptance is recorded against' }),
    reason: Reason,
    orderId: Nullable(Type.String()), settlementId: Nullable(Type.String()), refundId: Nullable(Type.String()),
    currency: Type.String(),
    amazon: Nullable(Amount), erp: Nullable(Amount), settled: Nullable(Amount),
    difference: Amount,
    until: Nullable(Type.String({ description: 'DEFERRED_UNTIL: the maturity date Amazon gave' })),
    message: Type.String(),
    converted: Nullable(Type.Object({
      amount: Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$', description: 'what reached the bank, in its currency' }), currency: Type.String(),
      rate: Nullable(Type.String({ description: 'units of the bank currency per unit of the settlement currency, 6 decimals' })),
    }, { description: "CURRENCY_CONVERSION of a settlement's payout (Amazon Currency Converter for Sellers); else null" })),
    accepted: Nullable(Type.Object({ note: Type.String(), by: Type.String(), at: IsoTime })),
  },
  { $id: 'SettlementVariance' },
);

export const ReconciliationView = Type.Object(
  {
    settlementId: Type.String(), currency: Type.String(),
    groups: Type.Array(Type.Object({ transactionType: Type.String(), amountType: Type.String(), lines: Type.Integer(), matched: Type.Integer(), unmatched: Type.Integer(), total: Amount, unmatchedTotal: Amount })),
    variances: Type.Array(ref(VarianceView)),
    unexplained: Type.Integer({ description: 'UNEXPLAINED variances not accepted' }),
    payout: Type.Object({
      state: Type.Union([Type.Literal('matched'), Type.Literal('unmatched'), Type.Literal('ambiguous')]),
      deposit: Amount,
      groupId: Nullable(Type.String()), original: Nullable(Amount), originalCurrency: Nullable(Type.String()),
      converted: Nullable(Amount), convertedCurrency: Nullable(Type.String()),
    }, { description: "the settlement's deposit against Amazon's payout (Finances event group); its differences are among the variances (`settlement:<id>:<reason>:payout`)" }),
  },
  { $id: 'SettlementReconciliation' },
);

export const VarianceList = Type.Object({ items: Type.Array(ref(VarianceView)) }, { $id: 'SettlementVarianceList' });

export const MoneyTrailView = Type.Object(
  {
    orderId: Type.String(), currency: Type.String(), inErp: Type.Boolean(),
    amazon: Type.Object({ total: Nullable(Amount), refunds: Type.Array(Type.Object({ refundId: Type.String(), amount: Amount, state: Nullable(Type.String()), deferredUntil: Nullable(Type.String()) })) }),
    erp: Type.Object({ invoiced: Nullable(Amount), credited: Amount }),
    settled: Type.Object({
      sales: Amount, refunds: Amount, fees: Amount, net: Amount,
      lines: Type.Array(Type.Object({ settlementId: Type.String(), lineNo: Type.Integer(), transactionType: Type.String(), adjustmentId: Nullable(Type.String()), amountType: Type.String(), amountDescription: Type.String(), amount: Amount })),
    }),
    variances: Type.Array(ref(VarianceView)),
  },
  { $id: 'MoneyTrail' },
);

export const reconciliationApiSchemas = [VarianceView, ReconciliationView, VarianceList, MoneyTrailView];

const SettlementIdParam = Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9]+$' });
const OrderIdParam = Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z-]+$' });
const Format = { format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'csv: the view as a CSV file (also `Accept: text/csv`)' })) };
const csvOr = <T>(schema: T) => ({ 200: { content: { 'application/json': { schema }, 'text/csv': { schema: Type.String() } } }, ...notFound });

const wantsCsv = (req: Pick<FastifyRequest, 'headers'> & { query: { format?: 'json' | 'csv' } }) =>
  req.query.format === 'csv' || (req.query.format === undefined && /\btext\/csv\b/.test(req.headers.accept ?? ''));
const sendCsv = (reply: FastifyReply, name: string, text: string) =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(text);

export function reconciliationApiRoutes(env: Pick<TaskEnv, 'db' | 'core'>): FastifyPluginAsync {
  const backendExists = async (id: number) => {
    await backendMustExist(env.core.backends, id);
  };
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/backends/:id/settlements/:settlementId/reconciliation',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['settlements'],
          summary: "One settlement reconciled: its lines grouped by transaction and amount type (matched, unmatched), the variances of its orders and its own, each with its reason code",
          params: Type.Object({ ...BackendIdParams.properties, settlementId: SettlementIdParam }),
          querystring: Type.Object(Format),
          response: csvOr(ref(ReconciliationView)),
        },
      },
      async (req, reply) => {
        await backendExists(req.params.id);
        const r = await settlementReconciliation(env.db.pool, req.params.id, req.params.settlementId);
        if (!r) throw new PermanentError('SETTLEMENT_NOT_FOUND', `settlement ${req.params.settlementId} is not stored for backend ${req.params.id}`, { backendId: req.params.id });
        return wantsCsv(req) ? sendCsv(reply, `settlement-${r.settlementId}-reconciliation`, reconciliationCsv(r)) : r;
      },
    );
    app.get(
      '/backends/:id/settlements/variances',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['settlements'],
          summary: "The backend's reconciliation variances (its orders' and its settlements'), filtered by reason, settlement, order, accepted or not",
          params: BackendIdParams,
          querystring: Type.Object({
            ...Format, reason: Type.Optional(Reason), settlementId: Type.Optional(SettlementIdParam), orderId: Type.Optional(OrderIdParam),
            accepted: Type.Optional(Type.Boolean()),
          }),
          response: csvOr(ref(VarianceList)),
        },
      },
      async (req, reply) => {
        await backendExists(req.params.id);
        const q = req.query;
        const items = await allVariances(env.db.pool, req.params.id, {
          ...(q.reason ? { reason: q.reason } : {}), ...(q.settlementId ? { settlementId: q.settlementId } : {}), ...(q.orderId ? { orderId: q.orderId } : {}),
          ...(q.accepted === undefined ? {} : { accepted: q.accepted }),
        });
        return wantsCsv(req) ? sendCsv(reply, `variances-${req.params.id}`, variancesCsv(items)) : { items };
      },
    );
    app.get(
      '/backends/:id/settlements/orders/:amazonOrderId/money-trail',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['settlements'],
          summary: "One order's money trail: Amazon's amounts and refunds, the ERP's invoice and credit notes, its settlement lines, fees and net, its variances",
          params: Type.Object({ ...BackendIdParams.properties, amazonOrderId: OrderIdParam }),
          querystring: Type.Object(Format),
          response: csvOr(ref(MoneyTrailView)),
        },
      },
      async (req, reply) => {
        await backendExists(req.params.id);
        const t = await moneyTrail(env.db.pool, req.params.id, req.params.amazonOrderId);
        if (!t) throw new PermanentError('MONEY_TRAIL_NOT_FOUND', `the connector knows nothing of order ${req.params.amazonOrderId}`, { backendId: req.params.id });
        return wantsCsv(req) ? sendCsv(reply, `order-${t.orderId}-money-trail`, moneyTrailCsv(t)) : t;
      },
    );
    app.post(
      '/backends/:id/settlements/variances/:varianceKey/accept',
      {
        // The `resolve` level: an accountant (or an integrator) accepts; a viewer only reads.
        config: { access: 'resolve' as const },
        schema: {
          tags: ['settlements'],
          summary: 'Accepts a variance with a note (recorded with who and when, audited); accepting again rewrites the note. 404 VARIANCE_NOT_FOUND when it is not open now',
          params: Type.Object({ ...BackendIdParams.properties, varianceKey: Type.String({ minLength: 3, maxLength: 300 }) }),
          body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) }),
          response: { 200: ref(VarianceView), ...notFound },
        },
      },
      async (req) => {
        await backendExists(req.params.id);
        const key = req.params.varianceKey;
        const v = await findVariance(env.db.pool, req.params.id, key);
        if (!v) throw new PermanentError('VARIANCE_NOT_FOUND', `no open variance ${key} on backend ${req.params.id}`, { backendId: req.params.id, key });
        const by = req.principal?.name ?? 'unknown';
        const a = await withTransaction(env.db.pool, async (tx) => {
          const done = await accept(tx, req.params.id, { key, reason: v.reason, differenceMinor: v.differenceMinor, currency: v.currency, note: req.body.note, by });
          await recordAudit(tx, { actor: by, action: 'variance.accept', backendId: req.params.id, target: key, before: null,
            after: { reason: v.reason, difference: formatMinor(v.differenceMinor, v.currency), currency: v.currency, note: req.body.note } });
          return done;
        });
        const m = (x: bigint | null) => (x === null ? null : formatMinor(x, v.currency));
        return { key, reason: v.reason, orderId: v.orderId, settlementId: v.settlementId, refundId: v.refundId, currency: v.currency, amazon: m(v.amazonMinor), erp: m(v.erpMinor),
          settled: m(v.settledMinor), difference: formatMinor(v.differenceMinor, v.currency), until: v.until, message: v.message, converted: convertedOut(v), accepted: { note: a.note, by: a.by, at: a.at } };
      },
    );
  };
}
