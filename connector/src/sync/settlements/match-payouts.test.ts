import { describe, expect, it } from 'vitest';
import { matchPayouts, type MatchGroup, type MatchSettlement } from './match-payouts.ts';

const H = 3_600_000;
const at = (h: number) => new Date(Date.parse('2026-11-15T00:00:00Z') + h * H);
const s = (id: string, total: bigint, endH = 0, currency = 'EUR'): MatchSettlement => ({ settlementId: id, currency, totalMinor: total, end: at(endH), deposit: at(endH + 72) });
const g = (id: string, total: bigint, endH = 0, more: Partial<MatchGroup> = {}): MatchGroup =>
  ({ groupId: id, processingStatus: 'Closed', currency: 'EUR', originalMinor: total, end: at(endH), fundTransferDate: at(endH + 24), ...more });

describe('matchPayouts (by period and amount)', () => {
  it('matches the one closed group of the same currency, total and period', () => {
    expect(matchPayouts([s('1', 1000n), s('2', 2000n, 336)], [g('a', 1000n), g('b', 2000n, 336), g('c', 1000n, 336)], 48 * H))
      .toEqual([{ settlementId: '1', state: 'matched', groupId: 'a' }, { settlementId: '2', state: 'matched', groupId: 'b' }]);
  });

  it('another amount, currency, an open group or a far period: unmatched', () => {
    const groups = [g('a', 1001n), g('b', 1000n, 0, { currency: 'GBP' }), g('c', 1000n, 0, { processingStatus: 'Open' }), g('d', 1000n, 200)];
    expect(matchPayouts([s('1', 1000n)], groups, 48 * H)).toEqual([{ settlementId: '1', state: 'unmatched', groupId: null }]);
  });

  it('the fund transfer date near the deposit date is enough when the group end differs', () => {
    expect(matchPayouts([s('1', 1000n)], [g('a', 1000n, 100, { fundTransferDate: at(70) })], 48 * H)[0]).toMatchObject({ state: 'matched', groupId: 'a' });
  });

  it('two groups for one settlement, or one group for two settlements: ambiguous', () => {
    expect(matchPayouts([s('1', 1000n)], [g('a', 1000n), g('b', 1000n, 10)], 48 * H)[0]).toMatchObject({ state: 'ambiguous', groupId: null });
    expect(matchPayouts([s('1', 1000n), s('2', 1000n, 5)], [g('a', 1000n)], 48 * H).map((m) => m.state)).toEqual(['ambiguous', 'ambiguous']);
  });
});
