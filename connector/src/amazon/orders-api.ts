/**
 * Orders API v2026-01-01 (searchOrders, getOrder): protocol only. Parameters are checked before any quota is
 * spent; answers are checked at the envelope (enough to trust pagination), and the orders are handed back raw so
 * that each one is validated on its own with `parseOrder` and one malformed order never blocks its page.
 */
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { PermanentError } from '../core/errors.ts';
import type { CallOptions, SpApiCaller, SpApiOperation, SpApiResult } from './call.ts';
import { searchOrdersProblems, searchOrdersQuery, type IncludedData, type SearchOrdersParams } from './search-orders-params.ts';

export const SEARCH_ORDERS: SpApiOperation = {
  name: 'searchOrders',
  clientOperation: 'orders.searchOrders',
  version: '2026-01-01',
  idempotent: true,
};
export const GET_ORDER: SpApiOperation = {
  name: 'getOrder',
  clientOperation: 'orders.getOrder',
  version: '2026-01-01',
  idempotent: true,
};

export interface SearchOrdersPage {
  /** Raw orders: validate each with parseOrder. */
  orders: unknown[];
  /** Pass back as `paginationToken` with the same other parameters (valid 24 h). Absent on the last page. */
  nextToken?: string;
  /** The end of the window Amazon actually searched (lastUpdatedAfter searches). */
  lastUpdatedBefore?: string;
  /** The end of the window Amazon actually searched (createdAfter searches). */
  createdBefore?: string;
  requestId?: string;
}

const DateTime = Type.String({ format: 'date-time' });
const PageEnvelope = Compile(
  Type.Object({
    // Items stay unknown here on purpose: parseOrder judges each one.
    orders: Type.Array(Type.Unknown()),
    pagination: Type.Optional(Type.Object({ nextToken: Type.Optional(Type.String()) })),
    lastUpdatedBefore: Type.Optional(DateTime),
    createdBefore: Type.Optional(DateTime),
  }),
);
const OrderEnvelope = Compile(Type.Object({ order: Type.Unknown() }));

/** The Orders v2026-01-01 operations for one seller account. */
export class OrdersApi {
  readonly #caller: Pick<SpApiCaller, 'call'>;
  readonly #now: () => Date;

  constructor(caller: Pick<SpApiCaller, 'call'>, options: { now?: () => Date } = {}) {
    this.#caller = caller;
    this.#now = options.now ?? (() => new Date());
  }

  /** One page of searchOrders. Rejects bad parameters with AMAZON_INVALID_REQUEST before calling. */
  async searchOrders(params: SearchOrdersParams, options: CallOptions = {}): Promise<SearchOrdersPage> {
    const problems = searchOrdersProblems(params, this.#now());
    if (problems.length > 0) {
      throw new PermanentError('AMAZON_INVALID_REQUEST', `searchOrders: ${problems.join('; ')}`, { operation: 'searchOrders', problems });
    }
    const res = await this.#caller.call(SEARCH_ORDERS, { query: searchOrdersQuery(params) }, options);
    if (!PageEnvelope.Check(res.body)) throw badEnvelope(SEARCH_ORDERS, res, PageEnvelope.Errors(res.body));
    const body = res.body;
    // An empty token cannot be passed back: it can only mean there is no further page.
    const nextToken = body.pagination?.nextToken || undefined;
    return {
      orders: body.orders,
      ...(nextToken ? { nextToken } : {}),
      ...(body.lastUpdatedBefore ? { lastUpdatedBefore: body.lastUpdatedBefore } : {}),
      ...(body.createdBefore ? { createdBefore: body.createdBefore } : {}),
      ...(res.requestId ? { requestId: res.requestId } : {}),
    };
  }

  /** Every page of a search, following nextToken with the other parameters repeated unchanged. */
  async *iterateSearchOrders(params: SearchOrdersParams, options: { maxPages?: number } & CallOptions = {}): AsyncGenerator<SearchOrdersPage> {
    const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
    const call = options.signal ? { signal: options.signal } : {};
    let token = params.paginationToken;
    for (let pages = 0; pages < maxPages; pages++) {
      const page = await this.searchOrders({ ...params, ...(token ? { paginationToken: token } : {}) }, call);
      yield page;
      if (!page.nextToken) return;
      if (page.nextToken === token) {
        // The same token again would loop forever, spending quota on one page.
        throw new PermanentError('AMAZON_BAD_PAYLOAD', 'searchOrders: the same nextToken was returned twice', {
          operation: 'searchOrders',
          requestId: page.requestId,
        });
      }
      token = page.nextToken;
    }
  }

  /** One order with the requested datasets inline; a missing order rejects with AMAZON_NOT_FOUND. */
  async getOrder(orderId: string, includedData: readonly IncludedData[] = [], options: CallOptions = {}): Promise<{ order: unknown; requestId?: string }> {
    if (typeof orderId !== 'string' || orderId.trim() === '') {
      throw new PermanentError('AMAZON_INVALID_REQUEST', 'getOrder: orderId must be a non-empty string', { operation: 'getOrder' });
    }
    const query = includedData.length > 0 ? { includedData: [...includedData] } : undefined;
    const res = await this.#caller.call(GET_ORDER, { path: { orderId }, ...(query ? { query } : {}) }, options);
    if (!OrderEnvelope.Check(res.body) || typeof res.body.order !== 'object' || res.body.order === null) {
      throw badEnvelope(GET_ORDER, res, OrderEnvelope.Errors(res.body), ['/order: must be an object']);
    }
    return { order: res.body.order, ...(res.requestId ? { requestId: res.requestId } : {}) };
  }
}

function badEnvelope(
  op: SpApiOperation,
  res: SpApiResult,
  errors: Array<{ instancePath: string; message: string }>,
  fallback: string[] = [],
): PermanentError {
  const problems = errors.length > 0 ? errors.slice(0, 10).map((e) => `${e.instancePath || '/'}: ${e.message}`) : fallback;
  return new PermanentError('AMAZON_BAD_PAYLOAD', `${op.name}: unexpected answer shape`, {
    operation: op.name,
    requestId: res.requestId,
    problems,
  });
}
