/**
 * Finances v0 listFinancialEventGroups over real HTTP on a pinned clock, strictly against the official model: one
 * Closed group per settlement (its total, fund transfer date), the Open group of the current period, paging, the
 * query's rules; and the settlements admin API (close a period early, inject a discrepancy, the refusals).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { EU_HOST } from './helpers/feed-http.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { strictDefinition } from './helpers/model-validator.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const DE = 'A1PA6795UKMFR9';
const HOUR = 3_600_000;
// v0 answers errors inside the operation's response object (`errors`: the model's ErrorList is the array).
const model = { list: strictDefinition('financesV0.json', 'ListFinancialEventGroupsResponse') };
let clock = Date.parse('2026-06-01T10:00:00Z');
let sb: AmazonSandbox;
let seller: string;

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 3, seedOrders: 0, returnShare: 0, refundShare: 0, now: () => clock });
  seller = sb.sellers[0]!.sellerId;
});
afterAll(async () => sb.close());

// A fresh access token each time: the pinned clock moves hours, and a token lasts one.
const groups = async (query: Record<string, string>) => call(sb.port, { path: `/finances/v0/financialEventGroups?${new URLSearchParams(query)}`, host: EU_HOST,
  token: await accessToken(sb.port, sb.sellers[0]!) });
const admin = (method: string, path: string, json?: unknown) => call(sb.port, { method, path: `/_sandbox${path}`, json });
const sell = () => sb.generateOrders({ sellerId: seller, count: 3, status: 'SHIPPED', marketplaceId: DE, fulfilledBy: 'MERCHANT', business: false });

describe('listFinancialEventGroups and the settlements admin API', () => {
  it('closes periods early; every settlement a Closed group with its total; the open one listed once two minutes old; paged', async () => {
    const totals: number[] = [];
    for (let k = 0; k < 3; k++) {
      sell();
      clock += HOUR;
      if (k === 1) expect((await admin('POST', `/settlements/${seller}/discrepancies`, { kind: 'line-dropped' })).status).toBe(201);
      const closed = await admin('POST', `/settlements/${seller}/close`, {});
      expect(closed.status, closed.text).toBe(200);
      const made = (closed.body as Obj).settlements as Obj[];
      expect(made).toHaveLength(1);
      totals.push(made[0]!.totalMinor);
      if (k === 1) expect(made[0]!.linesMinor).not.toBe(made[0]!.totalMinor);
    }
    clock += 5 * 60_000;
    const all: Obj[] = [];
    let next: string | undefined;
    do {
      const a = await groups({ FinancialEventGroupStartedAfter: '2026-05-01T00:00:00Z', MaxResultsPerPage: '2', ...(next ? { NextToken: next } : {}) });
      expect(a.status, a.text).toBe(200);
      expect(model.list.validate(a.body), model.list.explain()).toBe(true);
      all.push(...((a.body as Obj).payload.FinancialEventGroupList as Obj[]));
      next = (a.body as Obj).payload.NextToken;
    } while (next);
    expect(all.map((g) => g.ProcessingStatus)).toEqual(['Closed', 'Closed', 'Closed', 'Open']);
    expect(all.slice(0, 3).map((g) => Math.round(g.OriginalTotal.CurrencyAmount * 100))).toEqual(totals);
    expect(all[0]).toMatchObject({ FundTransferStatus: 'Processing', ConvertedTotal: { CurrencyCode: 'EUR' }, FundTransferDate: expect.any(String) });
    const listed = (await admin('GET', `/settlements/${seller}`)).body as Obj;
    expect(listed.settlements.map((s: Obj) => s.eventGroupId)).toEqual(all.slice(0, 3).map((g) => g.FinancialEventGroupId));
    expect(listed.openPeriod.next).toEqual([{ currency: 'EUR', settlementId: expect.stringMatching(/^\d{11}$/) }]);
  });

  it('refuses what the model refuses, and bad admin bodies', async () => {
    for (const [query, message] of [[{ MaxResultsPerPage: '0' }, /MaxResultsPerPage/], [{ FinancialEventGroupStartedAfter: new Date(clock).toISOString() }, /two minutes/],
      [{ FinancialEventGroupStartedAfter: 'yesterday' }, /ISO 8601/], [{ NextToken: 'bogus' }, /NextToken/]] as const) {
      const a = await groups(query as Record<string, string>);
      expect(a.status, a.text).toBe(400);
      expect(model.list.validate(a.body), model.list.explain()).toBe(true);
      expect((a.body as Obj).errors[0]).toMatchObject({ code: 'InvalidInput', message: expect.stringMatching(message) });
    }
    // More than 180 days apart: no groups, not an error.
    const wide = await groups({ FinancialEventGroupStartedAfter: '2025-01-01T00:00:00Z' });
    expect((wide.body as Obj).payload.FinancialEventGroupList).toEqual([]);
    expect((await admin('POST', `/settlements/${seller}/discrepancies`, { kind: 'typo' })).status).toBe(400);
    expect((await admin('POST', `/settlements/${seller}/discrepancies`, { kind: 'line-dropped', amount: '1.00' })).status).toBe(400);
    expect((await admin('POST', '/settlements/NOPE/close', {})).status).toBe(404);
  });
});
