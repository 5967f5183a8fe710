import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createAmazonAdapter, type AmazonAdapter } from './amazon-adapter.ts';
import { FeedOutcomeUnknown } from './feeds-api.ts';
import { FakeAmazon, quotaExceeded, type FakeReply, type FakeRequest } from './testing/fake-amazon.ts';
import { MemoryQuotaGate } from './testing/memory-quota-gate.ts';

const spec = { feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA', marketplaceIds: ['A1PA6795UKMFR9'], inputFeedDocumentId: 'doc-1' };

describe('FeedsApi (over the fake Amazon, through the endpoint override)', () => {
  let fake: FakeAmazon;
  let amazon: AmazonAdapter;
  let gate: MemoryQuotaGate;
  afterEach(async () => {
    amazon?.close();
    await fake?.close();
  });
  async function start(reply: (req: FakeRequest, n: number) => FakeReply) {
    fake = await FakeAmazon.start();
    fake.reply = reply;
    gate = new MemoryQuotaGate();
    amazon = createAmazonAdapter({
      region: 'eu',
      credentials: { clientId: 'c', clientSecret: 's', refreshToken: 'r' },
      endpoint: { host: '127.0.0.1', port: fake.port },
      gate,
      sellerKey: 'seller',
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      timeouts: { response: 500, idle: 500, deadline: 1000 },
    });
  }

  it('creates a document, uploads the bytes to its url through the same agent, creates the feed', async () => {
    await start((req) => {
      if (req.path === '/feeds/2021-06-30/documents') return { status: 201, body: { feedDocumentId: 'doc-1', url: 'https://tortuga-prod-eu.s3-eu-west-1.amazonaws.com/doc-1?sig=x' } };
      if (req.host.startsWith('tortuga')) return { status: 200 };
      return { status: 202, body: { feedId: '50001' } };
    });
    const doc = await amazon.feeds.createFeedDocument('text/xml; charset=UTF-8');
    await amazon.feeds.upload(doc, Buffer.from('<AmazonEnvelope/>'), 'text/xml; charset=UTF-8');
    expect(await amazon.feeds.createFeed(spec)).toEqual({ feedId: '50001' });
    const upload = fake.requests.find((r) => r.method === 'PUT')!;
    expect(upload).toMatchObject({ host: 'tortuga-prod-eu.s3-eu-west-1.amazonaws.com', path: '/doc-1', contentType: 'text/xml; charset=UTF-8' });
    expect(upload.bytes?.toString()).toBe('<AmazonEnvelope/>');
    expect(gate.calls.filter((c) => c.kind === 'acquire').map((c) => c.operation)).toEqual(['createFeedDocument', 'createFeed']);
  });

  it('surfaces a createFeed whose answer never came as an unknown outcome, sent once', async () => {
    await start(() => ({ reset: true }));
    await expect(amazon.feeds.createFeed(spec)).rejects.toBeInstanceOf(FeedOutcomeUnknown);
    expect(fake.requests.filter((r) => r.path === '/feeds/2021-06-30/feeds')).toHaveLength(1);
  });

  it('repeats a createFeed Amazon certainly did not take (429), and refuses a bad spec before any quota', async () => {
    await start((_req, n) => (n === 1 ? quotaExceeded() : { status: 202, body: { feedId: '50002' } }));
    expect(await amazon.feeds.createFeed(spec)).toEqual({ feedId: '50002' });
    await expect(amazon.feeds.createFeed({ ...spec, marketplaceIds: [] })).rejects.toMatchObject({ code: 'AMAZON_INVALID_REQUEST' });
    expect(fake.requests).toHaveLength(2);
  });

  it('pages getFeeds with nextToken alone, and downloads a gzipped report', async () => {
    const feed = (id: string) => ({ feedId: id, feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA', createdTime: '2026-12-02T06:00:00Z', processingStatus: 'DONE', resultFeedDocumentId: 'rep-1' });
    await start((req) => {
      if (req.path === '/feeds/2021-06-30/feeds') return req.query.nextToken ? { status: 200, body: { feeds: [feed('2')] } } : { status: 200, body: { feeds: [feed('1')], nextToken: 'page-2' } };
      if (req.path === '/feeds/2021-06-30/documents/rep-1') return { status: 200, body: { feedDocumentId: 'rep-1', url: 'https://tortuga-prod-eu.s3.amazonaws.com/rep-1', compressionAlgorithm: 'GZIP' } };
      return { status: 200, bytes: gzipSync(Buffer.from('<AmazonEnvelope>é</AmazonEnvelope>')) };
    });
    const feeds = await amazon.feeds.getFeeds({ feedTypes: ['POST_ORDER_ACKNOWLEDGEMENT_DATA'], createdSince: '2026-12-02T05:00:00Z' });
    expect(feeds.map((f) => f.feedId)).toEqual(['1', '2']);
    const pages = fake.requests.filter((r) => r.path === '/feeds/2021-06-30/feeds').map((r) => r.query);
    expect(pages[0]).toMatchObject({ feedTypes: 'POST_ORDER_ACKNOWLEDGEMENT_DATA', pageSize: '100' });
    expect(pages[1]).toEqual({ nextToken: 'page-2' });
    const doc = await amazon.feeds.getFeedDocument('rep-1');
    expect(await amazon.feeds.download(doc)).toBe('<AmazonEnvelope>é</AmazonEnvelope>');
  });

  it('tells an expired upload url (403, retryable) from a refused one (400, permanent)', async () => {
    await start((req) => (req.path === '/expired' ? { status: 403, raw: '<Error><Code>AccessDenied</Code></Error>' } : { status: 400, raw: '<Error><Code>InvalidArgument</Code></Error>' }));
    const upload = (path: string) => amazon.feeds.upload({ feedDocumentId: 'd', url: `https://tortuga.s3.amazonaws.com${path}` }, Buffer.from('x'), 'text/xml');
    await expect(upload('/expired')).rejects.toMatchObject({ kind: 'retryable', details: { status: 403, amazonCode: 'AccessDenied' } });
    await expect(upload('/bad')).rejects.toMatchObject({ kind: 'permanent', code: 'AMAZON_INVALID_REQUEST' });
  });
});
