/**
 * The three-way reconciliation of one order, without the database: Amazon's side (the order's total as imported,
 * its refunds), the ERP's side (the invoice and the credit notes, from the connector's records of them) and the
 * settlements' lines. Every difference becomes a variance with a stable reason code; what no reason covers is
 * UNEXPLAINED. Amounts in minor units of the order's currency (bigint, never float).
 *
 * The sale is compared on the lines that carry the buyer's money (ItemPrice, Promotion, ItemWithheldTax: the total
 * less the tax Amazon withheld, the invoice's basis); fees (ItemFees and the rest) are the order's costs, shown in
 * its trail but owed to nobody in the ERP: never a variance of the order.
 */

import { currencyExponent } from '../../../core/money.ts';
import { payoutVariances, type PayoutIn } from './payout-recon.ts';

/** The reason codes, stable strings (the API, the CSV and the accepted variances keep them). */
export const REASONS = [
  'NOT_SETTLED_YET', 'DEFERRED_UNTIL', 'AMOUNT_DIFFERS', 'REFUND_NOT_CREDITED', 'CREDIT_NOTE_WITHOUT_REFUND',
  'FEE_WITHOUT_ORDER', 'ORDER_NOT_IN_ERP', 'NOT_INVOICED_YET', 'CURRENCY_CONVERSION', 'UNEXPLAINED', 'PAYOUT_NOT_MATCHED',
] as const;
export type Reason = (typeof REASONS)[number];

/** The amount types that carry the buyer's money (the rest of an order's lines are fees). */
export const SALE_TYPES: ReadonlySet<string> = new Set(['ItemPrice', 'Promotion', 'ItemWithheldTax']);

export interface LineIn {
  settlementId: string; lineNo: number; transactionType: string; orderId: string | null; adjustmentId: string | null;
  amountType: string; amountDescription: string; amountMinor: bigint; orderKnown: boolean | null;
}

export interface RefundIn {
  refundId: string; currency: string; creditMinor: bigint;
  /** The refunds flow's record state (`credited`, `pending`, `conflict`...), null when none yet. */
  state: string | null;
  /** Deferred by Amazon and not released: when it matures (null: not deferred, or released). */
  deferredUntil: string | null; deferred: boolean;
}

/** An ERP credit note sent to Amazon as a payment adjustment (refund-adjustments flow), no Amazon refund bound to it yet. */
export interface CreditNoteIn { moveId: number; currency: string; totalMinor: bigint }

export interface OrderIn {
  orderId: string;
  /** In the ERP (the orders flow's binding). */
  inErp: boolean;
  /** The orders flow's figures: Amazon's total (less the withheld tax) and the ERP order's total; null when unknown. */
  currency: string | null; amazonTotal: bigint | null; erpTotal: bigint | null;
  /** Posted invoices of its shipments (the invoices flow: `invoiced` or `covered`). */
  invoiced: boolean;
  refunds: RefundIn[]; creditNotes: CreditNoteIn[];
  /** Its lines in every stored settlement. */
  lines: LineIn[];
}

export interface Variance {
  /** Stable per backend: what an acceptance is recorded against. */
  key: string; reason: Reason; orderId: string | null; settlementId: string | null; refundId: string | null;
  currency: string;
  /** The figures compared (null: that side has none); difference = what is still open. */
  amazonMinor: bigint | null; erpMinor: bigint | null; settledMinor: bigint | null; differenceMinor: bigint;
  /** DEFERRED_UNTIL: the maturity date (ISO). */
  until: string | null;
  message: string;
  /** CURRENCY_CONVERSION of a payout: what reached the bank, in its currency, and the rate (payout-recon.ts). */
  converted?: { minor: bigint; currency: string; rate: string | null } | null;
}

export interface OrderRecon {
  orderId: string; currency: string;
  amazonTotal: bigint | null; amazonRefunds: bigint; erpInvoiced: bigint | null; erpCredited: bigint;
  settledSales: bigint; settledRefunds: bigint; fees: bigint; net: bigint;
  variances: Variance[];
  /** The settlements holding its lines. */
  settlementIds: string[];
}

const sum = (xs: Iterable<bigint>) => { let s = 0n; for (const x of xs) s += x; return s; };
const fmt = (m: bigint | null) => (m === null ? 'none' : String(m));

/** The order's reconciliation; `settlementCurrency`: the currency of its settlements (the first line's). */
export function reconcileOrder(o: OrderIn, settlementCurrency: string | null): OrderRecon {
  const currency = o.currency ?? settlementCurrency ?? o.refunds[0]?.currency ?? 'EUR';
  const isSale = (l: LineIn) => SALE_TYPES.has(l.amountType);
  const orderLines = o.lines.filter((l) => l.transactionType === 'Order');
  const refundLines = o.lines.filter((l) => l.transactionType !== 'Order');
  const settledSales = sum(orderLines.filter(isSale).map((l) => l.amountMinor));
  const settledRefunds = sum(refundLines.filter(isSale).map((l) => l.amountMinor));
  const fees = sum(o.lines.filter((l) => !isSale(l)).map((l) => l.amountMinor));
  const credited = o.refunds.filter((r) => r.state === 'credited');
  const erpCredited = sum(credited.map((r) => r.creditMinor)) - sum(o.creditNotes.map((c) => c.totalMinor));
  const settlementIds = [...new Set(o.lines.map((l) => l.settlementId))].sort();
  const firstSettlement = (ls: LineIn[]) => ls[0]?.settlementId ?? null;
  const out: Variance[] = [];
  const v = (key: string, reason: Reason, x: Partial<Variance> & { differenceMinor: bigint; message: string }) =>
    out.push({ key: `order:${o.orderId}:${key}`, reason, orderId: o.orderId, settlementId: null, refundId: null, currency, amazonMinor: null, erpMinor: null, settledMinor: null, until: null, ...x });
  const base = {
    orderId: o.orderId, currency, amazonTotal: o.amazonTotal, amazonRefunds: sum(o.refunds.map((r) => r.creditMinor)),
    erpInvoiced: o.invoiced ? o.erpTotal : null, erpCredited, settledSales, settledRefunds, fees, net: settledSales + settledRefunds + fees, settlementIds,
  };

  if (!o.inErp || o.amazonTotal === null) {
    // Amazon paid (or took back) money for an order the connector never brought into the ERP: nothing to match it with.
    v('ORDER_NOT_IN_ERP', 'ORDER_NOT_IN_ERP', { settlementId: firstSettlement(o.lines), settledMinor: settledSales + settledRefunds, differenceMinor: settledSales + settledRefunds,
      message: `order ${o.orderId} is not in the ERP: its settled sales and refunds (${settledSales + settledRefunds}) have no invoice to clear` });
    return { ...base, variances: out };
  }
  if (settlementCurrency !== null && o.currency !== null && o.currency !== settlementCurrency) {
    // Amazon converted the order's money into the settlement's currency: the minor units are not comparable.
    v('CURRENCY_CONVERSION', 'CURRENCY_CONVERSION', { settlementId: firstSettlement(o.lines), amazonMinor: o.amazonTotal, settledMinor: settledSales, differenceMinor: 0n,
      message: `order ${o.orderId} is in ${o.currency}, settled in ${settlementCurrency}: Amazon converted it` });
    return { ...base, variances: out };
  }

  // The sale: Amazon's total against the invoice and against what the settlements paid.
  if (!o.invoiced) {
    v('NOT_INVOICED_YET', 'NOT_INVOICED_YET', { amazonMinor: o.amazonTotal, settledMinor: orderLines.length ? settledSales : null, differenceMinor: o.amazonTotal,
      message: `order ${o.orderId} has no posted invoice yet` });
  } else if (o.erpTotal !== null && o.erpTotal !== o.amazonTotal) {
    v('AMOUNT_DIFFERS:invoice', 'AMOUNT_DIFFERS', { amazonMinor: o.amazonTotal, erpMinor: o.erpTotal, differenceMinor: o.erpTotal - o.amazonTotal,
      message: `the ERP's ${fmt(o.erpTotal)} against Amazon's ${fmt(o.amazonTotal)}` });
  }
  if (!orderLines.length) {
    if (o.amazonTotal !== 0n) v('NOT_SETTLED_YET', 'NOT_SETTLED_YET', { amazonMinor: o.amazonTotal, erpMinor: base.erpInvoiced, differenceMinor: o.amazonTotal,
      message: `order ${o.orderId} is in no stored settlement yet` });
  } else if (settledSales !== o.amazonTotal) {
    v('AMOUNT_DIFFERS:settled', 'AMOUNT_DIFFERS', { settlementId: firstSettlement(orderLines), amazonMinor: o.amazonTotal, erpMinor: base.erpInvoiced, settledMinor: settledSales,
      differenceMinor: settledSales - o.amazonTotal, message: `settled ${settledSales} against Amazon's ${o.amazonTotal}` });
  }

  // Each refund: credited in the ERP, settled by Amazon, for the same amount.
  const known = new Set(o.refunds.map((r) => r.refundId));
  for (const r of o.refunds) {
    const key = (reason: string) => `refund:${r.refundId}:${reason}`;
    const mine = refundLines.filter((l) => l.adjustmentId === r.refundId);
    const settled = sum(mine.filter(isSale).map((l) => l.amountMinor));
    const rv = (reason: Reason, x: Partial<Variance> & { differenceMinor: bigint; message: string }) =>
      out.push({ key: key(reason), reason, orderId: o.orderId, settlementId: firstSettlement(mine), refundId: r.refundId, currency, amazonMinor: r.creditMinor, erpMinor: null, settledMinor: mine.length ? settled : null, until: null, ...x });
    if (r.deferred && r.state !== 'credited') {
      rv('DEFERRED_UNTIL', { until: r.deferredUntil, differenceMinor: r.creditMinor, message: `refund ${r.refundId} is deferred by Amazon until ${r.deferredUntil ?? 'a date it does not give'}` });
      continue;
    }
    if (r.state !== 'credited') rv('REFUND_NOT_CREDITED', { differenceMinor: r.creditMinor, message: `refund ${r.refundId} has no posted credit note in the ERP (${r.state ?? 'not handled yet'})` });
    if (!mine.length) rv('NOT_SETTLED_YET', { erpMinor: r.state === 'credited' ? r.creditMinor : null, differenceMinor: r.creditMinor, message: `refund ${r.refundId} is in no stored settlement yet` });
    else if (settled !== r.creditMinor) rv('AMOUNT_DIFFERS', { erpMinor: r.state === 'credited' ? r.creditMinor : null, differenceMinor: settled - r.creditMinor, message: `settled ${settled} against Amazon's refund ${r.creditMinor}` });
  }
  // Refund lines of no refund the connector stored: nothing explains them.
  const strays = refundLines.filter((l) => isSale(l) && !(l.adjustmentId && known.has(l.adjustmentId)));
  for (const [adj, ls] of groupBy(strays, (l) => l.adjustmentId ?? '')) {
    const settled = sum(ls.map((l) => l.amountMinor));
    out.push({ key: `order:${o.orderId}:UNEXPLAINED:${adj || 'refund'}`, reason: 'UNEXPLAINED', orderId: o.orderId, settlementId: ls[0]!.settlementId, refundId: adj || null, currency,
      amazonMinor: null, erpMinor: null, settledMinor: settled, differenceMinor: settled, until: null, message: `settled ${ls[0]!.transactionType} ${adj || '(no adjustment id)'} matches no Amazon refund the connector stored` });
  }
  for (const c of o.creditNotes) {
    out.push({ key: `creditnote:${c.moveId}:CREDIT_NOTE_WITHOUT_REFUND`, reason: 'CREDIT_NOTE_WITHOUT_REFUND', orderId: o.orderId, settlementId: null, refundId: null, currency,
      amazonMinor: null, erpMinor: -c.totalMinor, settledMinor: null, differenceMinor: -c.totalMinor, until: null, message: `ERP credit note ${c.moveId} has no Amazon refund yet` });
  }
  return { ...base, variances: out };
}

export function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) { const k = key(x); const g = m.get(k); if (g) g.push(x); else m.set(k, [x]); }
  return m;
}

export interface SettlementIn {
  settlementId: string; currency: string; totalMinor: bigint; lines: LineIn[];
  /** Its payout (payout-recon.ts); absent: not looked at. */
  payout?: PayoutIn | null;
}

export interface Group {
  transactionType: string; amountType: string; lines: number; matched: number; unmatched: number;
  totalMinor: bigint; unmatchedMinor: bigint;
}

/**
 * One settlement: its lines grouped by transaction and amount type, each line matched when its order (or refund)
 * reconciles with no variance; the settlement's own variances (lines of no order: FEE_WITHOUT_ORDER per
 * description; the lines not summing to Amazon's deposit total: UNEXPLAINED; its payout, payout-recon.ts) joined to its orders'.
 */
export function reconcileSettlement(s: SettlementIn, orders: ReadonlyMap<string, OrderRecon>, nowMs = Date.now()): { groups: Group[]; variances: Variance[] } {
  const variances: Variance[] = [];
  const openOrders = new Set<string>();
  const openRefunds = new Set<string>();
  for (const r of orders.values()) {
    for (const x of r.variances) {
      if (x.refundId) openRefunds.add(x.refundId);
      else openOrders.add(r.orderId);
      variances.push(x);
    }
  }
  const noOrder = (l: LineIn) => !l.orderId || !orders.has(l.orderId);
  const matched = (l: LineIn): boolean => {
    if (noOrder(l)) return false;
    if (l.transactionType === 'Order') return !openOrders.has(l.orderId!);
    return !!l.adjustmentId && !openRefunds.has(l.adjustmentId) && !openOrders.has(l.orderId!);
  };
  const groups = [...groupBy(s.lines, (l) => `${l.transactionType}\u0000${l.amountType}`).values()].map((ls): Group => {
    const un = ls.filter((l) => !matched(l));
    return { transactionType: ls[0]!.transactionType, amountType: ls[0]!.amountType, lines: ls.length, matched: ls.length - un.length, unmatched: un.length,
      totalMinor: sum(ls.map((l) => l.amountMinor)), unmatchedMinor: sum(un.map((l) => l.amountMinor)) };
  }).sort((a, b) => a.transactionType.localeCompare(b.transactionType) || a.amountType.localeCompare(b.amountType));
  for (const [desc, ls] of groupBy(s.lines.filter(noOrder), (l) => l.amountDescription)) {
    const total = sum(ls.map((l) => l.amountMinor));
    variances.push({ key: `settlement:${s.settlementId}:FEE_WITHOUT_ORDER:${desc}`, reason: 'FEE_WITHOUT_ORDER', orderId: null, settlementId: s.settlementId, refundId: null,
      currency: s.currency, amazonMinor: null, erpMinor: null, settledMinor: total, differenceMinor: total, until: null, message: `${ls.length} line(s) "${desc}" of no order` });
  }
  const lineTotal = sum(s.lines.map((l) => l.amountMinor));
  if (lineTotal !== s.totalMinor) {
    variances.push({ key: `settlement:${s.settlementId}:UNEXPLAINED:total`, reason: 'UNEXPLAINED', orderId: null, settlementId: s.settlementId, refundId: null,
      currency: s.currency, amazonMinor: s.totalMinor, erpMinor: null, settledMinor: lineTotal, differenceMinor: lineTotal - s.totalMinor, until: null,
      message: `the lines sum to ${lineTotal}, Amazon's deposit total is ${s.totalMinor}` });
  }
  variances.push(...payoutVariances(s, s.payout ?? null, nowMs, currencyExponent));
  return { groups, variances };
}
