/**
 * Listings Items 2021-08-01 (README, "Listings Items API"): getListingsItem, patchListingsItem and
 * searchListingsItems on the seller's listings (`listings/`), each behind its usage plan and the injected faults. On
 * Amazon's sandbox host every call answers "Could not match input arguments" (static examples not replayed).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applyPatch, patchIssues, readPatchRequest } from '../listings/patch-listing.ts';
import { itemView, ITEM_DATA, type ViewContext } from '../listings/listing-views.ts';
import { MAX_PAGED, parseSearch } from '../listings/search-listings.ts';
import { poolOfMarketplace } from '../fba/pools.ts';
import { NO_MATCH } from '../sandbox-mode/static-replay.ts';
import type { SandboxState } from '../state.ts';
import { invalidInput, sendErrors, unauthorized } from './amazon-errors.ts';
import { listParam, scalarParam, type RawQuery } from './query-values.ts';
import { guardSpApiCall } from './sp-api-guard.ts';

const BASE = '/listings/2021-08-01/items';
type Params = { Params: { sellerId: string; sku?: string }; Querystring: RawQuery };

/** The caller, once the path's seller is it; undefined once an answer was sent. */
function open(state: SandboxState, req: FastifyRequest<Params>, reply: FastifyReply, op: string): string | undefined {
  if (req.target.kind === 'lwa') {
    reply.code(404).send({ message: 'Not Found' });
    return undefined;
  }
  const sellerId = guardSpApiCall(state, req, reply, op);
  if (!sellerId) return undefined;
  if (req.target.kind === 'sp-api' && req.target.sandbox) {
    reply.code(NO_MATCH.status).send(NO_MATCH.body);
    return undefined;
  }
  // Another seller's listings are not the caller's to read or change.
  if (req.params.sellerId !== sellerId) {
    unauthorized(reply, '');
    return undefined;
  }
  state.feedProcessor.advance(); // a feed that finished has set its quantities
  return sellerId;
}

/** marketplaceIds (required, the seller's) and includedData (an enum list with a default); or a 400 message. */
function scope(state: SandboxState, sellerId: string, q: RawQuery, allowed: readonly string[], fallback: string[]):
  { marketplaceIds: string[]; included: Set<string> } | string {
  const marketplaceIds = listParam(q, 'marketplaceIds');
  if (!marketplaceIds?.length) return 'Missing required parameter: marketplaceIds';
  const own = state.sellers.get(sellerId)!.marketplaceIds;
  const foreign = marketplaceIds.find((m) => !own.includes(m));
  if (foreign) return `Invalid marketplaceId: ${foreign}`;
  const included = listParam(q, 'includedData') ?? fallback;
  const bad = included.find((d) => !allowed.includes(d));
  if (bad) return `Invalid includedData: ${bad}`;
  if (Array.isArray(q.issueLocale)) return 'issueLocale takes one value';
  return { marketplaceIds, included: new Set(included.length ? included : fallback) };
}

/** Registers the three Listings Items routes. */
export function registerListingsRoutes(app: FastifyInstance, state: SandboxState): void {
  const ctxOf = (s: { marketplaceIds: string[]; included: Set<string> }): ViewContext =>
    ({ catalogue: state.catalogue, fba: state.fbaStock, ...s });

  app.get<Params>(`${BASE}/:sellerId/:sku`, async (req, reply) => {
    const sellerId = open(state, req, reply, 'getListingsItem');
    if (!sellerId) return reply;
    const s = scope(state, sellerId, req.query, ITEM_DATA, ['summaries']);
    if (typeof s === 'string') return invalidInput(reply, s);
    const rec = state.listings.get(sellerId, req.params.sku!);
    if (!rec) return sendErrors(reply, 404, { code: 'NOT_FOUND', message: `SKU '${req.params.sku}' not found for this seller.` });
    return reply.send(itemView(rec, ctxOf(s)));
  });

  app.patch<Params>(`${BASE}/:sellerId/:sku`, async (req, reply) => {
    const sellerId = open(state, req, reply, 'patchListingsItem');
    if (!sellerId) return reply;
    const s = scope(state, sellerId, req.query, ['identifiers', 'issues'], ['issues']);
    if (typeof s === 'string') return invalidInput(reply, s);
    const mode = scalarParam(req.query, 'mode');
    if (mode !== undefined && mode !== 'VALIDATION_PREVIEW') return invalidInput(reply, 'mode must be VALIDATION_PREVIEW');
    const preview = mode === 'VALIDATION_PREVIEW';
    if (s.included.has('identifiers') && !preview) return invalidInput(reply, 'includedData identifiers can only be requested with mode VALIDATION_PREVIEW');
    const body = readPatchRequest(req.body);
    if (!body.ok) return invalidInput(reply, 'Request has missing or invalid parameters and cannot be parsed.', body.reason);
    const sku = req.params.sku!;
    const issues = patchIssues(sku, body.request);
    const status = issues.length ? 'INVALID' : preview ? 'VALID' : 'ACCEPTED';
    if (status === 'ACCEPTED') applyPatch(state.listings, sellerId, sku, body.request);
    const asin = state.listings.get(sellerId, sku)?.asin ?? state.catalogue.products.find((p) => p.sellerSku === sku)?.asin;
    return reply.send({ sku, status, submissionId: randomUUID().replace(/-/g, ''),
      ...(s.included.has('issues') ? { issues: issues.map((i) => ({ ...i, marketplaceIds: s.marketplaceIds })) } : {}),
      ...(s.included.has('identifiers') ? { identifiers: s.marketplaceIds.map((m) => ({ marketplaceId: m, ...(asin ? { asin } : {}) })) } : {}) });
  });

  app.get<Params>(`${BASE}/:sellerId`, async (req, reply) => {
    const sellerId = open(state, req, reply, 'searchListingsItems');
    if (!sellerId) return reply;
    const s = scope(state, sellerId, req.query, ITEM_DATA, ['summaries']);
    if (typeof s === 'string') return invalidInput(reply, s);
    const ctx = ctxOf(s);
    const fnSkuOf = (sku: string) => {
      const pool = poolOfMarketplace(state.catalogue, s.marketplaceIds[0]!);
      return pool ? state.fbaStock.list(sellerId, pool).find((r) => r.sellerSku === sku)?.fnSku : undefined;
    };
    const parsed = parseSearch(req.query, ctx, (rec) => fnSkuOf(rec.sku), sellerId, state.listingPages);
    if (!parsed.ok) return invalidInput(reply, parsed.message);
    const { pageSize, offset, fingerprint, match, compare } = parsed.query;
    const all = state.listings.list(sellerId).filter(match).sort(compare);
    const reachable = Math.min(all.length, MAX_PAGED);
    const page = all.slice(offset, Math.min(offset + pageSize, reachable));
    const pagination: Record<string, string> = {};
    if (offset + pageSize < reachable) pagination.nextToken = state.listingPages.encode(sellerId, fingerprint, offset + pageSize);
    if (offset > 0) pagination.previousToken = state.listingPages.encode(sellerId, fingerprint, Math.max(0, offset - pageSize));
    return reply.send({ numberOfResults: all.length, ...(Object.keys(pagination).length ? { pagination } : {}),
      items: page.map((rec) => itemView(rec, ctx)) });
  });
}
