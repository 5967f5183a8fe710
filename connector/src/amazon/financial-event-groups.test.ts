import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncError } from '../core/errors.ts';
import { SpApiCaller } from './call.ts';
import { FinancialEventsV0Api } from './financial-events-v0.ts';
import { FakeAmazon } from './testing/fake-amazon.ts';
import { MemoryQuotaGate } from './testing/memory-quota-gate.ts';
import { SpApiTransport } from './transport.ts';

const PATH = '/finances/v0/financialEventGroups';
const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as SyncError);
// Amounts as Amazon sends them: JSON numbers (BigDecimal), here past what a double holds exactly.
const CLOSED = `{"FinancialEventGroupId":"g-closed","ProcessingStatus":"Closed","FundTransferStatus":"Succeeded",
  "OriginalTotal":{"CurrencyCode":"EUR","CurrencyAmount":98765432109876543.21},"ConvertedTotal":{"CurrencyCode":"GBP","CurrencyAmount":812.4},
  "BeginningBalance":{"CurrencyCode":"EUR","CurrencyAmount":-12.05},"FundTransferDate":"2026-11-16T10:00:00Z","TraceId":"TRACE1","AccountTail":"123",
  "FinancialEventGroupStart":"2026-11-01T00:00:00Z","FinancialEventGroupEnd":"2026-11-15T00:00:00Z"}`;
const OPEN = `{"FinancialEventGroupId":"g-open","ProcessingStatus":"Open","FundTransferStatus":"Unknown","OriginalTotal":{"CurrencyCode":"JPY","CurrencyAmount":1200},
  "FinancialEventGroupStart":"2026-11-15T00:00:00Z"}`;
const page = (groups: string[], token?: string) => `{"payload":{${token ? `"NextToken":"${token}",` : ''}"FinancialEventGroupList":[${groups.join(',')}]}}`;

describe('Finances v0 listFinancialEventGroups through the real client', () => {
  let fake: FakeAmazon;
  let transport: SpApiTransport;
  let gate: MemoryQuotaGate;
  let api: FinancialEventsV0Api;

  beforeEach(async () => {
    fake = await FakeAmazon.start();
    transport = new SpApiTransport({ region: 'eu', credentials: { clientId: 'client', clientSecret: 'secret', refreshToken: 'Atzr|seller' }, endpoint: { host: '127.0.0.1', port: fake.port } });
    gate = new MemoryQuotaGate();
    api = new FinancialEventsV0Api(new SpApiCaller({ transport, gate, sellerKey: 'b1', retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 2 } }));
  });
  afterEach(async () => {
    transport.close();
    await fake.close();
  });

  it('follows NextToken with the same arguments through the usage plan; amounts into minor units without a float', async () => {
    fake.reply = (req) => (req.query.NextToken ? { status: 200, raw: page([OPEN]) } : { status: 200, raw: page([CLOSED], 'next-1') });
    const groups = await api.eventGroups({ startedAfter: new Date('2026-10-01T00:00:00Z') });
    expect(groups.map((g) => g.groupId)).toEqual(['g-closed', 'g-open']);
    expect(groups[0]).toEqual({ groupId: 'g-closed', processingStatus: 'Closed', fundTransferStatus: 'Succeeded',
      original: { currency: 'EUR', minor: 9876543210987654321n }, converted: { currency: 'GBP', minor: 81240n }, beginningBalance: { currency: 'EUR', minor: -1205n },
      fundTransferDate: new Date('2026-11-16T10:00:00Z'), traceId: 'TRACE1', accountTail: '123',
      start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-11-15T00:00:00Z') });
    expect(groups[1]).toMatchObject({ processingStatus: 'Open', original: { currency: 'JPY', minor: 1200n }, converted: null, end: null, fundTransferDate: null });
    const base = { FinancialEventGroupStartedAfter: '2026-10-01T00:00:00.000Z', MaxResultsPerPage: '100' };
    expect(fake.requests.map((r) => [r.path, r.query])).toEqual([[PATH, base], [PATH, { ...base, NextToken: 'next-1' }]]);
    expect(gate.of('acquire').map((c) => [c.operation, c.plan])).toEqual(Array(2).fill(['listFinancialEventGroups', { rate: 0.5, burst: 30 }]));
  });

  it('an amount finer than its currency, a bad shape or a repeated token: AMAZON_BAD_PAYLOAD', async () => {
    fake.reply = () => ({ status: 200, raw: page([CLOSED.replace('812.4', '812.405')]) });
    expect((await fail(api.eventGroups({ startedAfter: new Date('2026-10-01T00:00:00Z') })))?.code).toBe('AMAZON_BAD_PAYLOAD');
    fake.reply = () => ({ status: 200, raw: page(['{"ProcessingStatus":"Open"}']) });
    expect((await fail(api.eventGroups({ startedAfter: new Date('2026-10-01T00:00:00Z') })))?.code).toBe('AMAZON_BAD_PAYLOAD');
    fake.reply = () => ({ status: 200, raw: page([], 'same') });
    expect((await fail(api.eventGroups({ startedAfter: new Date('2026-10-01T00:00:00Z') })))?.code).toBe('AMAZON_BAD_PAYLOAD');
  });
});
