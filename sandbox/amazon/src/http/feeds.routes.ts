/**
 * Feeds API 2021-06-30 (README, "Feeds API"): createFeedDocument, createFeed, getFeed, getFeeds, cancelFeed,
 * getFeedDocument, each behind its usage plan and the injected faults (an `_after_accept` fault on createFeed
 * creates the feed and loses the answer). On Amazon's sandbox host every call answers "Could not match input
 * arguments" (the model's static examples are not replayed).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isKnownFeedType } from '../feeds/feed-types.ts';
import { feedView } from '../feeds/feed-views.ts';
import { encodeToken, pageOfFeeds, parseGetFeeds } from '../feeds/get-feeds-query.ts';
import { NO_MATCH } from '../sandbox-mode/static-replay.ts';
import type { SandboxState } from '../state.ts';
import { invalidInput, sendErrors } from './amazon-errors.ts';
import type { RawQuery } from './query-values.ts';
import { guardSpApiCall } from './sp-api-guard.ts';

const BASE = '/feeds/2021-06-30';
type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** Checks the caller; the seller, or undefined once an answer was sent. */
function open(state: SandboxState, req: FastifyRequest, reply: FastifyReply, op: string): string | undefined {
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
  state.feedProcessor.advance();
  return sellerId;
}

const notFound = (reply: FastifyReply, what: string) => sendErrors(reply, 404, { code: 'NotFound', message: `${what} not found.` });

/** Why a createFeed body is refused, or null. */
function createFeedProblem(state: SandboxState, sellerId: string, b: unknown): string | null {
  if (!isObj(b)) return 'The request body must be a CreateFeedSpecification object.';
  if (typeof b.feedType !== 'string' || !b.feedType) return 'feedType is required.';
  if (!Array.isArray(b.marketplaceIds) || b.marketplaceIds.length < 1 || b.marketplaceIds.length > 25
    || b.marketplaceIds.some((m) => typeof m !== 'string')) return 'marketplaceIds must be a list of 1 to 25 marketplace ids.';
  if (typeof b.inputFeedDocumentId !== 'string' || !b.inputFeedDocumentId) return 'inputFeedDocumentId is required.';
  if (b.feedOptions !== undefined && (!isObj(b.feedOptions) || Object.values(b.feedOptions).some((v) => typeof v !== 'string'))) {
    return 'feedOptions must be an object of string values.';
  }
  const extra = Object.keys(b).find((k) => !['feedType', 'marketplaceIds', 'inputFeedDocumentId', 'feedOptions'].includes(k));
  if (extra) return `Unknown field ${extra}.`;
  if (!isKnownFeedType(b.feedType)) return `Invalid feedType: ${b.feedType}.`;
  const foreign = (b.marketplaceIds as string[]).filter((m) => !state.sellers.get(sellerId)!.marketplaceIds.includes(m));
  if (foreign.length) return `Invalid marketplaceIds: ${foreign.join(', ')} (the seller does not participate in them).`;
  const doc = state.feeds.document(sellerId, b.inputFeedDocumentId);
  if (!doc || doc.report) return `Invalid inputFeedDocumentId: ${b.inputFeedDocumentId}.`;
  if (!doc.bytes) return `The feed document ${b.inputFeedDocumentId} has not been uploaded.`;
  return null;
}

export function registerFeedRoutes(app: FastifyInstance, state: SandboxState): void {
  app.post(`${BASE}/documents`, async (req, reply) => {
    const sellerId = open(state, req, reply, 'createFeedDocument');
    if (!sellerId) return reply;
    const b = req.body;
    if (!isObj(b) || typeof b.contentType !== 'string' || !b.contentType.trim()) return invalidInput(reply, 'contentType is required.');
    const region = state.sellers.get(sellerId)!.region;
    const doc = state.feeds.newDocument(sellerId, b.contentType, state.now(), region);
    return reply.code(201).send({ feedDocumentId: doc.feedDocumentId, url: state.documentUrls.sign('PUT', region, doc.feedDocumentId, state.now()) });
  });

  app.post(`${BASE}/feeds`, async (req, reply) => {
    const sellerId = open(state, req, reply, 'createFeed');
    if (!sellerId) return reply;
    const problem = createFeedProblem(state, sellerId, req.body);
    if (problem) return invalidInput(reply, problem);
    const b = req.body as { feedType: string; marketplaceIds: string[]; inputFeedDocumentId: string; feedOptions?: Record<string, string> };
    const now = state.now();
    const feed = state.feeds.newFeed({ sellerId, feedType: b.feedType, marketplaceIds: [...b.marketplaceIds],
      inputFeedDocumentId: b.inputFeedDocumentId, ...(b.feedOptions ? { feedOptions: { ...b.feedOptions } } : {}),
      createdMs: now, ...state.feedProcessor.timesFor(now) });
    state.feedProcessor.schedule(feed);
    return reply.code(202).send({ feedId: feed.feedId });
  });

  app.get(`${BASE}/feeds`, async (req, reply) => {
    const sellerId = open(state, req, reply, 'getFeeds');
    if (!sellerId) return reply;
    const parsed = parseGetFeeds(req.query as RawQuery, state.now());
    if (!parsed.ok) return invalidInput(reply, parsed.message);
    const page = pageOfFeeds(state.feeds.feedsOf(sellerId), parsed.value);
    return reply.send({ feeds: page.feeds.map(feedView), ...(page.next ? { nextToken: encodeToken(parsed.value, page.next) } : {}) });
  });

  app.get<{ Params: { feedId: string } }>(`${BASE}/feeds/:feedId`, async (req, reply) => {
    const sellerId = open(state, req, reply, 'getFeed');
    if (!sellerId) return reply;
    const feed = state.feeds.feed(sellerId, req.params.feedId);
    return feed ? reply.send(feedView(feed)) : notFound(reply, `Feed ${req.params.feedId}`);
  });

  app.delete<{ Params: { feedId: string } }>(`${BASE}/feeds/:feedId`, async (req, reply) => {
    const sellerId = open(state, req, reply, 'cancelFeed');
    if (!sellerId) return reply;
    const feed = state.feeds.feed(sellerId, req.params.feedId);
    if (!feed) return notFound(reply, `Feed ${req.params.feedId}`);
    if (feed.status !== 'IN_QUEUE') {
      return invalidInput(reply, `Feed ${feed.feedId} cannot be cancelled: its processingStatus is ${feed.status}; only IN_QUEUE feeds can be cancelled.`);
    }
    feed.status = 'CANCELLED';
    return reply.code(200).send();
  });

  app.get<{ Params: { feedDocumentId: string } }>(`${BASE}/documents/:feedDocumentId`, async (req, reply) => {
    const sellerId = open(state, req, reply, 'getFeedDocument');
    if (!sellerId) return reply;
    const doc = state.feeds.document(sellerId, req.params.feedDocumentId);
    // Report documents share the store but are the Reports API's (getReportDocument).
    if (!doc || doc.feedDocumentId.startsWith('amzn1.spdoc.')) return notFound(reply, `Feed document ${req.params.feedDocumentId}`);
    const encoding: Record<string, string> = (req.query as RawQuery).enableContentEncodingUrlHeader === 'true' && doc.compression
      ? { 'response-content-encoding': 'gzip' } : {};
    const region = state.sellers.get(sellerId)!.region;
    return reply.send({ feedDocumentId: doc.feedDocumentId, url: state.documentUrls.sign('GET', region, doc.feedDocumentId, state.now(), encoding),
      ...(doc.compression ? { compressionAlgorithm: doc.compression } : {}) });
  });
}

