/**
 * A settlement's posting as a plan (pure, no database, no ERP): its amounts summed per destination key, less what
 * earlier versions already posted (a settlement Amazon changed is corrected by the difference, never posted
 * twice), cut into entries of at most `maxLines` lines, each balanced by one line on the Amazon clearing account.
 *
 * Amounts are ERP-signed (`amount_currency`: debit positive) in minor units. Amazon's amounts are the seller's
 * (positive = money to the seller), so a destination receives the opposite: a sale of 100 credits the buyer's
 * receivable (-100), a fee of -15 debits the fee account (+15); the deposit (the settlement's total) debits Amazon
 * transfers. Over the whole settlement the keys add up to zero, so the clearing lines of its entries do too.
 */
import { destinationOf, type AmountKey } from './posting-accounts.ts';

/** `order:<amazon order id>`, `role:<role>`, `code:<account code>`, `deposit`. */
export type PlanKey = string;
export const DEPOSIT_KEY = 'deposit';

export interface SettlementAmount extends AmountKey { orderId: string | null; amountMinor: bigint }
export interface PlannedEntry { chunkNo: number; amounts: Map<PlanKey, bigint>; clearingMinor: bigint }

/** The settlement's amounts per destination key, and its deposit. */
export function amountsByKey(rows: readonly SettlementAmount[], totalMinor: bigint, overrides: Readonly<Record<string, string>>): Map<PlanKey, bigint> {
  const out = new Map<PlanKey, bigint>();
  const add = (k: PlanKey, v: bigint) => out.set(k, (out.get(k) ?? 0n) + v);
  for (const r of rows) {
    const d = destinationOf(r, overrides);
    const key = d.kind === 'order' && r.orderId ? `order:${r.orderId}` : d.kind === 'code' ? `code:${d.code}` : d.kind === 'role' ? `role:${d.role}` : 'role:unmatched';
    add(key, -r.amountMinor);
  }
  add(DEPOSIT_KEY, totalMinor);
  return out;
}

/** What is still to post: the wanted amounts less the posted ones, keys at zero left out. */
export function difference(wanted: ReadonlyMap<PlanKey, bigint>, posted: ReadonlyMap<PlanKey, bigint>): Map<PlanKey, bigint> {
  const out = new Map<PlanKey, bigint>();
  for (const k of new Set([...wanted.keys(), ...posted.keys()])) {
    const v = (wanted.get(k) ?? 0n) - (posted.get(k) ?? 0n);
    if (v !== 0n) out.set(k, v);
  }
  return out;
}

const rank = (k: PlanKey) => (k.startsWith('order:') ? 0 : k === DEPOSIT_KEY ? 2 : 1);

/**
 * Entries of at most `maxLines` lines (the clearing line included), in a stable order: orders by id, then the
 * accounts, the deposit last. The same amounts always cut the same way, so a plan re-made after a crash matches.
 */
export function chunk(amounts: ReadonlyMap<PlanKey, bigint>, maxLines: number): PlannedEntry[] {
  if (maxLines < 2) throw new Error('an entry needs room for a line and its clearing line');
  const keys = [...amounts.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out: PlannedEntry[] = [];
  for (let i = 0; i < keys.length; i += maxLines - 1) {
    const part = new Map(keys.slice(i, i + maxLines - 1).map((k) => [k, amounts.get(k)!]));
    const sum = [...part.values()].reduce((a, v) => a + v, 0n);
    out.push({ chunkNo: out.length + 1, amounts: part, clearingMinor: -sum });
  }
  return out;
}

/** The sum per key of posted entries' amounts (as stored in the ledger: decimal strings). */
export function postedSum(entries: ReadonlyArray<Readonly<Record<string, string>>>): Map<PlanKey, bigint> {
  const out = new Map<PlanKey, bigint>();
  for (const e of entries) for (const [k, v] of Object.entries(e)) out.set(k, (out.get(k) ?? 0n) + BigInt(v));
  return out;
}
