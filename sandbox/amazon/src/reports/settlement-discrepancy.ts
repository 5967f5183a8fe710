/**
 * Discrepancies the admin API injects into a settlement Amazon has not closed yet (the next one of a seller, or the
 * one with a named settlement id, optionally of one currency), each with its real-world effect on the report:
 * - `fee-changed`: Amazon charged another fee than its rate says (the first Commission line, or another fee line
 *   named by `description`, moved by `amount`, default 1.00 more charged). The total follows: the lines still add
 *   up to the deposit, only the fee is not what the order's fee should be.
 * - `line-dropped`: a line missing from the report while the money moved (a reserve or loan line: default the
 *   `Current Reserve Amount`, or the first line whose description is `description`). The deposit (summary total
 *   and event group) is what Amazon paid; the lines no longer add up to it.
 * - `extra-reserve`: one more reserve held (`amount`, default 25.00), written as a line and taken from the deposit
 *   (lines and total agree); the next settlement releases it with the rest of the reserve.
 */
import { randomUUID } from 'node:crypto';

export const DISCREPANCY_KINDS = ['fee-changed', 'line-dropped', 'extra-reserve'] as const;
export type DiscrepancyKind = (typeof DISCREPANCY_KINDS)[number];

export interface Discrepancy {
  id: string;
  sellerId: string;
  kind: DiscrepancyKind;
  /** Only this settlement (its id is known ahead: see the admin listing's `openPeriod`); absent: the next one. */
  settlementId?: string;
  currency?: string;
  /** Minor units: the fee's change (negative = more charged) or the extra reserve held. */
  amountMinor?: number;
  /** Which line: a fee's or a dropped line's amount-description. */
  description?: string;
}

/** A settlement line as the maker builds it (only what a discrepancy touches). */
export interface AmountLine { type: string; amountType: string; description: string; amount: number; postedMs: number }

export interface Applied { discrepancy: Discrepancy; effect: string }

const DEFAULT_FEE_CHANGE = -100;
const DEFAULT_EXTRA_RESERVE = 2500;

export class Discrepancies {
  readonly pending: Discrepancy[] = [];

  add(d: Omit<Discrepancy, 'id'>): Discrepancy {
    const full = { ...d, id: randomUUID() };
    this.pending.push(full);
    return full;
  }

  /** The pending discrepancies that hit this settlement (taken off the list). */
  take(sellerId: string, currency: string, settlementId: string): Discrepancy[] {
    const hit = this.pending.filter((d) => d.sellerId === sellerId && (!d.currency || d.currency === currency) && (!d.settlementId || d.settlementId === settlementId));
    for (const d of hit) this.pending.splice(this.pending.indexOf(d), 1);
    return hit;
  }
}

/**
 * The lines and total once the discrepancies are in: fee and reserve changes before the total is summed (they are
 * real money), a dropped line after (Amazon paid it; the report just lacks it). `extraReserve` is what the seller's
 * carried reserve grows by.
 */
export function applyDiscrepancies<L extends AmountLine>(lines: L[], found: readonly Discrepancy[], reserveLine: (amount: number) => L):
  { lines: L[]; total: number; extraReserve: number; applied: Applied[] } {
  let out = [...lines];
  const applied: Applied[] = [];
  let extraReserve = 0;
  for (const d of found.filter((x) => x.kind !== 'line-dropped')) {
    if (d.kind === 'fee-changed') {
      const fee = out.find((l) => (d.description ? l.description === d.description : l.amountType === 'ItemFees' && l.description === 'Commission'));
      if (!fee) {
        applied.push({ discrepancy: d, effect: 'no such fee line: nothing changed' });
        continue;
      }
      const delta = d.amountMinor ?? DEFAULT_FEE_CHANGE;
      out = out.map((l) => (l === fee ? { ...l, amount: l.amount + delta } : l));
      applied.push({ discrepancy: d, effect: `${fee.description} ${fee.amount} -> ${fee.amount + delta} (minor units)` });
    } else {
      const amount = Math.abs(d.amountMinor ?? DEFAULT_EXTRA_RESERVE);
      extraReserve += amount;
      out.push(reserveLine(-amount));
      applied.push({ discrepancy: d, effect: `${amount} more held as reserve` });
    }
  }
  const total = out.reduce((a, l) => a + l.amount, 0);
  for (const d of found.filter((x) => x.kind === 'line-dropped')) {
    const wanted = d.description ?? 'Current Reserve Amount';
    const line = out.find((l) => l.description === wanted) ?? (d.description ? undefined : out[out.length - 1]);
    if (!line) {
      applied.push({ discrepancy: d, effect: `no line "${wanted}": nothing dropped` });
      continue;
    }
    out = out.filter((l) => l !== line);
    applied.push({ discrepancy: d, effect: `line "${line.description}" (${line.amount}) left out of the report, still in the total` });
  }
  return { lines: out, total, extraReserve, applied };
}
