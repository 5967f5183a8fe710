/**
 * The payout leg of a settlement's reconciliation (pure): the settlement's deposit against what Amazon transferred
 * (its Finances event group, matched by `../match-payouts.ts`).
 *
 * - matched, the transfer in the settlement's currency and equal to the deposit: nothing;
 * - matched, converted into the bank account's currency (Amazon Currency Converter for Sellers): CURRENCY_CONVERSION
 *   with both amounts and the rate Amazon applied (converted / original, 6 decimals), nothing left open;
 * - matched, the amount transferred (OriginalTotal, or ConvertedTotal in the same currency) not the deposit:
 *   AMOUNT_DIFFERS, both amounts;
 * - unmatched or ambiguous once the transfer should have happened (deposit date, else period end, plus
 *   PAYOUT_GRACE_HOURS): PAYOUT_NOT_MATCHED, the deposit open. Before that nothing: Amazon has not paid yet.
 *
 * Keys: `settlement:<id>:<reason>:payout`.
 */
import type { Variance } from './reconcile.ts';

/** Amazon transfers on the deposit date; its event group can take a day or two to show Closed and Succeeded. */
export const PAYOUT_GRACE_HOURS = 72;

export interface PayoutIn {
  state: 'matched' | 'unmatched' | 'ambiguous';
  /** The deposit date (else the period's end): when Amazon should transfer. */
  depositMs: number;
  /** The matched group (null unless matched). */
  group: { groupId: string; originalMinor: bigint; originalCurrency: string; convertedMinor: bigint | null; convertedCurrency: string | null } | null;
}

/** Minor units of `to` per minor unit of `from`, back to units (`10^(dpFrom - dpTo)`), as a 6-decimal string. */
export function rateOf(originalMinor: bigint, originalDp: number, convertedMinor: bigint, convertedDp: number): string | null {
  if (originalMinor === 0n) return null;
  // rate = (converted / 10^cdp) / (original / 10^odp), in millionths, rounded half away from zero
  const num = convertedMinor * 10n ** BigInt(originalDp) * 1_000_000n;
  const den = originalMinor * 10n ** BigInt(convertedDp);
  const neg = (num < 0n) !== (den < 0n);
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  const q = (a * 2n + b) / (2n * b);
  const micro = neg ? -q : q;
  const abs = micro < 0n ? -micro : micro;
  return `${micro < 0n ? '-' : ''}${abs / 1_000_000n}.${String(abs % 1_000_000n).padStart(6, '0')}`;
}

export function payoutVariances(s: { settlementId: string; currency: string; totalMinor: bigint }, p: PayoutIn | null, nowMs: number,
  dp: (currency: string) => number): Variance[] {
  if (!p) return [];
  const base = { orderId: null, settlementId: s.settlementId, refundId: null, currency: s.currency, erpMinor: null, until: null } as const;
  const key = (reason: string) => `settlement:${s.settlementId}:${reason}:payout`;
  if (p.state !== 'matched' || !p.group) {
    if (nowMs < p.depositMs + PAYOUT_GRACE_HOURS * 3_600_000) return [];
    return [{ ...base, key: key('PAYOUT_NOT_MATCHED'), reason: 'PAYOUT_NOT_MATCHED', amazonMinor: s.totalMinor, settledMinor: null, differenceMinor: s.totalMinor,
      message: p.state === 'ambiguous' ? 'more than one of Amazon\'s payouts (Finances event groups) fits this settlement: none is taken'
        : `no payout of Amazon's (Finances event groups) matches this settlement's deposit, due ${new Date(p.depositMs).toISOString().slice(0, 10)}` }];
  }
  const g = p.group;
  const out: Variance[] = [];
  const converted = g.convertedMinor !== null && g.convertedCurrency !== null && g.convertedCurrency !== g.originalCurrency;
  // What reached the bank in the settlement's currency: the converted total when Amazon did not convert, else the original.
  const transferred = !converted && g.convertedMinor !== null && g.convertedCurrency === s.currency ? g.convertedMinor : g.originalMinor;
  if (g.originalCurrency === s.currency && transferred !== s.totalMinor) {
    out.push({ ...base, key: key('AMOUNT_DIFFERS'), reason: 'AMOUNT_DIFFERS', amazonMinor: s.totalMinor, settledMinor: transferred, differenceMinor: transferred - s.totalMinor,
      message: `Amazon transferred ${transferred} (payout ${g.groupId}), the settlement's deposit is ${s.totalMinor}` });
  }
  if (converted || g.originalCurrency !== s.currency) {
    const rate = converted ? rateOf(g.originalMinor, dp(g.originalCurrency), g.convertedMinor!, dp(g.convertedCurrency!)) : null;
    out.push({ ...base, key: key('CURRENCY_CONVERSION'), reason: 'CURRENCY_CONVERSION', amazonMinor: s.totalMinor, settledMinor: g.originalMinor, differenceMinor: 0n,
      converted: converted ? { minor: g.convertedMinor!, currency: g.convertedCurrency!, rate } : null,
      message: converted ? `paid out in ${g.convertedCurrency} at ${rate ?? 'no rate'} (payout ${g.groupId})` : `the payout is in ${g.originalCurrency}, the settlement in ${s.currency}` });
  }
  return out;
}
