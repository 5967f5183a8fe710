/**
 * The parameters of Orders v2026-01-01 `searchOrders`, typed and checked before any quota is spent: the schema
 * from the model's parameter list, plus the rules the model states in prose (exactly one of createdAfter /
 * lastUpdatedAfter, each "before" only with its own "after", and a "before" at least two minutes in the past).
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { FulfillmentStatus } from './models/orders-v2026.ts';

export const IncludedData = Type.Union([
  Type.Literal('BUYER'),
  Type.Literal('RECIPIENT'),
  Type.Literal('PROCEEDS'),
  Type.Literal('EXPENSE'),
  Type.Literal('PROMOTION'),
  Type.Literal('CANCELLATION'),
  Type.Literal('FULFILLMENT'),
  Type.Literal('PACKAGES'),
  Type.Literal('TAX'),
  Type.Literal('PAYMENT'),
  Type.Literal('FULFILLMENT_ORDERS'),
]);
export type IncludedData = Static<typeof IncludedData>;

const DateTime = Type.String({ format: 'date-time' });

export const SearchOrdersParams = Type.Object(
  {
    createdAfter: Type.Optional(DateTime),
    createdBefore: Type.Optional(DateTime),
    lastUpdatedAfter: Type.Optional(DateTime),
    lastUpdatedBefore: Type.Optional(DateTime),
    // Required here though optional in the model: the connector always scopes a search to its marketplaces.
    marketplaceIds: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, maxItems: 50 }),
    fulfilledBy: Type.Optional(Type.Array(Type.Union([Type.Literal('MERCHANT'), Type.Literal('AMAZON')]), { minItems: 1 })),
    fulfillmentStatuses: Type.Optional(Type.Array(FulfillmentStatus, { minItems: 1 })),
    includedData: Type.Optional(Type.Array(IncludedData)),
    maxResultsPerPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    paginationToken: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: false },
);
export type SearchOrdersParams = Static<typeof SearchOrdersParams>;

const checkParams = Compile(SearchOrdersParams);
/** Amazon refuses a "before" closer to now than this. */
const MIN_AGE_OF_BEFORE_MS = 2 * 60_000;

/** Everything wrong with a set of searchOrders parameters (empty when they may be sent). */
export function searchOrdersProblems(params: unknown, now: Date): string[] {
  if (!checkParams.Check(params)) {
    return checkParams.Errors(params).map((e) => `${e.instancePath || '/'}: ${e.message}`);
  }
  const p = params;
  const problems: string[] = [];
  if ((p.createdAfter === undefined) === (p.lastUpdatedAfter === undefined)) {
    problems.push('exactly one of createdAfter and lastUpdatedAfter is required');
  }
  if (p.createdAfter !== undefined && p.lastUpdatedBefore !== undefined) {
    problems.push('lastUpdatedBefore cannot be combined with createdAfter');
  }
  if (p.lastUpdatedAfter !== undefined && p.createdBefore !== undefined) {
    problems.push('createdBefore cannot be combined with lastUpdatedAfter');
  }
  for (const [after, before] of [
    ['createdAfter', 'createdBefore'],
    ['lastUpdatedAfter', 'lastUpdatedBefore'],
  ] as const) {
    const a = p[after];
    const b = p[before];
    if (b === undefined) continue;
    if (a !== undefined && Date.parse(b) < Date.parse(a)) problems.push(`${before} is earlier than ${after}`);
    if (Date.parse(b) > now.getTime() - MIN_AGE_OF_BEFORE_MS) problems.push(`${before} must be at least two minutes ago`);
  }
  return problems;
}

/** The query string object for the client (it joins arrays with commas, as SP-API expects). */
export function searchOrdersQuery(p: SearchOrdersParams): Record<string, string | number | readonly string[]> {
  const query: Record<string, string | number | readonly string[]> = {};
  for (const [key, value] of Object.entries(p)) {
    if (value !== undefined) query[key] = value as string | number | readonly string[];
  }
  return query;
}
