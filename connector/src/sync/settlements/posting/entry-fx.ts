/**
 * The company-currency side of a settlement's entries (entry-balance.ts): none when the settlement is in the
 * company's currency; else the ERP's rate for the entries' date, read once per posting run (all entries of a
 * settlement carry its deposit date), and each entry's items given their `balance`.
 */
import type { PostingGateway } from './erp/posting.gateway.ts';
import { entryBalances } from './entry-balance.ts';

export interface EntryFx { rate: number; currencyDp: number; companyDp: number }

/** Per posting run: the settlement currency's rate on its date, or null for the company's own currency. */
export function entryFx(gw: PostingGateway, currencyId: number, day: string): () => Promise<EntryFx | null> {
  let loaded: Promise<EntryFx | null> | undefined;
  return () => (loaded ??= (async () => {
    const company = await gw.companyCurrency();
    return company === null || company === currencyId ? null : gw.rateOn(currencyId, company, day);
  })());
}

/** Each item's `balance` (company units) when the entry is foreign, the item at `absorb` taking the rounding. */
export function withBalances<T extends { amount_currency: number }>(fx: EntryFx | null, items: readonly T[], minors: readonly bigint[], absorb: number): Array<T & { balance?: number }> {
  if (!fx) return [...items];
  const balances = entryBalances(minors, fx.rate, fx.currencyDp, fx.companyDp, absorb);
  return items.map((it, i) => ({ ...it, balance: Number(balances[i]!) / 10 ** fx.companyDp }));
}
