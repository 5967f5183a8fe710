/**
 * GET /api/backends/:id/settlements (read role): the backend's settlements, latest period first (period, deposit,
 * currency, total, line count, totals per amount type, lines of orders never imported, the lines' sum and whether it
 * equals the total, the payout matched, its posting to the ERP); GET /api/backends/:id/settlements/:settlementId/lines: one settlement's
 * lines in Amazon's order, a page at a time; GET /api/backends/:id/settlements/payouts: Amazon's payouts (Finances
 * v0 event groups), latest first, each with the settlement it pays (null: none matched).
 * Money as decimal strings in the settlement's currency.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { pageOf, ref } from '../../api/components.ts';
import { idCursor, timeIdCursor, timeKeyCursor } from '../../api/cursors.ts';
import { IsoTime, Nullable } from '../../api/schemas.ts';
import { BackendIdParams, PageQuery, notFound } from '../../api/routes/common.ts';
import { PermanentError } from '../../core/errors.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { payoutPage, settlementLines, settlementPage } from './settlement-queries.ts';
import { backendMustExist } from '../../core/backend/must-exist.ts';

const Amount = Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$', description: "decimal, in the settlement's currency" });

const Money = Type.Object({ amount: Amount, currency: Type.String() });

const payoutFields = {
  groupId: Type.String({ description: "Amazon's FinancialEventGroupId" }),
  processingStatus: Nullable(Type.String({ description: 'Open or Closed' })),
  fundTransferStatus: Nullable(Type.String()),
  fundTransferDate: Nullable(IsoTime),
  originalTotal: Nullable(Money),
  /** What reached the bank account, in its currency. */
  convertedTotal: Nullable(Money),
  traceId: Nullable(Type.String({ description: 'to find the deposit on the bank statement' })),
  accountTail: Nullable(Type.String({ description: "the bank account's last digits" })),
  groupStart: Nullable(IsoTime),
  groupEnd: Nullable(IsoTime),
};

export const SettlementPayoutView = Type.Object(payoutFields, { $id: 'SettlementPayout' });

export const PayoutView = Type.Object(
  { ...payoutFields, settlementId: Nullable(Type.String({ description: 'the settlement it pays, matched by period and amount (null: none or more than one fits)' })) },
  { $id: 'Payout' },
);

export const SettlementView = Type.Object(
  {
    settlementId: Type.String(),
    amazonReportId: Type.String(),
    marketplaceId: Type.String(),
    marketplaceName: Nullable(Type.String({ description: 'blank in some of Amazon\'s reports: null' })),
    currency: Type.String(),
    startDate: IsoTime,
    endDate: IsoTime,
    depositDate: Nullable(IsoTime),
    total: Amount,
    lineCount: Type.Integer(),
    totalsByAmountType: Type.Array(Type.Object({ amountType: Type.String(), amount: Amount })),
    unknownOrderLines: Type.Integer({ description: 'lines of orders the connector never imported' }),
    state: Type.Union([Type.Literal('new'), Type.Literal('changed')], { description: 'changed: Amazon rewrote it after it was first stored (its lines replaced)' }),
    conflictCode: Nullable(Type.String()),
    linesTotal: Amount,
    balanced: Type.Boolean({ description: 'false: the lines do not add up to the total (a line missing from the report; conflict SETTLEMENT_UNBALANCED)' }),
    payoutState: Type.Union([Type.Literal('matched'), Type.Literal('unmatched'), Type.Literal('ambiguous')],
      { description: 'the payout (event group) found by period and amount: none fits (unmatched) or more than one (ambiguous)' }),
    payout: Nullable(ref(SettlementPayoutView)),
    posting: Type.Object({
      state: Type.Union([Type.Literal('not_posted'), Type.Literal('posting'), Type.Literal('posted'), Type.Literal('changed')], {
        description: 'its posting to the ERP (settlements.postingEnabled): posting = entries still to make or reconcile; changed = Amazon changed it since (the difference is posted next)',
      }),
      entries: Type.Integer({ description: 'journal entries made for it (GET .../{settlementId}/posting lists them)' }),
      postedAt: Nullable(IsoTime),
    }, { description: "its posting to the ERP in short; postedAt: when its ledger was last written (an entry posted or reconciled), null before any" }),
  },
  { $id: 'Settlement' },
);

export const SettlementLineView = Type.Object(
  {
    lineNo: Type.Integer(),
    transactionType: Type.String(),
    orderId: Nullable(Type.String()),
    orderKnown: Nullable(Type.Boolean({ description: 'false: an order the connector never imported' })),
    shipmentId: Nullable(Type.String({ description: 'also an FBA shipment id Amazon wrote in order-id' })),
    adjustmentId: Nullable(Type.String()),
    marketplaceName: Nullable(Type.String()),
    amountType: Type.String(),
    amountDescription: Type.String(),
    amount: Amount,
    postedAt: Nullable(IsoTime),
    sku: Nullable(Type.String()),
    quantity: Nullable(Type.Integer()),
  },
  { $id: 'SettlementLine' },
);

export const SettlementPage = pageOf(SettlementView, 'SettlementPage');
export const SettlementLinePage = pageOf(SettlementLineView, 'SettlementLinePage');
export const PayoutPage = pageOf(PayoutView, 'PayoutPage');
export const settlementsApiSchemas = [SettlementPayoutView, SettlementView, SettlementLineView, PayoutView, SettlementPage, SettlementLinePage, PayoutPage];

export function settlementsApiRoutes(env: Pick<TaskEnv, 'db' | 'core'>): FastifyPluginAsync {
  const backendExists = async (id: number) => {
    await backendMustExist(env.core.backends, id);
  };
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/backends/:id/settlements',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['settlements'],
          summary: "Amazon settlements of a backend, latest period first, with their totals per amount type (404 when the backend does not exist)",
          params: BackendIdParams,
          querystring: Type.Object({ ...PageQuery, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }),
          response: { 200: ref(SettlementPage), ...notFound },
        },
      },
      async (req) => {
        await backendExists(req.params.id);
        const limit = req.query.limit ?? 50;
        const rows = await settlementPage(env.db.pool, req.params.id, limit + 1, timeIdCursor.decode(req.query.cursor));
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return { items: page, nextCursor: rows.length > limit && last ? timeIdCursor.encode(new Date(last.endDate), last.settlementId) : null };
      },
    );
    app.get(
      '/backends/:id/settlements/payouts',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['settlements'],
          summary: "Amazon's payouts (Finances event groups) of a backend, latest first, each with the settlement it pays (404 when the backend does not exist)",
          params: BackendIdParams,
          querystring: Type.Object({ ...PageQuery, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) }),
          response: { 200: ref(PayoutPage), ...notFound },
        },
      },
      async (req) => {
        await backendExists(req.params.id);
        const limit = req.query.limit ?? 50;
        const rows = await payoutPage(env.db.pool, req.params.id, limit + 1, timeKeyCursor.decode(req.query.cursor));
        const page = rows.slice(0, limit);
        const last = page[page.length - 1];
        return { items: page, nextCursor: rows.length > limit && last ? timeKeyCursor.encode(new Date(last.groupStart ?? 0), last.groupId) : null };
      },
    );
    app.get(
      '/backends/:id/settlements/:settlementId/lines',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['settlements'],
          summary: "One settlement's lines in Amazon's order, a page at a time (404 when the backend or the settlement does not exist)",
          params: Type.Object({ ...BackendIdParams.properties, settlementId: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9]+$' }) }),
          querystring: Type.Object({ ...PageQuery }),
          response: { 200: ref(SettlementLinePage), ...notFound },
        },
      },
      async (req) => {
        await backendExists(req.params.id);
        const limit = req.query.limit ?? 50;
        const rows = await settlementLines(env.db.pool, req.params.id, req.params.settlementId, limit + 1, idCursor.decode(req.query.cursor));
        if (!rows) throw new PermanentError('SETTLEMENT_NOT_FOUND', `settlement ${req.params.settlementId} is not stored for backend ${req.params.id}`, { backendId: req.params.id });
        const page = rows.slice(0, limit);
        return { items: page, nextCursor: rows.length > limit ? idCursor.encode(page[page.length - 1]!.lineNo) : null };
      },
    );
  };
}
