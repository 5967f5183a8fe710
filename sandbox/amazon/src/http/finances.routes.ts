/**
 * Finances 2024-06-19 `GET /finances/2024-06-19/transactions` (listTransactions, README "Finances"): the seller's
 * posted transactions in the query's window, behind the usage plan (0.5/s, burst 10) and the injected faults. A
 * window of more than 180 days answers an empty list, as the model says. On Amazon's sandbox host: "Could not
 * match input arguments". Finances v0 `GET /finances/v0/orders/{orderId}/financialEvents`
 * (listFinancialEventsByOrderId): the order's events by list, where chargebacks and guarantee claims show apart.
 * Finances v0 `GET /finances/v0/financialEventGroups` (listFinancialEventGroups, 0.5/s burst 30): the seller's
 * event groups (one per settlement, the open one of the current period), paged (finances/event-groups.ts).
 */
import type { FastifyInstance } from 'fastify';
import { encodeToken, MAX_WINDOW_MS, PAGE_SIZE, parseTransactionQuery } from '../finances/list-transactions.ts';
import { transactionView } from '../finances/transaction-view.ts';
import { eventGroupsOf, groupPage, parseGroupQuery } from '../finances/event-groups.ts';
import { financialEventsOf } from '../finances/financial-events-v0.ts';
import { statusAt } from '../finances/transaction-store.ts';
import { NO_MATCH } from '../sandbox-mode/static-replay.ts';
import type { SandboxState } from '../state.ts';
import { invalidInput } from './amazon-errors.ts';
import type { RawQuery } from './query-values.ts';
import { guardSpApiCall } from './sp-api-guard.ts';

export function registerFinancesRoutes(app: FastifyInstance, state: SandboxState): void {
  app.get('/finances/2024-06-19/transactions', async (req, reply) => {
    if (req.target.kind === 'lwa' || req.target.kind === 'sqs') return reply.code(404).send({ message: 'Not Found' });
    const sellerId = guardSpApiCall(state, req, reply, 'listTransactions');
    if (!sellerId) return reply;
    if (req.target.kind === 'sp-api' && req.target.sandbox) return reply.code(NO_MATCH.status).send(NO_MATCH.body);
    const nowMs = state.now();
    const parsed = parseTransactionQuery(req.query as RawQuery, sellerId, state.sellers.get(sellerId)!.marketplaceIds, nowMs);
    if (!parsed.ok) return invalidInput(reply, parsed.message);
    const q = parsed.query;
    state.announcer.sweep();
    if (q.afterMs !== undefined && q.beforeMs - q.afterMs > MAX_WINDOW_MS) return reply.send({ payload: { transactions: [] } });
    const pos = q.position;
    const match = state.transactions.of(sellerId).filter((t) => t.postedMs <= nowMs && t.postedMs < q.beforeMs
      && (q.afterMs === undefined || t.postedMs >= q.afterMs)
      && (!q.marketplaceId || t.marketplaceId === q.marketplaceId)
      && (!q.status || statusAt(t, nowMs) === q.status)
      && (!q.identifier || (q.identifier.name === 'ORDER_ID' && t.orderId === q.identifier.value))
      && (!pos || t.postedMs > pos.postedMs || (t.postedMs === pos.postedMs && t.transactionId > pos.id)));
    const page = match.slice(0, PAGE_SIZE);
    const last = page[page.length - 1];
    return reply.send({ payload: { transactions: page.map((t) => transactionView(t, state.catalogue, nowMs)),
      ...(match.length > PAGE_SIZE && last ? { nextToken: encodeToken(q, last) } : {}) } });
  });

  // Finances v0: one order's financial events (one page: an order has a handful).
  app.get<{ Params: { orderId: string } }>('/finances/v0/orders/:orderId/financialEvents', async (req, reply) => {
    if (req.target.kind === 'lwa' || req.target.kind === 'sqs') return reply.code(404).send({ message: 'Not Found' });
    const sellerId = guardSpApiCall(state, req, reply, 'listFinancialEventsByOrderId');
    if (!sellerId) return reply;
    if (req.target.kind === 'sp-api' && req.target.sandbox) return reply.code(NO_MATCH.status).send(NO_MATCH.body);
    const nowMs = state.now();
    state.announcer.sweep();
    const posted = state.transactions.ofOrder(sellerId, req.params.orderId).filter((t) => t.postedMs <= nowMs);
    return reply.send({ payload: { FinancialEvents: financialEventsOf(posted, state.catalogue) } });
  });

  app.get('/finances/v0/financialEventGroups', async (req, reply) => {
    if (req.target.kind === 'lwa' || req.target.kind === 'sqs') return reply.code(404).send({ message: 'Not Found' });
    const sellerId = guardSpApiCall(state, req, reply, 'listFinancialEventGroups');
    if (!sellerId) return reply;
    if (req.target.kind === 'sp-api' && req.target.sandbox) return reply.code(NO_MATCH.status).send(NO_MATCH.body);
    const parsed = parseGroupQuery(req.query as RawQuery, sellerId, state.now());
    if (!parsed.ok) return invalidInput(reply, parsed.message);
    if (parsed.empty) return reply.send({ payload: { FinancialEventGroupList: [] } });
    const { page, nextToken } = groupPage(eventGroupsOf(state, sellerId), parsed.query);
    return reply.send({ payload: { FinancialEventGroupList: page.map((g) => g.view), ...(nextToken ? { NextToken: nextToken } : {}) } });
  });
}
