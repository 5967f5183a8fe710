import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import * as ops from '../admin/admin-ops.ts';
import { DEFAULT_SELLERS, resolveOptions } from '../config.ts';
import { toMinor } from '../generator/money.ts';
import { SETTLEMENT_COLUMNS, SETTLEMENT_V2 } from '../reports/settlement-reports.ts';
import { createState } from '../state.ts';
import { convertPayout, sandboxRate } from './deposit-fx.ts';
import { eventGroupsOf, groupPage, parseGroupQuery } from './event-groups.ts';

const DE = 'A1PA6795UKMFR9';
const UK = 'A1F83G8C2ARO7P';
const DAY = 86_400_000;
const col = (name: string) => SETTLEMENT_COLUMNS.indexOf(name as never);
const minor = (text: string) => toMinor(text.replace(',', '.'), 2);

function world() {
  const clock = { now: Date.parse('2026-11-02T08:00:00Z') };
  const state = createState(resolveOptions({ seed: 5, now: () => clock.now, sellers: [...DEFAULT_SELLERS], returnShare: 0, refundShare: 0 }));
  const sellerId = DEFAULT_SELLERS[0]!.sellerId;
  const sell = () => ops.generateOrders(state, { sellerId, count: 3, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'SHIPPED', business: false });
  const report = (settlementId: string) => {
    const r = state.reports.reportsOf(sellerId).filter((x) => x.reportType === SETTLEMENT_V2)
      .map((x) => gunzipSync(state.feeds.documents.get(x.reportDocumentId!)!.bytes!).toString('utf8').trimEnd().split('\n').slice(1).map((l) => l.split('\t')))
      .find((rows) => rows[0]![col('settlement-id')] === settlementId)!;
    const [summary, ...lines] = r;
    return { total: minor(summary![col('total-amount')]!), sum: lines.reduce((a, l) => a + minor(l[col('amount')]!), 0), lines };
  };
  return { state, sellerId, clock, sell, report, maker: state.reportProcessor.settlements };
}

describe('financial event groups (listFinancialEventGroups)', () => {
  it('one Closed group per settlement with its total, fund transfer date and trace id, and the Open group of the current period', () => {
    const { state, sellerId, clock, sell, maker } = world();
    sell();
    clock.now += 15 * DAY;
    const groups = eventGroupsOf(state, sellerId);
    expect(maker.made).toHaveLength(1);
    const s = maker.made[0]!;
    const closed = groups.filter((g) => g.view.ProcessingStatus === 'Closed');
    expect(closed).toHaveLength(1);
    expect(closed[0]!.view).toMatchObject({ FundTransferStatus: 'Succeeded', OriginalTotal: { CurrencyCode: 'EUR', CurrencyAmount: s.totalMinor / 100 },
      ConvertedTotal: { CurrencyCode: 'EUR', CurrencyAmount: s.totalMinor / 100 }, FinancialEventGroupStart: new Date(s.startMs).toISOString().replace('.000Z', 'Z'),
      FinancialEventGroupEnd: new Date(s.endMs).toISOString().replace('.000Z', 'Z'), AccountTail: expect.stringMatching(/^\d{3}$/), TraceId: expect.stringMatching(/^[0-9A-F]{16}$/) });
    expect(typeof (closed[0]!.view.OriginalTotal as { CurrencyAmount: unknown }).CurrencyAmount).toBe('number');
    expect(closed[0]!.id).not.toBe(s.settlementId);
    const open = groups.filter((g) => g.view.ProcessingStatus === 'Open');
    expect(open.map((g) => (g.view.OriginalTotal as { CurrencyCode: string }).CurrencyCode)).toEqual(['EUR']);
    expect(open[0]!.view.FundTransferDate).toBeUndefined();
  });

  it('a seller paid into an account in another currency (Currency Converter for Sellers): the GBP settlement\'s ConvertedTotal in EUR at the sandbox rate', () => {
    const clock = { now: Date.parse('2026-11-02T08:00:00Z') };
    const [eu, ...rest] = DEFAULT_SELLERS;
    const state = createState(resolveOptions({ seed: 5, now: () => clock.now, sellers: [{ ...eu!, depositCurrencies: { GBP: 'EUR' } }, ...rest], returnShare: 0, refundShare: 0 }));
    const sellerId = eu!.sellerId;
    ops.generateOrders(state, { sellerId, count: 3, marketplaceId: UK, fulfilledBy: 'MERCHANT', status: 'SHIPPED', business: false });
    ops.generateOrders(state, { sellerId, count: 2, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'SHIPPED', business: false });
    clock.now += 15 * DAY;
    const closed = eventGroupsOf(state, sellerId).filter((g) => g.view.ProcessingStatus === 'Closed');
    const made = state.reportProcessor.settlements.made;
    const gbp = made.find((s) => s.currency === 'GBP')!;
    const eur = made.find((s) => s.currency === 'EUR')!;
    const of = (c: string) => closed.find((g) => (g.view.OriginalTotal as { CurrencyCode: string }).CurrencyCode === c)!.view;
    expect(sandboxRate('GBP', 'EUR')).toBe(1.171372);
    expect(of('GBP')).toMatchObject({ OriginalTotal: { CurrencyCode: 'GBP', CurrencyAmount: gbp.totalMinor / 100 },
      ConvertedTotal: { CurrencyCode: 'EUR', CurrencyAmount: Math.round(gbp.totalMinor * 1.171372) / 100 } });
    // the EUR settlement is paid into the same EUR account, unconverted
    expect(of('EUR')).toMatchObject({ ConvertedTotal: { CurrencyCode: 'EUR', CurrencyAmount: eur.totalMinor / 100 }, AccountTail: of('GBP').AccountTail });
    expect(convertPayout(-1000, 'GBP', 'EUR')).toBe(-1171);
    expect(convertPayout(10000, 'EUR', 'JPY')).toBe(16123);
    expect(() => resolveOptions({ sellers: [{ ...eu!, depositCurrencies: { GBP: 'XXX' } }] })).toThrow('no rate');
  });

  it('pages with NextToken bound to the arguments; the query rules of the model', () => {
    const { state, sellerId, clock, sell } = world();
    for (let k = 0; k < 3; k++) {
      sell();
      clock.now += 15 * DAY;
      state.reportProcessor.advance();
    }
    const groups = eventGroupsOf(state, sellerId);
    expect(groups.length).toBe(4);
    const q = parseGroupQuery({ MaxResultsPerPage: '3', FinancialEventGroupStartedAfter: '2026-10-01T00:00:00Z' }, sellerId, clock.now);
    if (!q.ok) throw new Error(q.message);
    const first = groupPage(groups, q.query);
    expect(first.page).toHaveLength(3);
    const q2 = parseGroupQuery({ MaxResultsPerPage: '3', FinancialEventGroupStartedAfter: '2026-10-01T00:00:00Z', NextToken: first.nextToken! }, sellerId, clock.now);
    if (!q2.ok) throw new Error(q2.message);
    const second = groupPage(groups, q2.query);
    expect([...first.page, ...second.page].map((g) => g.id)).toEqual(groups.map((g) => g.id));
    expect(second.nextToken).toBeUndefined();
    expect(parseGroupQuery({ MaxResultsPerPage: '4', FinancialEventGroupStartedAfter: '2026-10-01T00:00:00Z', NextToken: first.nextToken! }, sellerId, clock.now))
      .toMatchObject({ ok: false });
    expect(parseGroupQuery({ MaxResultsPerPage: '101' }, sellerId, clock.now)).toMatchObject({ ok: false });
    expect(parseGroupQuery({ FinancialEventGroupStartedAfter: new Date(clock.now - 60_000).toISOString() }, sellerId, clock.now)).toMatchObject({ ok: false });
    expect(parseGroupQuery({ FinancialEventGroupStartedAfter: '2026-01-01T00:00:00Z' }, sellerId, clock.now)).toMatchObject({ ok: true, empty: true });
  });

  it('closing the period now makes its settlement and closes its group; the next period starts then', () => {
    const { state, sellerId, clock, sell, maker, report } = world();
    sell();
    clock.now += 3_600_000;
    const made = maker.closeNow(sellerId);
    expect(made).toHaveLength(1);
    expect(made[0]!.endMs).toBe(clock.now);
    expect(report(made[0]!.settlementId).sum).toBe(made[0]!.totalMinor);
    expect(maker.openPeriod(sellerId)).toMatchObject({ index: 1, startMs: clock.now });
    expect(maker.closeNow(sellerId)).toEqual([]);
    // The next full period runs 14 days from the early close.
    sell();
    clock.now += 14 * DAY - 1000;
    state.reportProcessor.advance();
    expect(maker.made).toHaveLength(1);
    clock.now += 1000;
    state.reportProcessor.advance();
    expect(maker.made).toHaveLength(2);
  });

  it('discrepancies: a dropped line leaves the deposit unequal to the lines; a changed fee and an extra reserve keep them equal', () => {
    const { sellerId, clock, sell, maker, report } = world();
    sell();
    clock.now += 3_600_000;
    maker.discrepancies.add({ sellerId, kind: 'line-dropped' });
    const dropped = maker.closeNow(sellerId)[0]!;
    const r1 = report(dropped.settlementId);
    expect(r1.total).toBe(dropped.totalMinor);
    expect(r1.sum).toBe(dropped.linesMinor);
    expect(r1.total - r1.sum).toBe(-dropped.reserve);
    expect(r1.lines.some((l) => l[col('amount-description')] === 'Current Reserve Amount')).toBe(false);
    expect(dropped.discrepancies[0]!.effect).toContain('Current Reserve Amount');

    sell();
    clock.now += 3_600_000;
    maker.discrepancies.add({ sellerId, kind: 'fee-changed', amountMinor: -250 });
    maker.discrepancies.add({ sellerId, kind: 'extra-reserve', amountMinor: 1000 });
    const next = maker.closeNow(sellerId)[0]!;
    const r2 = report(next.settlementId);
    expect(r2.sum).toBe(r2.total);
    expect(r2.lines.filter((l) => l[col('amount-description')] === 'Current Reserve Amount').map((l) => minor(l[col('amount')]!))).toContain(-1000);
    expect(next.discrepancies.map((a) => a.discrepancy.kind)).toEqual(['fee-changed', 'extra-reserve']);
    // The extra reserve is carried into the next settlement's release.
    expect(next.reserve).toBeGreaterThanOrEqual(1000);
    expect(maker.discrepancies.pending).toEqual([]);
  });
});
