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
import { defaultRole, destinationOf, feeType, type AmountKey } from './posting-accounts.ts';

/**
 * `order:<amazon order id>`, `role:<role>`, `code:<account code>`, `deposit`; with fees as vendor bills
 * `fee:<role:fees|code:…>|<fee type>` (a line of Amazon's bill) and, in an entry, `bill` (the bill's total on
 * Amazon's payable account).
 */
export type PlanKey = string;
export const DEPOSIT_KEY = 'deposit';
export const BILL_KEY = 'bill';
export type FeesAs = 'vendorBills' | 'journalLines';
export const isFeeKey = (k: PlanKey) => k.startsWith('fee:');
/** A fee key's account key (`role:fees` or `code:…`) and its bill line's label. */
export function feeKeyParts(k: PlanKey): { account: string; label: string } {
  const rest = k.slice(4);
  const bar = rest.indexOf('|');
  return { account: rest.slice(0, bar), label: rest.slice(bar + 1) };
}

export interface SettlementAmount extends AmountKey { orderId: string | null; amountMinor: bigint }
export interface PlannedEntry { chunkNo: number; amounts: Map<PlanKey, bigint>; clearingMinor: bigint }

/**
 * The settlement's amounts per destination key, and its deposit. With fees as vendor bills, an amount the default
 * table calls a fee keeps its account (the role's or the override's) and is keyed by its fee type too: a line of
 * Amazon's bill.
 */
export function amountsByKey(rows: readonly SettlementAmount[], totalMinor: bigint, overrides: Readonly<Record<string, string>>,
  feesAs: FeesAs = 'journalLines'): Map<PlanKey, bigint> {
  const out = new Map<PlanKey, bigint>();
  const add = (k: PlanKey, v: bigint) => out.set(k, (out.get(k) ?? 0n) + v);
  for (const r of rows) {
    const d = destinationOf(r, overrides);
    const key = d.kind === 'order' && r.orderId ? `order:${r.orderId}` : d.kind === 'code' ? `code:${d.code}` : d.kind === 'role' ? `role:${d.role}` : 'role:unmatched';
    add(feesAs === 'vendorBills' && d.kind !== 'order' && defaultRole(r) === 'fees' ? `fee:${key}|${feeType(r)}` : key, -r.amountMinor);
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

/**
 * The sum per key of what the ledger's rows posted (decimal strings): the entries' keys and the bills' fee keys.
 * An entry's `bill` line is the other side of its version's bill (which carries the fee keys): not counted twice.
 */
export function postedSum(rows: ReadonlyArray<Readonly<Record<string, string>>>): Map<PlanKey, bigint> {
  const out = new Map<PlanKey, bigint>();
  for (const e of rows) for (const [k, v] of Object.entries(e)) if (k !== BILL_KEY) out.set(k, (out.get(k) ?? 0n) + BigInt(v));
  return out;
}

/** A version's plan: its entries, and the lines of Amazon's vendor bill (fee key -> ERP-signed amount), if any. */
export interface VersionPlan { entries: PlannedEntry[]; bill: Map<PlanKey, bigint> | null }

/**
 * What a version posts (`todo`: the difference to post): the fee keys become the lines of ONE vendor bill, and the
 * entries carry their sum on Amazon's payable (`bill`; debit = the bill owed, cleared by the settlement's money) in
 * their place, so the entries still balance through the clearing account exactly as before.
 */
export function planVersion(todo: ReadonlyMap<PlanKey, bigint>, maxLines: number): VersionPlan {
  const bill = new Map([...todo].filter(([k]) => isFeeKey(k)));
  const rest = new Map([...todo].filter(([k]) => !isFeeKey(k)));
  const total = [...bill.values()].reduce((a, v) => a + v, 0n);
  if (total !== 0n) rest.set(BILL_KEY, total);
  return { entries: chunk(rest, maxLines), bill: bill.size ? bill : null };
}

/** Amazon's bill: `in_invoice` when the fees cost the seller, `in_refund` when they net to a credit (Odoo refuses a negative bill). */
export function billType(lines: ReadonlyMap<PlanKey, bigint> | Readonly<Record<string, string>>): 'in_invoice' | 'in_refund' {
  const values = lines instanceof Map ? [...lines.values()] : Object.values(lines).map((v) => BigInt(v));
  return values.reduce((a, v) => a + v, 0n) < 0n ? 'in_refund' : 'in_invoice';
}

/**
 * A VAT-inclusive amount split into net and tax (minor units) at `ratePercent`, as Odoo computes a price-included
 * tax on one line: tax = gross - gross / (1 + rate), rounded half away from zero to the currency's unit (the net is
 * what is left, so net + tax = gross to the cent). Rates may have two decimals (e.g. 20, 17, 8.1).
 */
export function vatSplit(grossMinor: bigint, ratePercent: number): { netMinor: bigint; taxMinor: bigint } {
  if (ratePercent === 0) return { netMinor: grossMinor, taxMinor: 0n };
  const rate = BigInt(Math.round(ratePercent * 100)); // basis points of a percent: 20 % = 2000
  const abs = grossMinor < 0n ? -grossMinor : grossMinor;
  // tax = abs * rate / (10000 + rate), rounded half up on the absolute value
  const num = abs * rate * 2n;
  const den = (10000n + rate) * 2n;
  const taxAbs = (num + den / 2n) / den;
  const taxMinor = grossMinor < 0n ? -taxAbs : taxAbs;
  return { netMinor: grossMinor - taxMinor, taxMinor };
}
