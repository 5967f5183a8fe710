import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RetryableError, type SyncError } from '../core/errors.ts';
import { SpApiCaller } from './call.ts';
import { FinancesApi, type TransactionsPage } from './finances-api.ts';
import { DEFERRED, LARGE, MALFORMED, page, REFUND, RELEASE, UNREADABLE } from './testing/finances-fixtures.ts';
import { FakeAmazon } from './testing/fake-amazon.ts';
import { MemoryQuotaGate } from './testing/memory-quota-gate.ts';
import { SpApiTransport } from './transport.ts';

const PATH = '/finances/2024-06-19/transactions';
const US = 'ATVPDKIKX0DER';
const NOW = Date.parse('2026-12-01T12:00:00Z');
const DAY = 24 * 3600_000;
const iso = (ms: number) => new Date(ms).toISOString();
const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as SyncError);
const quotaExceeded = { status: 429, headers: { 'x-amzn-ErrorType': 'TooManyRequestsException' }, body: { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' }] } };

async function collect(pages: AsyncGenerator<TransactionsPage>): Promise<TransactionsPage[]> {
  const out: TransactionsPage[] = [];
  for await (const p of pages) out.push(p);
  return out;
}

describe('FinancesApi listTransactions (2024-06-19) through the real client', () => {
  let fake: FakeAmazon;
  let transport: SpApiTransport;
  let gate: MemoryQuotaGate;
  let api: FinancesApi;

  beforeEach(async () => {
    fake = await FakeAmazon.start();
    transport = new SpApiTransport({ region: 'na', credentials: { clientId: 'client', clientSecret: 'secret', refreshToken: 'Atzr|seller' }, endpoint: { host: '127.0.0.1', port: fake.port } });
    gate = new MemoryQuotaGate();
    api = new FinancesApi(new SpApiCaller({ transport, gate, sellerKey: 'b1', retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 3 } }), () => NOW);
  });
  afterEach(async () => {
    transport.close();
    await fake.close();
  });

  it('follows nextToken with the same arguments, through the usage plan, and reads amounts from the raw text', async () => {
    fake.reply = (req) => {
      if (!req.query.nextToken) return { status: 200, raw: page([REFUND, LARGE], 'token-2') };
      if (req.query.nextToken === 'token-2') return { status: 200, raw: page([], 'token-3') }; // Amazon may answer empty pages
      return { status: 200, raw: page([DEFERRED, RELEASE]) };
    };
    const after = iso(NOW - 30 * DAY);
    const before = iso(NOW - DAY);
    const pages = await collect(api.iterateTransactions({ postedAfter: after, postedBefore: before, marketplaceId: US, transactionStatus: 'RELEASED' }));

    expect(pages.map((p) => p.transactions.map((t) => t.transactionId))).toEqual([['tx-refund-1', 'tx-large-1'], [], ['tx-deferred-1', 'tx-release-1']]);
    expect(pages[0]!.transactions[1]!.totalAmount).toEqual({ minor: 9876543210987654321n, currency: 'EUR' });
    expect(pages[0]!.requestId).toBe('req-1');
    const base = { postedAfter: after, postedBefore: before, marketplaceId: US, transactionStatus: 'RELEASED' };
    expect(fake.requests.map((r) => [r.method, r.path])).toEqual(Array(3).fill(['GET', PATH]));
    expect(fake.requests.map((r) => r.query)).toEqual([base, { ...base, nextToken: 'token-2' }, { ...base, nextToken: 'token-3' }]);
    expect(gate.of('acquire').map((c) => [c.operation, c.plan])).toEqual(Array(3).fill(['listTransactions', { rate: 0.5, burst: 10 }]));
  });

  it('reads one order\'s transactions by its related identifier, without dates, page after page', async () => {
    fake.reply = (req) => (req.query.nextToken ? { status: 200, raw: page([RELEASE]) } : { status: 200, raw: page([REFUND], 'token-2') });
    const pages = await collect(api.iterateOrderTransactions('902-3159896-1390916'));
    expect(pages.map((p) => p.transactions.map((t) => t.transactionId))).toEqual([['tx-refund-1'], ['tx-release-1']]);
    const base = { relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: '902-3159896-1390916' };
    expect(fake.requests.map((r) => r.query)).toEqual([base, { ...base, nextToken: 'token-2' }]);
    expect((await fail(collect(api.iterateOrderTransactions(' '))))?.code).toBe('AMAZON_INVALID_REQUEST');
  });

  it('reports malformed and unreadable transactions per transaction while the rest of the page is read', async () => {
    fake.reply = () => ({ status: 200, raw: page([MALFORMED, REFUND, UNREADABLE, '42']) });
    const got = await api.listTransactions({ postedAfter: iso(NOW - 10 * DAY), postedBefore: iso(NOW - DAY) });
    expect(got.transactions.map((t) => t.transactionId)).toEqual(['tx-refund-1']);
    expect(got.failures.map((f) => [f.index, f.code, f.transactionId])).toEqual([
      [0, 'FINANCE_TRANSACTION_MALFORMED', undefined],
      [2, 'FINANCE_AMOUNT_UNREADABLE', 'tx-unreadable-1'],
      [3, 'FINANCE_TRANSACTION_MALFORMED', undefined],
    ]);
  });

  it('retries a 429 through the shared bucket, then gives up with a RetryableError AMAZON_THROTTLED', async () => {
    fake.reply = (_req, n) => (n === 1 ? quotaExceeded : { status: 200, raw: page([RELEASE]) });
    const got = await api.listTransactions({ postedAfter: iso(NOW - DAY) });
    expect(got.transactions).toHaveLength(1);
    expect(gate.of('pause').map((p) => p.operation)).toEqual(['listTransactions']);

    fake.reply = () => quotaExceeded;
    const err = await fail(api.listTransactions({ postedAfter: iso(NOW - DAY) }));
    expect(err).toBeInstanceOf(RetryableError);
    expect(err).toMatchObject({ code: 'AMAZON_THROTTLED', details: { operation: 'listTransactions', status: 429, amazonCode: 'QuotaExceeded', attempts: 3 } });
    expect((err as RetryableError).retryAfterMs).toBe(2000); // the documented 0.5 requests/s
  });

  it("turns the model's 400 answer into AMAZON_INVALID_REQUEST and a garbled body into AMAZON_BAD_PAYLOAD", async () => {
    fake.reply = () => ({ status: 400, body: { errors: [{ code: 'InvalidInput', message: 'Start date cannot be null', details: 'Start date cannot be null' }] } });
    expect(await fail(api.listTransactions({ postedAfter: iso(NOW - DAY) }))).toMatchObject({ code: 'AMAZON_INVALID_REQUEST', details: { amazonCode: 'InvalidInput', status: 400 } });
    fake.reply = () => ({ status: 200, raw: '{"payload": {"transactions": [' });
    expect((await fail(api.listTransactions({ postedAfter: iso(NOW - DAY) })))?.code).toBe('AMAZON_BAD_PAYLOAD');
    fake.reply = () => ({ status: 200, body: { transactions: [] } });
    expect((await fail(api.listTransactions({ postedAfter: iso(NOW - DAY) })))?.code).toBe('AMAZON_BAD_PAYLOAD');
  });

  it('refuses a window over 180 days for one page, before any request', async () => {
    const err = await fail(api.listTransactions({ postedAfter: iso(NOW - 200 * DAY), postedBefore: iso(NOW - 10 * DAY) }));
    expect(err?.code).toBe('AMAZON_INVALID_REQUEST');
    expect(String(err?.message)).toMatch(/180 days/);
    // Without postedBefore, Amazon's default end (two minutes ago) makes the window.
    expect((await fail(api.listTransactions({ postedAfter: iso(NOW - 181 * DAY) })))?.code).toBe('AMAZON_INVALID_REQUEST');
    expect((await fail(api.listTransactions({ postedAfter: iso(NOW - DAY), postedBefore: iso(NOW - 60_000) })))?.code).toBe('AMAZON_INVALID_REQUEST');
    expect((await fail(api.listTransactions({ postedAfter: iso(NOW - DAY), postedBefore: iso(NOW - 2 * DAY) })))?.code).toBe('AMAZON_INVALID_REQUEST');
    expect((await fail(api.listTransactions({ postedAfter: 'yesterday' })))?.code).toBe('AMAZON_INVALID_REQUEST');
    expect(fake.requests).toHaveLength(0);
    expect(gate.of('acquire')).toHaveLength(0);
  });

  it('splits a longer window into consecutive windows of at most 180 days, each paged, and fixes the end itself', async () => {
    fake.reply = (req) => (req.query.nextToken ? { status: 200, raw: page([]) } : { status: 200, raw: page([], `t-${req.query.postedAfter}`) });
    const start = NOW - 400 * DAY;
    await collect(api.iterateTransactions({ postedAfter: iso(start) }));

    const windows = fake.requests.filter((r) => !r.query.nextToken).map((r) => [Date.parse(r.query.postedAfter!), Date.parse(r.query.postedBefore!)] as const);
    const end = NOW - 3 * 60_000;
    expect(windows).toEqual([[start, start + 180 * DAY], [start + 180 * DAY, start + 360 * DAY], [start + 360 * DAY, end]]);
    // Each window's second page repeats that window's arguments with the token.
    expect(fake.requests.filter((r) => r.query.nextToken).map((r) => r.query.nextToken)).toEqual(windows.map(([from]) => `t-${iso(from)}`));
    expect(fake.requests).toHaveLength(6);
  });

  it('refuses a nextToken returned twice (it would loop on one page)', async () => {
    fake.reply = () => ({ status: 200, raw: page([], 'same') });
    const err = await fail(collect(api.iterateTransactions({ postedAfter: iso(NOW - DAY) })));
    expect(err?.code).toBe('AMAZON_BAD_PAYLOAD');
    expect(fake.requests).toHaveLength(2);
  });
});
