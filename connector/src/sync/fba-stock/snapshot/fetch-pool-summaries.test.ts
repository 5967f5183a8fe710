import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../core/errors.ts';
import type { InventorySummariesPage, InventorySummariesParams } from '../../../amazon/fba-inventory-api.ts';
import { fetchPoolSummaries } from './fetch-pool-summaries.ts';

const expired = () => new PermanentError('AMAZON_INVALID_REQUEST', 'Amazon getInventorySummaries: HTTP 400', { status: 400, amazonCode: 'InvalidInput', amazonMessage: 'The nextToken has expired. Request the first page again.' });

/** Three pages of two SKUs; `failAt` lists the calls (1-based) answered with the expired-token 400. */
function fakeApi(failAt: number[]) {
  const calls: Array<string | undefined> = [];
  return {
    calls,
    async getInventorySummaries(p: InventorySummariesParams): Promise<InventorySummariesPage> {
      calls.push(p.nextToken);
      if (failAt.includes(calls.length)) throw expired();
      const page = p.nextToken ? Number(p.nextToken.split(':')[1]) : 0;
      return { summaries: [{ sellerSku: `S${page}a` }, { sellerSku: `S${page}b` }], ...(page < 2 ? { nextToken: `t${calls.length}:${page + 1}` } : {}) };
    },
  };
}

describe('fetchPoolSummaries', () => {
  it('reads every page', async () => {
    const api = fakeApi([]);
    const r = await fetchPoolSummaries(api, 'A1PA6795UKMFR9');
    expect(r.summaries.map((s) => s.sellerSku)).toEqual(['S0a', 'S0b', 'S1a', 'S1b', 'S2a', 'S2b']);
    expect([r.pages, r.restarts]).toEqual([3, 0]);
  });

  it('starts again from page 1 when Amazon says the token expired, keeping no half listing', async () => {
    const api = fakeApi([3]);
    const r = await fetchPoolSummaries(api, 'A1PA6795UKMFR9');
    expect(r.summaries.map((s) => s.sellerSku)).toEqual(['S0a', 'S0b', 'S1a', 'S1b', 'S2a', 'S2b']);
    expect(r.restarts).toBe(1);
    expect(api.calls[3]).toBeUndefined();
  });

  it('gives up after the restarts allowed with a retryable error', async () => {
    const api = fakeApi([2, 4, 6]);
    await expect(fetchPoolSummaries(api, 'A1PA6795UKMFR9', { maxRestarts: 2 })).rejects.toMatchObject({ code: 'FBA_STOCK_TOKEN_EXPIRED', kind: 'retryable' });
  });

  it('does not spend a call on a token already too old', async () => {
    let t = 0;
    const api = fakeApi([]);
    const slow = { getInventorySummaries: async (p: InventorySummariesParams) => { const r = await api.getInventorySummaries(p); t += p.nextToken ? 0 : 40_000; return r; } };
    await expect(fetchPoolSummaries(slow, 'X', { now: () => t, maxRestarts: 1 })).rejects.toMatchObject({ code: 'FBA_STOCK_TOKEN_EXPIRED' });
    // Page 1 twice, never a page with a dead token.
    expect(api.calls).toEqual([undefined, undefined]);
  });

  it('lets other errors through', async () => {
    const api = { getInventorySummaries: async () => { throw new PermanentError('AMAZON_INVALID_REQUEST', 'bad', { amazonMessage: 'Invalid marketplaceId' }); } };
    await expect(fetchPoolSummaries(api, 'X')).rejects.toMatchObject({ code: 'AMAZON_INVALID_REQUEST' });
  });
});
