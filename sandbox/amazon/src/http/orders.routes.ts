/** Orders API v2026-01-01: searchOrders and getOrder, on production hosts (generated orders) or Amazon's sandbox. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { replay } from '../sandbox-mode/static-replay.ts';
import type { SandboxState } from '../state.ts';
import type { StoredOrder } from '../store/order-store.ts';
import { invalidInput, sendErrors } from './amazon-errors.ts';
import { INCLUDED_DATA, projectOrder } from './included-data.ts';
import { TOKEN_VALIDITY_MS } from './pagination-token.ts';
import { isoSeconds, listParam, type RawQuery } from './query-values.ts';
import { MIN_LAG_MS, parseSearchRequest, type SearchRequest } from './search-request.ts';
import { guardSpApiCall } from './sp-api-guard.ts';

const BASE = '/orders/2026-01-01/orders';

function sandboxHost(req: FastifyRequest): boolean {
  return req.target.kind === 'sp-api' && req.target.sandbox;
}

/** Registers both operations. */
export function registerOrdersRoutes(app: FastifyInstance, state: SandboxState): void {
  app.get(BASE, async (req, reply) => {
    if (req.target.kind === 'lwa') return reply.code(404).send({ message: 'Not Found' });
    const sellerId = guardSpApiCall(state, req, reply, 'searchOrders');
    if (!sellerId) return reply;
    const query = req.query as RawQuery;
    if (sandboxHost(req)) return sendReplay(reply, replay('searchOrders', query, {}));
    return searchOrders(state, sellerId, query, reply);
  });

  app.get<{ Params: { orderId: string } }>(`${BASE}/:orderId`, async (req, reply) => {
    if (req.target.kind === 'lwa') return reply.code(404).send({ message: 'Not Found' });
    const sellerId = guardSpApiCall(state, req, reply, 'getOrder');
    if (!sellerId) return reply;
    const query = req.query as RawQuery;
    if (sandboxHost(req)) return sendReplay(reply, replay('getOrder', query, { orderId: req.params.orderId }));
    const included = listParam(query, 'includedData') ?? [];
    const bad = included.find((v) => !(INCLUDED_DATA as readonly string[]).includes(v));
    if (bad !== undefined) return invalidInput(reply, `Invalid value for includedData: ${bad}`);
    const stored = state.store.get(req.params.orderId);
    if (!stored || stored.sellerId !== sellerId) {
      return sendErrors(reply, 404, { code: 'NotFound', message: `Order ${req.params.orderId} was not found.` });
    }
    return reply.send({ order: projectOrder(stored.order, new Set(included)) });
  });
}

function sendReplay(reply: FastifyReply, answer: { status: number; body: unknown }): FastifyReply {
  return reply.code(answer.status).type('application/json').send(answer.body);
}

/** Filters of a search. An order the admin API stored without a marketplace, status or channel (a malformed one)
 * is still found when that filter is not asked for: the caller must see it to deal with it. */
function matcher(r: SearchRequest, untilMs: number): (o: StoredOrder) => boolean {
  return (o) =>
    (o.marketplaceId === undefined ? !r.marketplaceFilter : r.marketplaceIds.has(o.marketplaceId)) &&
    (!r.statuses || (o.status !== undefined && r.statuses.has(o.status))) &&
    (!r.fulfilledBy || (o.fulfilledBy !== undefined && r.fulfilledBy.has(o.fulfilledBy))) &&
    (r.by === 'lastUpdated' || (o.createdMs >= r.afterMs && o.createdMs <= untilMs));
}

function searchOrders(state: SandboxState, sellerId: string, query: RawQuery, reply: FastifyReply): FastifyReply {
  const seller = state.sellers.get(sellerId)!;
  const now = state.now();
  const parsed = parseSearchRequest(query, seller.marketplaceIds, now);
  if (!parsed.ok) return invalidInput(reply, parsed.message);
  const r = parsed.value;
  let untilMs = r.beforeMs ?? now - MIN_LAG_MS;
  let from = r.by === 'lastUpdated' ? { updatedMs: r.afterMs, orderId: '' } : undefined;
  if (r.paginationToken) {
    const page = state.pages.decode(r.paginationToken);
    if (!page || page.sellerId !== sellerId) return invalidInput(reply, 'Invalid paginationToken');
    if (page.fingerprint !== r.fingerprint) {
      return invalidInput(reply, 'The paginationToken does not match the other request parameters');
    }
    if (now - page.issuedMs > TOKEN_VALIDITY_MS) return invalidInput(reply, 'The paginationToken has expired');
    untilMs = page.untilMs;
    from = page.after;
  }
  // Created windows still return orders updated later: only an updated window bounds the index scan.
  const scanUntil = r.by === 'lastUpdated' ? untilMs : Number.POSITIVE_INFINITY;
  const { orders, more } = state.store.scan(sellerId, from, matcher(r, untilMs), r.maxResults, scanUntil);
  const body: Record<string, unknown> = { orders: orders.map((o) => projectOrder(o.order, r.includedData)) };
  const last = orders[orders.length - 1];
  if (more && last) {
    body.pagination = {
      nextToken: state.pages.encode({ sellerId, fingerprint: r.fingerprint, untilMs,
        after: { updatedMs: last.updatedMs, orderId: last.orderId }, issuedMs: now }),
    };
  }
  body[r.by === 'created' ? 'createdBefore' : 'lastUpdatedBefore'] = isoSeconds(untilMs);
  return reply.send(body);
}
