/**
 * Feeds API 2021-06-30 for one seller account: createFeedDocument, the upload of the document's bytes, createFeed,
 * getFeed, getFeeds (all pages), getFeedDocument and the download of a processing report (gunzipped when Amazon
 * says GZIP). Protocol only: requests are checked against the model before any quota is spent, answers before
 * they are believed; what the bytes mean is the per-type encoders' and parsers' business (feeds/).
 *
 * createFeed has no idempotency key: call.ts never repeats it unless Amazon certainly did nothing (a 429, a refused
 * connection), and an outcome that is unknown (timeout, reset after sending, 5xx) rejects with FeedOutcomeUnknown so
 * the caller looks the feed up (getFeeds) before anything is sent again.
 */
import { PermanentError, RetryableError } from '../core/errors.ts';
import type { CallOptions, SpApiCaller, SpApiOperation } from './call.ts';
import { checked } from './checked.ts';
import type { DocumentTransfer } from './feed-documents.ts';
import {
  CreateFeedDocumentResponse,
  CreateFeedDocumentSpecification,
  CreateFeedResponse,
  CreateFeedSpecification,
  Feed,
  FeedDocument,
  GetFeedsQuery,
  GetFeedsResponse,
} from './feeds-models.ts';

const op = (name: SpApiOperation['name'], idempotent: boolean): SpApiOperation => ({
  name,
  clientOperation: `feeds.${name}`,
  version: '2021-06-30',
  idempotent,
});
// createFeedDocument is a write, but an extra document nobody refers to is harmless: repeating it is safe.
const CREATE_FEED_DOCUMENT = op('createFeedDocument', true);
const CREATE_FEED = op('createFeed', false);
const GET_FEED = op('getFeed', true);
const GET_FEEDS = op('getFeeds', true);
const GET_FEED_DOCUMENT = op('getFeedDocument', true);

/** createFeed's answer never came (or came as a fault after sending): Amazon may or may not have the feed. */
export class FeedOutcomeUnknown extends RetryableError {
  constructor(cause: RetryableError) {
    super('FEED_OUTCOME_UNKNOWN', `createFeed: outcome unknown (${cause.code})`, cause.details, { cause });
  }
}

export class FeedsApi {
  readonly #caller: Pick<SpApiCaller, 'call' | 'tokensLeft'>;
  readonly #documents: DocumentTransfer;

  constructor(caller: Pick<SpApiCaller, 'call' | 'tokensLeft'>, documents: DocumentTransfer) {
    this.#caller = caller;
    this.#documents = documents;
  }

  /** A document to upload the feed's bytes to (its url expires after 5 minutes: upload at once). */
  async createFeedDocument(contentType: string, options: CallOptions = {}): Promise<CreateFeedDocumentResponse> {
    const body = checked(CreateFeedDocumentSpecification, { contentType }, 'createFeedDocument', 'AMAZON_INVALID_REQUEST');
    const res = await this.#caller.call(CREATE_FEED_DOCUMENT, { body }, options);
    return checked(CreateFeedDocumentResponse, res.body, 'createFeedDocument', 'AMAZON_BAD_PAYLOAD');
  }

  /** PUTs the bytes to the document's url, through the backend's agent (as every call). Safe to repeat. */
  async upload(document: CreateFeedDocumentResponse, bytes: Buffer, contentType: string): Promise<void> {
    await this.#documents.upload(document.url, bytes, contentType);
  }

  /** createFeed tokens the seller's shared bucket holds now (takes none): what the scheduler's reserve reads. */
  createFeedTokens(): Promise<number> {
    return this.#caller.tokensLeft(CREATE_FEED);
  }

  /** Submits the feed. Rejects with FeedOutcomeUnknown when Amazon may have it (see the file's comment). */
  async createFeed(spec: CreateFeedSpecification, options: CallOptions = {}): Promise<{ feedId: string }> {
    const body = checked(CreateFeedSpecification, spec, 'createFeed', 'AMAZON_INVALID_REQUEST');
    let res;
    try {
      res = await this.#caller.call(CREATE_FEED, { body }, options);
    } catch (e) {
      // QUOTA_WAIT comes from the gate before sending: nothing went out. An INTERRUPTED may have left mid-request
      // (the caller should pass no signal to a write like this one): unknown, to be safe.
      if (e instanceof RetryableError && e.details?.untouched !== true && e.code !== 'QUOTA_WAIT') throw new FeedOutcomeUnknown(e);
      throw e;
    }
    try {
      return { feedId: checked(CreateFeedResponse, res.body, 'createFeed', 'AMAZON_BAD_PAYLOAD').feedId };
    } catch (e) {
      // A 2xx whose body we cannot read: Amazon has the feed, we do not know its id. Unknown, like a lost answer.
      throw new FeedOutcomeUnknown(new RetryableError('AMAZON_BAD_PAYLOAD', (e as Error).message));
    }
  }

  async getFeed(feedId: string, options: CallOptions = {}): Promise<Feed> {
    if (!feedId) throw new PermanentError('AMAZON_INVALID_REQUEST', 'getFeed: feedId must be a non-empty string');
    const res = await this.#caller.call(GET_FEED, { path: { feedId } }, options);
    return checked(Feed, res.body, 'getFeed', 'AMAZON_BAD_PAYLOAD');
  }

  /** Every feed matching the filters, following nextToken (sent alone, as the model asks). */
  async getFeeds(query: GetFeedsQuery, options: CallOptions = {}): Promise<Feed[]> {
    const q = checked(GetFeedsQuery, query, 'getFeeds', 'AMAZON_INVALID_REQUEST');
    const feeds: Feed[] = [];
    let next: string | undefined;
    do {
      const res = await this.#caller.call(GET_FEEDS, { query: next ? { nextToken: next } : { pageSize: 100, ...q } }, options);
      const page = checked(GetFeedsResponse, res.body, 'getFeeds', 'AMAZON_BAD_PAYLOAD');
      feeds.push(...page.feeds);
      next = page.nextToken;
    } while (next);
    return feeds;
  }

  async getFeedDocument(feedDocumentId: string, options: CallOptions = {}): Promise<FeedDocument> {
    if (!feedDocumentId) throw new PermanentError('AMAZON_INVALID_REQUEST', 'getFeedDocument: id must be a non-empty string');
    const res = await this.#caller.call(GET_FEED_DOCUMENT, { path: { feedDocumentId } }, options);
    return checked(FeedDocument, res.body, 'getFeedDocument', 'AMAZON_BAD_PAYLOAD');
  }

  /** The document's text (a processing report), gunzipped when Amazon says GZIP. */
  async download(document: FeedDocument): Promise<string> {
    return this.#documents.download(document.url, document.compressionAlgorithm);
  }
}
