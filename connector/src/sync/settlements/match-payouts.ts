/**
 * Which payout (Finances v0 financial event group) pays which settlement. Amazon documents no key between them, so
 * by period and amount, without the database: a Closed group in the settlement's currency whose original total
 * equals the settlement's total (the deposit), and whose end is near the settlement's end or whose fund transfer
 * date is near its deposit date (`toleranceMs`). Exactly one such group, claimed by no other settlement = matched;
 * more than one either way = ambiguous; none = unmatched. Ambiguous and unmatched stay visible in the API.
 */

export interface MatchSettlement { settlementId: string; currency: string; totalMinor: bigint; end: Date; deposit: Date | null }
export interface MatchGroup { groupId: string; processingStatus: string | null; currency: string | null; originalMinor: bigint | null; end: Date | null; fundTransferDate: Date | null }
export type MatchState = 'matched' | 'unmatched' | 'ambiguous';
export interface Match { settlementId: string; state: MatchState; groupId: string | null }

const near = (a: Date | null, b: Date | null, toleranceMs: number) => a !== null && b !== null && Math.abs(a.getTime() - b.getTime()) <= toleranceMs;

export function fits(s: MatchSettlement, g: MatchGroup, toleranceMs: number): boolean {
  return g.processingStatus === 'Closed' && g.currency === s.currency && g.originalMinor === s.totalMinor
    && (near(g.end, s.end, toleranceMs) || near(g.fundTransferDate, s.deposit, toleranceMs));
}

export function matchPayouts(settlements: readonly MatchSettlement[], groups: readonly MatchGroup[], toleranceMs: number): Match[] {
  const candidates = new Map(settlements.map((s) => [s.settlementId, groups.filter((g) => fits(s, g, toleranceMs))]));
  const claims = new Map<string, number>();
  for (const list of candidates.values()) for (const g of list) claims.set(g.groupId, (claims.get(g.groupId) ?? 0) + 1);
  return settlements.map((s) => {
    const list = candidates.get(s.settlementId)!;
    if (list.length === 0) return { settlementId: s.settlementId, state: 'unmatched', groupId: null };
    if (list.length > 1 || claims.get(list[0]!.groupId)! > 1) return { settlementId: s.settlementId, state: 'ambiguous', groupId: null };
    return { settlementId: s.settlementId, state: 'matched', groupId: list[0]!.groupId };
  });
}
