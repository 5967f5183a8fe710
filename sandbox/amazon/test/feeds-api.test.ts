/**
 * The Feeds API's rules on a pinned clock: createFeed's checks, the pre-signed URLs, getFeeds' filters and paging,
 * cancelFeed, the usage plan's 429, a createFeed whose answer is lost (found again with getFeeds), unprocessed feed
 * types, gzip-compressed reports. Every answer is checked strictly against the Feeds model.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { documentRequest, feedsApi } from './helpers/feed-http.ts';
import { feedsModel } from './helpers/feeds.ts';
import { call } from './helpers/http-client.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Api = Awaited<ReturnType<typeof feedsApi>>;
let clock = Date.parse('2026-06-01T10:00:00Z');
let sb: AmazonSandbox;
let eu: Api;
let na: Api;
const DE = 'A1PA6795UKMFR9';
const FR = 'A13V1IB3VIYZZH';
const XML = '<?xml version="1.0"?><AmazonEnvelope><MessageType>OrderAcknowledgement</MessageType></AmazonEnvelope>';

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 4, seedOrders: 0, now: () => clock }); // 90 s per feed, real rates
});
afterAll(() => sb.close());
// Each test starts an hour later (buckets full, feeds gone) with fresh access tokens.
beforeEach(async () => {
  sb.reset();
  clock += 3_600_000;
  eu = await feedsApi(sb, 0);
  na = await feedsApi(sb, 1);
});

const bad = (a: { status: number; body: unknown }, message: RegExp) => {
  expect(a.status).toBe(400);
  expect(feedsModel.errors.validate(a.body), feedsModel.errors.explain()).toBe(true);
  expect((a.body as Obj).errors[0].code).toBe('InvalidInput');
  expect((a.body as Obj).errors[0].message).toMatch(message);
};

describe('createFeed and the document store', () => {
  it('refuses bad bodies, foreign marketplaces and documents not uploaded or not the seller\'s', async () => {
    const doc = await eu.upload(XML, 'text/xml');
    const body = { feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA', marketplaceIds: [DE], inputFeedDocumentId: doc };
    bad(await eu.api('POST', '/feeds', { ...body, feedType: undefined }), /feedType is required/);
    bad(await eu.api('POST', '/feeds', { ...body, marketplaceIds: [] }), /marketplaceIds/);
    bad(await eu.api('POST', '/feeds', { ...body, feedType: 'POST_CANCEL_EVERYTHING' }), /Invalid feedType/);
    bad(await eu.api('POST', '/feeds', { ...body, marketplaceIds: [DE, 'ATVPDKIKX0DER'] }), /ATVPDKIKX0DER/);
    bad(await eu.api('POST', '/feeds', { ...body, feedOptions: { a: 1 } }), /feedOptions/);
    bad(await na.api('POST', '/feeds', { ...body, marketplaceIds: ['ATVPDKIKX0DER'] }), /Invalid inputFeedDocumentId/);
    const empty = ((await eu.api('POST', '/documents', { contentType: 'text/xml' })).body as Obj).feedDocumentId;
    bad(await eu.api('POST', '/feeds', { ...body, inputFeedDocumentId: empty }), /has not been uploaded/);
    bad(await eu.api('POST', '/documents', {}), /contentType is required/);
    const ok = await eu.api('POST', '/feeds', body);
    expect(ok.status).toBe(202);
    expect(sb.feeds(sb.sellers[0]!.sellerId).feeds).toHaveLength(1);
  });

  it('signs URLs for 5 minutes, keeps the bytes and content type uploaded, and serves them back', async () => {
    const d = (await eu.api('POST', '/documents', { contentType: 'text/tab-separated-values; charset=UTF-8' })).body as Obj;
    const forged = d.url.replace(/X-Amz-Signature=[0-9a-f]+/, `X-Amz-Signature=${'0'.repeat(64)}`);
    const denied = await documentRequest(sb.port, forged, 'PUT', 'x', 'text/plain');
    expect([denied.status, denied.bytes.toString()]).toEqual([403, expect.stringContaining('<Code>SignatureDoesNotMatch</Code>')]);
    expect((await documentRequest(sb.port, d.url, 'PUT', 'order-id\n', 'text/tab-separated-values; charset=UTF-8')).status).toBe(200);
    // The GET URL of the input document (getFeedDocument answers for any document of the seller).
    const g = await eu.api('GET', `/documents/${encodeURIComponent(d.feedDocumentId)}`);
    expect(feedsModel.document.validate(g.body), feedsModel.document.explain()).toBe(true);
    const got = await documentRequest(sb.port, (g.body as Obj).url, 'GET');
    expect([got.status, got.headers['content-type'], got.bytes.toString()]).toEqual([200, 'text/tab-separated-values; charset=UTF-8', 'order-id\n']);
    expect((await documentRequest(sb.port, (g.body as Obj).url, 'PUT', 'y', 'text/plain')).status).toBe(403); // a GET URL
    clock += 301_000;
    const late = await documentRequest(sb.port, d.url, 'PUT', 'again', 'text/plain');
    expect([late.status, late.bytes.toString()]).toEqual([403, expect.stringContaining('Request has expired')]);
    expect((await eu.api('GET', '/documents/amzn1.tortuga.4.eu.nope')).status).toBe(404);
  });
});

describe('getFeeds, getFeed and cancelFeed', () => {
  it('filters by type, status, marketplace and creation time, pages with a nextToken that must stand alone', async () => {
    const ids: string[] = [];
    for (const [type, m] of [['POST_ORDER_ACKNOWLEDGEMENT_DATA', DE], ['JSON_LISTINGS_FEED', FR], ['POST_ORDER_ACKNOWLEDGEMENT_DATA', FR],
      ['POST_ORDER_ACKNOWLEDGEMENT_DATA', DE], ['UPLOAD_VAT_INVOICE', DE]] as const) {
      ids.push(((await eu.submit(type, [m], XML, 'text/xml')).body as Obj).feedId);
      clock += 60_000; // one a minute: the first ones are done (90 s) by the time the last is created
    }
    const q = async (query: string) => {
      const a = await eu.api('GET', `/feeds?${query}`);
      expect(a.status, a.text).toBe(200);
      expect(feedsModel.feeds.validate(a.body), feedsModel.feeds.explain()).toBe(true);
      return a.body as Obj;
    };
    const order = (b: Obj) => b.feeds.map((f: Obj) => f.feedId);
    expect(order(await q('feedTypes=POST_ORDER_ACKNOWLEDGEMENT_DATA'))).toEqual([ids[3], ids[2], ids[0]]);
    expect(order(await q('feedTypes=POST_ORDER_ACKNOWLEDGEMENT_DATA,JSON_LISTINGS_FEED&marketplaceIds=FR'.replace('FR', FR)))).toEqual([ids[2], ids[1]]);
    expect(order(await q('feedTypes=POST_ORDER_ACKNOWLEDGEMENT_DATA,UPLOAD_VAT_INVOICE&processingStatuses=DONE,FATAL'))).toEqual([ids[3], ids[2], ids[0]]);
    const t0 = clock - 5 * 60_000;
    const since = new Date(t0 + 90_000).toISOString();
    const until = new Date(t0 + 150_000).toISOString();
    expect(order(await q(`feedTypes=POST_ORDER_ACKNOWLEDGEMENT_DATA&createdSince=${since}&createdUntil=${until}`))).toEqual([ids[2]]);
    const p1 = await q('feedTypes=POST_ORDER_ACKNOWLEDGEMENT_DATA,JSON_LISTINGS_FEED,UPLOAD_VAT_INVOICE&pageSize=2');
    expect(order(p1)).toEqual([ids[4], ids[3]]);
    const p2 = await q(`nextToken=${encodeURIComponent(p1.nextToken)}`);
    const p3 = await q(`nextToken=${encodeURIComponent(p2.nextToken)}`);
    expect([...order(p2), ...order(p3)]).toEqual([ids[2], ids[1], ids[0]]);
    expect(p3.nextToken).toBeUndefined();
    clock += 600_000; // getFeeds refills one call in 45 s (burst 10): ten minutes fill the bucket again
    bad(await eu.api('GET', `/feeds?nextToken=${encodeURIComponent(p1.nextToken)}&pageSize=2`), /must be the only parameter/);
    bad(await eu.api('GET', '/feeds?processingStatuses=DONE'), /Either feedTypes or nextToken is required/);
    bad(await eu.api('GET', '/feeds?feedTypes=A&processingStatuses=FINISHED'), /processingStatuses/);
    bad(await eu.api('GET', '/feeds?feedTypes=A&pageSize=101'), /pageSize/);
    bad(await eu.api('GET', '/feeds?feedTypes=A&createdSince=yesterday'), /createdSince/);
    bad(await eu.api('GET', '/feeds?feedTypes=A,B,C,D,E,F,G,H,I,J,K'), /feedTypes must have between 1 and 10/);
    // Another seller sees none of them.
    expect((await na.api('GET', '/feeds?feedTypes=POST_ORDER_ACKNOWLEDGEMENT_DATA')).body).toEqual({ feeds: [] });
    expect((await na.api('GET', `/feeds/${ids[0]}`)).status).toBe(404);
  });

  it('moves IN_QUEUE -> IN_PROGRESS -> DONE over 90 s and cancels only IN_QUEUE feeds', async () => {
    const a = ((await eu.submit('POST_ORDER_ACKNOWLEDGEMENT_DATA', [DE], XML, 'text/xml')).body as Obj).feedId;
    const b = ((await eu.submit('POST_ORDER_ACKNOWLEDGEMENT_DATA', [DE], XML, 'text/xml')).body as Obj).feedId;
    const get = async (id: string) => {
      const r = await eu.api('GET', `/feeds/${id}`);
      expect(feedsModel.feed.validate(r.body), feedsModel.feed.explain()).toBe(true);
      return r.body as Obj;
    };
    expect((await get(a)).processingStatus).toBe('IN_QUEUE');
    const cancelled = await eu.api('DELETE', `/feeds/${a}`);
    expect([cancelled.status, cancelled.text]).toEqual([200, '']);
    clock += 30_000;
    expect(await get(b)).toMatchObject({ processingStatus: 'IN_PROGRESS', processingStartTime: new Date(clock).toISOString() });
    bad(await eu.api('DELETE', `/feeds/${b}`), /only IN_QUEUE feeds can be cancelled/);
    clock += 60_000;
    expect((await get(b)).processingStatus).toBe('DONE');
    expect(await get(a)).toEqual({ feedId: a, feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA', marketplaceIds: [DE],
      createdTime: expect.any(String), processingStatus: 'CANCELLED' });
    expect((await eu.api('DELETE', '/feeds/123')).status).toBe(404);
  });
});

describe('usage plans, lost answers, unprocessed types', () => {
  it('answers 429 after the burst of 15 createFeed calls, and counts them by operationId', async () => {
    const doc = await eu.upload(XML, 'text/xml');
    const body = { feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA', marketplaceIds: [DE], inputFeedDocumentId: doc };
    const statuses: number[] = [];
    for (let i = 0; i < 16; i++) statuses.push((await eu.api('POST', '/feeds', body)).status);
    expect(statuses).toEqual([...Array(15).fill(202), 429]);
    const op = sb.calls().operations.find((o) => o.operation === 'createFeed')!;
    expect([op.calls, op.throttled]).toEqual([16, 1]);
    expect(sb.feeds(sb.sellers[0]!.sellerId).feeds).toHaveLength(15);
  });

  it('creates the feed when the answer is dropped or held after accepting it; getFeeds finds it', async () => {
    const doc = await eu.upload(XML, 'text/xml');
    sb.injectFault({ operation: 'createFeed', kind: 'drop_after_accept', count: 1 });
    await expect(call(sb.port, { method: 'POST', path: '/feeds/2021-06-30/feeds', host: eu.host, token: eu.token,
      json: { feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA', marketplaceIds: [DE], inputFeedDocumentId: doc } })).rejects.toThrow(/socket hang up|ECONNRESET/);
    const found = (await eu.api('GET', '/feeds?feedTypes=POST_ORDER_ACKNOWLEDGEMENT_DATA')).body as Obj;
    expect(found.feeds).toHaveLength(1);
    expect(found.feeds[0]).toMatchObject({ processingStatus: 'IN_QUEUE', marketplaceIds: [DE] });
    // The answer held, then the socket closed unanswered: created all the same.
    sb.injectFault({ operation: 'createFeed', kind: 'timeout_after_accept', count: 1, holdMs: 100 });
    await expect(call(sb.port, { method: 'POST', path: '/feeds/2021-06-30/feeds', host: eu.host, token: eu.token,
      json: { feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA', marketplaceIds: [DE], inputFeedDocumentId: doc } })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(((await eu.api('GET', '/feeds?feedTypes=POST_ORDER_ACKNOWLEDGEMENT_DATA')).body as Obj).feeds).toHaveLength(2);
    expect(sb.calls().operations.find((o) => o.operation === 'createFeed')?.byFault).toEqual({ drop_after_accept: 1, timeout_after_accept: 1 });
  });

  it('ends a known feed type it does not process FATAL, with a report saying so', async () => {
    const id = ((await eu.submit('POST_PRODUCT_DATA', [DE], XML, 'text/xml')).body as Obj).feedId;
    clock += 90_000;
    expect(((await eu.api('GET', `/feeds/${id}`)).body as Obj).processingStatus).toBe('FATAL');
    expect(await eu.report(id)).toContain('The feed type POST_PRODUCT_DATA is not supported by this sandbox.');
  });
});

describe('gzip-compressed reports', () => {
  it('says GZIP in getFeedDocument, and Content-Encoding gzip only with enableContentEncodingUrlHeader', async () => {
    const gz = await startAmazonSandbox({ port: 0, seed: 4, seedOrders: 0, now: () => clock, feedReportCompression: 'GZIP' });
    try {
      const api = await feedsApi(gz, 0);
      const id = ((await api.submit('POST_ORDER_ACKNOWLEDGEMENT_DATA', [DE], XML, 'text/xml')).body as Obj).feedId;
      clock += 90_000;
      const f = (await api.api('GET', `/feeds/${id}`)).body as Obj;
      const plain = (await api.api('GET', `/documents/${f.resultFeedDocumentId}`)).body as Obj;
      expect(feedsModel.document.validate(plain), feedsModel.document.explain()).toBe(true);
      expect(plain.compressionAlgorithm).toBe('GZIP');
      const raw = await documentRequest(gz.port, plain.url, 'GET');
      expect(raw.headers['content-encoding']).toBe('identity');
      expect(gunzipSync(raw.bytes).toString()).toContain('<MessagesProcessed>0</MessagesProcessed>');
      const enc = (await api.api('GET', `/documents/${f.resultFeedDocumentId}?enableContentEncodingUrlHeader=true`)).body as Obj;
      expect((await documentRequest(gz.port, enc.url, 'GET')).headers['content-encoding']).toBe('gzip');
    } finally {
      await gz.close();
    }
  });
});
