/**
 * One row of Amazon's settlement flat file read into what is stored, without the database: the summary row (the
 * first data row: id, period, deposit date, total, currency) or a line. Amounts come in whatever number format the
 * account's Seller Central writes (`95,00`, `1.234,56`, `1,234.56`: the last separator is the decimal one) and are
 * kept as minor units of the settlement's currency, never floats. An FBA shipment id in `order-id` (fee rows for an
 * inbound shipment) is kept as a shipment id, not an order. Blank cells are null.
 */
import { toMinor } from '../../core/money.ts';

export const SETTLEMENT_COLUMNS = ['settlement-id', 'settlement-start-date', 'settlement-end-date', 'deposit-date', 'total-amount', 'currency',
  'transaction-type', 'order-id', 'merchant-order-id', 'adjustment-id', 'shipment-id', 'marketplace-name', 'amount-type', 'amount-description',
  'amount', 'fulfillment-id', 'posted-date', 'posted-date-time', 'order-item-code', 'merchant-order-item-id', 'merchant-adjustment-item-id',
  'sku', 'quantity-purchased'] as const;

export interface SettlementSummary { settlementId: string; start: Date; end: Date; deposit: Date | null; totalMinor: bigint; currency: string }

export interface SettlementLineRow {
  transactionType: string;
  orderId: string | null;
  shipmentId: string | null;
  adjustmentId: string | null;
  marketplaceName: string | null;
  amountType: string;
  amountDescription: string;
  amountMinor: bigint;
  /** The line's own currency when it names one (Amazon leaves it blank on lines). */
  currency: string | null;
  postedAt: Date | null;
  sku: string | null;
  quantity: number | null;
}

type Cells = Readonly<Record<string, string>>;
const blank = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());
/** FBA inbound shipment ids (FBA15ABCD1234, FBA1A2B3C4D): never an Amazon order id (3-7-7 digits). */
const FBA_SHIPMENT = /^FBA[0-9A-Z]{6,}$/;

/** Amazon's settlement dates: `2026-12-01 10:00:00 UTC`, ISO 8601, or `dd.mm.yyyy[ hh:mm:ss] UTC` (European accounts). */
export function settlementDate(text: string | undefined): Date | null {
  const t = blank(text);
  if (!t) return null;
  const eu = /^(\d{2})\.(\d{2})\.(\d{4})(?:\s+(\d{2}:\d{2}:\d{2}))?(?:\s*UTC)?$/.exec(t);
  const iso = eu ? `${eu[3]}-${eu[2]}-${eu[1]}T${eu[4] ?? '00:00:00'}Z` : t.replace(/^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})\s*UTC$/, '$1T$2Z');
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not a settlement date: "${t.slice(0, 40)}"`);
  return new Date(ms);
}

/** An amount in minor units of `currency`, whatever the number format. */
export function settlementAmount(text: string | undefined, currency: string): bigint {
  const t = blank(text);
  if (!t) return 0n;
  return toMinor(t, currency);
}

/** Whether a row is the summary row (it has a total and no transaction type). */
export const isSummary = (c: Cells) => blank(c['total-amount']) !== null && blank(c['transaction-type']) === null;

export function readSummary(c: Cells): SettlementSummary {
  const currency = blank(c.currency);
  const id = blank(c['settlement-id']);
  if (!currency || !id) throw new Error('the summary row lacks its settlement id or currency');
  return { settlementId: id, start: settlementDate(c['settlement-start-date'])!, end: settlementDate(c['settlement-end-date'])!,
    deposit: settlementDate(c['deposit-date']), totalMinor: settlementAmount(c['total-amount'], currency), currency };
}

export function readLine(c: Cells, currency: string): SettlementLineRow {
  const orderCell = blank(c['order-id']);
  const fbaShipment = orderCell !== null && FBA_SHIPMENT.test(orderCell);
  const qty = blank(c['quantity-purchased']);
  if (qty !== null && !/^-?\d{1,9}$/.test(qty)) throw new Error('quantity-purchased: not a whole number');
  return {
    transactionType: blank(c['transaction-type']) ?? '',
    orderId: fbaShipment ? null : orderCell,
    shipmentId: fbaShipment ? orderCell : blank(c['shipment-id']),
    adjustmentId: blank(c['adjustment-id']),
    marketplaceName: blank(c['marketplace-name']),
    amountType: blank(c['amount-type']) ?? '',
    amountDescription: blank(c['amount-description']) ?? '',
    amountMinor: settlementAmount(c.amount, currency),
    currency: blank(c.currency),
    postedAt: settlementDate(c['posted-date-time']) ?? settlementDate(c['posted-date']),
    sku: blank(c.sku),
    quantity: qty === null ? null : Number(qty),
  };
}

/** What is wrong with a line of a settlement in `currency` (null: nothing): Amazon settles one currency per report. */
export function lineProblem(line: SettlementLineRow, currency: string): 'SETTLEMENT_CURRENCY_MISMATCH' | null {
  return line.currency !== null && line.currency !== currency ? 'SETTLEMENT_CURRENCY_MISMATCH' : null;
}
