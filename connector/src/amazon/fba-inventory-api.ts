/**
 * FBA Inventory v1 `getInventorySummaries`: protocol only. One call covers one marketplace (with Pan-EU every EU
 * marketplace answers the same pooled quantities) and at most 50 SKUs; `iterateInventorySummaries` follows
 * `nextToken` at once, because Amazon lets a token expire 30 s after it was made (a page kept waiting behind a
 * slow consumer would start over). The envelope is checked; the quantities are handed back as Amazon sent them.
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { PermanentError } from '../core/errors.ts';
import type { CallOptions, SpApiCaller, SpApiOperation } from './call.ts';

export const GET_INVENTORY_SUMMARIES: SpApiOperation = {
  name: 'getInventorySummaries',
  clientOperation: 'fbaInventory.getInventorySummaries',
  version: 'v1',
  idempotent: true,
};

/** Amazon's limit of SKUs in one call (`sellerSkus` maxItems). */
export const MAX_SKUS_PER_CALL = 50;

const Count = Type.Integer({ minimum: 0 });
const Summary = Type.Object({
  asin: Type.Optional(Type.String()),
  fnSku: Type.Optional(Type.String()),
  sellerSku: Type.Optional(Type.String()),
  condition: Type.Optional(Type.String()),
  inventoryDetails: Type.Optional(
    Type.Object({
      fulfillableQuantity: Type.Optional(Count),
      inboundWorkingQuantity: Type.Optional(Count),
      inboundShippedQuantity: Type.Optional(Count),
      inboundReceivingQuantity: Type.Optional(Count),
      reservedQuantity: Type.Optional(
        Type.Object({
          totalReservedQuantity: Type.Optional(Count),
          pendingCustomerOrderQuantity: Type.Optional(Count),
          pendingTransshipmentQuantity: Type.Optional(Count),
          fcProcessingQuantity: Type.Optional(Count),
        }),
      ),
      researchingQuantity: Type.Optional(Type.Object({ totalResearchingQuantity: Type.Optional(Count) })),
      unfulfillableQuantity: Type.Optional(Type.Object({ totalUnfulfillableQuantity: Type.Optional(Count) })),
    }),
  ),
  lastUpdatedTime: Type.Optional(Type.String()),
  totalQuantity: Type.Optional(Count),
});
const Envelope = Compile(
  Type.Object({
    payload: Type.Object({ inventorySummaries: Type.Array(Summary) }),
    pagination: Type.Optional(Type.Object({ nextToken: Type.Optional(Type.String()) })),
  }),
);

/** One SKU's FBA quantities as Amazon reports them (fields the connector reads; the rest is not kept). */
export type InventorySummary = Static<typeof Summary>;

export interface InventorySummariesParams {
  /** The one marketplace asked (granularity Marketplace). */
  marketplaceId: string;
  /** At most 50; absent: every SKU of the seller in that marketplace, page by page. */
  sellerSkus?: readonly string[];
  /** With the details (fulfillable / unfulfillable), which the pools' seed needs. Default true. */
  details?: boolean;
  nextToken?: string;
}

export interface InventorySummariesPage {
  summaries: InventorySummary[];
  nextToken?: string;
  requestId?: string;
}

/** The FBA Inventory operations for one seller account. */
export class FbaInventoryApi {
  readonly #caller: Pick<SpApiCaller, 'call'>;

  constructor(caller: Pick<SpApiCaller, 'call'>) {
    this.#caller = caller;
  }

  /** One page. Rejects more than 50 SKUs or no marketplace with AMAZON_INVALID_REQUEST before any quota is spent. */
  async getInventorySummaries(params: InventorySummariesParams, options: CallOptions = {}): Promise<InventorySummariesPage> {
    const problems: string[] = [];
    if (!params.marketplaceId) problems.push('marketplaceId is required');
    if (params.sellerSkus && params.sellerSkus.length > MAX_SKUS_PER_CALL) problems.push(`at most ${MAX_SKUS_PER_CALL} sellerSkus per call`);
    if (params.sellerSkus && params.sellerSkus.length === 0) problems.push('sellerSkus must not be empty when given');
    if (problems.length) {
      throw new PermanentError('AMAZON_INVALID_REQUEST', `getInventorySummaries: ${problems.join('; ')}`, { operation: 'getInventorySummaries', problems });
    }
    const query: Record<string, string | readonly string[]> = {
      details: String(params.details ?? true),
      granularityType: 'Marketplace',
      granularityId: params.marketplaceId,
      marketplaceIds: [params.marketplaceId],
    };
    if (params.sellerSkus) query.sellerSkus = [...params.sellerSkus];
    if (params.nextToken) query.nextToken = params.nextToken;
    const res = await this.#caller.call(GET_INVENTORY_SUMMARIES, { query }, options);
    if (!Envelope.Check(res.body)) {
      const problems = [...Envelope.Errors(res.body)].slice(0, 10).map((e) => `${e.instancePath || '/'}: ${e.message}`);
      throw new PermanentError('AMAZON_BAD_PAYLOAD', 'getInventorySummaries: unexpected answer shape', {
        operation: 'getInventorySummaries',
        requestId: res.requestId,
        problems,
      });
    }
    const nextToken = res.body.pagination?.nextToken || undefined;
    return {
      summaries: res.body.payload.inventorySummaries,
      ...(nextToken ? { nextToken } : {}),
      ...(res.requestId ? { requestId: res.requestId } : {}),
    };
  }

  /**
   * Every summary of a marketplace (or of the given SKUs, 50 per call): pages are fetched back to back and
   * collected, never handed to a slow consumer between two calls, since a token dies 30 s after it was made.
   */
  async allInventorySummaries(params: Omit<InventorySummariesParams, 'nextToken'>, options: CallOptions = {}): Promise<InventorySummary[]> {
    const out: InventorySummary[] = [];
    const groups = params.sellerSkus ? chunk([...new Set(params.sellerSkus)], MAX_SKUS_PER_CALL) : [undefined];
    for (const skus of groups) {
      let token: string | undefined;
      do {
        const page = await this.getInventorySummaries({ ...params, ...(skus ? { sellerSkus: skus } : {}), ...(token ? { nextToken: token } : {}) }, options);
        out.push(...page.summaries);
        if (page.nextToken && page.nextToken === token) {
          throw new PermanentError('AMAZON_BAD_PAYLOAD', 'getInventorySummaries: the same nextToken was returned twice', { operation: 'getInventorySummaries' });
        }
        token = page.nextToken;
      } while (token);
    }
    return out;
  }
}

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
