/**
 * GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2, as Amazon makes it: never requested (createReport refuses the type),
 * one report per seller and currency every `SETTLEMENT_DAYS` of Amazon time (divided by `timeScale`), found with
 * getReports, DONE from the start. Periods are counted from the sandbox's start; the first one also takes in
 * everything posted before it (an account's first settlement). A period holds the transactions posted by its end
 * that no earlier settlement holds (a late post goes into the next one); a deferred sale or refund is absent until
 * its release posts. Rows: the summary row first (id, dates, deposit date, total, currency), then one row per
 * amount: the item's price parts, the referral fee by category (taxClass reduced 8 %, else 15 %), the FBA
 * fulfilment fee per unit by the SKU's size tier (fba/fulfilment-fee.ts), a refund's commission back less Amazon's refund administration fee, an FBA inbound
 * placement fee carrying the FBA shipment id in `order-id`, the monthly subscription (every second settlement), the
 * month's FBA storage of the units held (the other settlements, each pool in its home currency), and the reserve (the previous one released, a new one held). Amounts in the marketplace's number format. Made when a
 * Reports route is read (`makeDue`), so a pinned or skewed clock gets its settlements without timers. The admin API
 * may close a seller's period early (`closeNow`: the next one starts then) and inject discrepancies into the next
 * settlement (settlement-discrepancy.ts); each settlement is also a Finances v0 event group (finances/event-groups.ts).
 */
import { createHash } from 'node:crypto';
import { findMarketplace, packageOf } from '../catalogue.ts';
import { totalQuantity } from '../fba/fba-stock.ts';
import { fulfilmentFeePerUnit } from '../fba/fulfilment-fee.ts';
import { poolOfMarketplace } from '../fba/pools.ts';
import type { TransactionItem, TransactionRecord } from '../finances/transaction-store.ts';
import type { SandboxState } from '../state.ts';
import { applyDiscrepancies, Discrepancies, type Applied } from './settlement-discrepancy.ts';
import { localAmount, reportTime, tsv } from './tsv.ts';

export const SETTLEMENT_V2 = 'GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2';
export const SETTLEMENT_COLUMNS = ['settlement-id', 'settlement-start-date', 'settlement-end-date', 'deposit-date', 'total-amount', 'currency',
  'transaction-type', 'order-id', 'merchant-order-id', 'adjustment-id', 'shipment-id', 'marketplace-name', 'amount-type', 'amount-description',
  'amount', 'fulfillment-id', 'posted-date', 'posted-date-time', 'order-item-code', 'merchant-order-item-id', 'merchant-adjustment-item-id',
  'sku', 'quantity-purchased', 'promotion-id'] as const;
const SETTLEMENT_DAYS = 14;
const DAY = 86_400_000;
/** Amazon's figures in minor units (EUR-like): subscription, refund administration cap. */
const SUBSCRIPTION = 3900;
const PLACEMENT_FEE = 27;
const RESERVE_SHARE = 0.1;
/**
 * Monthly FBA storage per unit held: a standard-size unit of about a litre at Amazon's EU rate for January to
 * September (about 26.00 a cubic metre a month), rounded to 0.03 (flat: storage by each SKU's package volume
 * (catalogue.ts packageOf) is not done).
 */
const STORAGE_PER_UNIT_MONTH = 3;

export interface Settlement {
  settlementId: string; sellerId: string; currency: string; marketplaceId: string; index: number; startMs: number; endMs: number; depositMs: number;
  text: string; rows: number; reserve: number;
  /** The summary's total (the deposit) and what the report's lines add up to (unequal only when a line was dropped). */
  totalMinor: number; linesMinor: number;
  /** The reserve carried in from the previous settlement (the event group's BeginningBalance). */
  previousReserve: number;
  discrepancies: Applied[];
}

/** A seller's period not closed yet: its index (settlement and event group ids derive from it) and start. */
export interface OpenPeriod { index: number; startMs: number }

interface Line { type: string; orderId: string; adjustmentId?: string; shipmentId?: string; market: string; amountType: string; description: string;
  amount: number; fulfillment: string; postedMs: number; item?: TransactionItem }

export const settlementIdOf = (sellerId: string, currency: string, index: number) =>
  String(BigInt(`0x${createHash('sha256').update(`${sellerId}|${currency}|${index}`).digest('hex').slice(0, 12)}`) % 90_000_000_000n + 10_000_000_000n);

/** The referral fee rate of an item's category (the catalogue's tax class stands in for the category). */
function referralRate(state: SandboxState, sku: string): number {
  return state.catalogue.products.find((p) => p.sellerSku === sku)?.taxClass === 'reduced' ? 0.08 : 0.15;
}

function linesOf(state: SandboxState, t: TransactionRecord): Line[] {
  const mp = findMarketplace(state.catalogue, t.marketplaceId);
  const market = mp?.name ?? '';
  // US/CA sales tax Amazon collects as marketplace facilitator; elsewhere the VAT it accounts for as deemed supplier.
  const withheldAs = mp?.salesTaxWithheld ? 'MarketplaceFacilitatorTax-Principal' : 'MarketplaceFacilitatorVAT-Principal';
  const refund = t.transactionType === 'Refund';
  const out: Line[] = [];
  for (const i of t.items) {
    const fba = i.fulfillmentNetwork === 'AFN';
    const base = { type: refund ? 'Refund' : 'Order', orderId: t.orderId, ...(refund ? { adjustmentId: t.refundId ?? '' } : { shipmentId: t.transactionId.slice(0, 10) }),
      market, fulfillment: fba ? 'AFN' : 'MFN', postedMs: t.postedMs, item: i };
    const parts: [string, string, number][] = [['ItemPrice', 'Principal', i.parts.principal], ['ItemPrice', 'Tax', i.parts.tax], ['ItemPrice', 'Shipping', i.parts.shipping],
      ['ItemPrice', 'GiftWrap', i.parts.giftWrap], ['ItemPrice', 'Other', i.parts.other], ['Promotion', 'Principal', i.parts.promotion],
      ['ItemWithheldTax', withheldAs, i.parts.withheld]];
    for (const [amountType, description, amount] of parts) if (amount !== 0) out.push({ ...base, amountType, description, amount });
    const commission = Math.round(Math.abs(i.parts.principal) * referralRate(state, i.sku));
    if (!refund) {
      out.push({ ...base, amountType: 'ItemFees', description: 'Commission', amount: -commission });
      // By the unit's size tier and weight band (fba/fulfilment-fee.ts), in the transaction's currency.
      if (fba) out.push({ ...base, amountType: 'ItemFees', description: 'FBAPerUnitFulfillmentFee', amount: -fulfilmentFeePerUnit(packageOf(state.catalogue, i.sku), t.currency) * i.quantity });
    } else if (commission > 0) {
      out.push({ ...base, amountType: 'ItemFees', description: 'Commission', amount: commission });
      out.push({ ...base, amountType: 'ItemFees', description: 'RefundCommission', amount: -Math.min(500, Math.round(commission * 0.2)) });
    }
  }
  return out;
}

export class SettlementMaker {
  readonly #state: SandboxState;
  readonly #originMs: number;
  readonly #settled = new Set<string>();
  /** Per seller: the period not closed yet (index and start), and the reserve held per currency. */
  readonly #open = new Map<string, OpenPeriod>();
  readonly #reserve = new Map<string, number>();
  readonly made: Settlement[] = [];
  /** What the admin API injected into settlements not closed yet. */
  readonly discrepancies = new Discrepancies();

  constructor(state: SandboxState) {
    this.#state = state;
    this.#originMs = state.now();
  }

  periodMs(): number {
    return (SETTLEMENT_DAYS * DAY) / this.#state.opts.timeScale;
  }

  /** Closes every period that has ended by now, for every seller: its reports appear DONE. */
  makeDue(): void {
    const now = this.#state.now();
    const period = this.periodMs();
    for (const sellerId of this.#state.sellers.keys()) {
      for (let p = this.openPeriod(sellerId); p.startMs + period <= now; p = this.openPeriod(sellerId)) {
        this.#close(sellerId, p.index, p.startMs, p.startMs + period);
        this.#open.set(sellerId, { index: p.index + 1, startMs: p.startMs + period });
      }
    }
  }

  openPeriod(sellerId: string): OpenPeriod {
    return this.#open.get(sellerId) ?? { index: 0, startMs: this.#originMs };
  }

  /**
   * Closes a seller's current period now, not at its 14-day end (the admin API: a demo or a test need not wait):
   * its settlements are made as at the end of a period, and the next period starts at its end. The end is now, or
   * `endMs` (not later than now): Amazon's report comes well after its period's end, when its Finances API lists
   * every transaction in it (it lists none of the last two minutes), so a period ended a few minutes back is what a
   * seller's connector meets; what was posted since goes into the next one. Returns them.
   */
  closeNow(sellerId: string, endMs?: number): Settlement[] {
    this.makeDue();
    const p = this.openPeriod(sellerId);
    const end = Math.min(endMs ?? Infinity, this.#state.now());
    if (end <= p.startMs) return [];
    const before = this.made.length;
    this.#close(sellerId, p.index, p.startMs, end);
    this.#open.set(sellerId, { index: p.index + 1, startMs: end });
    return this.made.slice(before);
  }

  /** Per currency, what the open period holds so far (the open event group's balance): its lines' sum. */
  openBalances(sellerId: string): { currency: string; minor: number }[] {
    const now = this.#state.now();
    const due = this.#state.transactions.of(sellerId).filter((t) => t.postedMs <= now && !t.deferral && !this.#settled.has(t.transactionId));
    const currencies = new Set([...due.map((t) => t.currency), ...this.made.filter((m) => m.sellerId === sellerId).map((m) => m.currency)]);
    return [...currencies].sort().map((currency) => ({ currency,
      minor: due.filter((t) => t.currency === currency).flatMap((t) => linesOf(this.#state, t)).reduce((a, l) => a + l.amount, 0) }));
  }

  #close(sellerId: string, index: number, startMs: number, endMs: number): void {
    const s = this.#state;
    const due = s.transactions.of(sellerId).filter((t) => t.postedMs < endMs && !t.deferral && !this.#settled.has(t.transactionId));
    const currencies = [...new Set(due.map((t) => t.currency))].sort();
    for (const currency of currencies) {
      const mine = due.filter((t) => t.currency === currency);
      for (const t of mine) this.#settled.add(t.transactionId);
      const marketplaceId = mine[0]!.marketplaceId;
      const market = findMarketplace(s.catalogue, marketplaceId);
      const settlementId = settlementIdOf(sellerId, currency, index);
      const lines = mine.flatMap((t) => linesOf(s, t));
      const fbaOrders = mine.filter((t) => t.transactionType === 'Shipment' && t.items.some((i) => i.fulfillmentNetwork === 'AFN'));
      // A fee row for an FBA inbound shipment: Amazon writes the shipment id where an order id would stand.
      if (fbaOrders.length) lines.push({ type: 'other-transaction', orderId: `FBA${settlementId.slice(-8)}X`, market: '', amountType: 'other-transaction',
        description: 'FBA Inbound Placement Service Fee', amount: -PLACEMENT_FEE * fbaOrders.length, fulfillment: '', postedMs: endMs - 1 });
      if (index % 2 === 0) lines.push({ type: 'other-transaction', orderId: '', market: '', amountType: 'other-transaction', description: 'Subscription Fee',
        amount: -SUBSCRIPTION, fulfillment: '', postedMs: startMs });
      // The month's FBA storage, every second settlement (two periods make about a month), of the units its pools hold.
      const held = index % 2 === 1 ? this.#unitsHeld(sellerId, currency) : 0;
      if (held > 0) lines.push({ type: 'other-transaction', orderId: '', market: '', amountType: 'other-transaction', description: 'Storage Fee',
        amount: -STORAGE_PER_UNIT_MONTH * held, fulfillment: '', postedMs: endMs - 1 });
      const key = `${sellerId}|${currency}`;
      const previous = this.#reserve.get(key) ?? 0;
      const sales = lines.filter((l) => l.type === 'Order' && l.amountType === 'ItemPrice').reduce((a, l) => a + l.amount, 0);
      const reserve = Math.max(0, Math.round(sales * RESERVE_SHARE));
      if (previous) lines.push({ type: 'Previous Reserve Amount Balance', orderId: '', market: '', amountType: 'other-transaction', description: 'Previous Reserve Amount Balance', amount: previous, fulfillment: '', postedMs: startMs });
      if (reserve) lines.push({ type: 'Current Reserve Amount', orderId: '', market: '', amountType: 'other-transaction', description: 'Current Reserve Amount', amount: -reserve, fulfillment: '', postedMs: endMs - 1 });
      const reserveLine = (amount: number): Line => ({ type: 'Current Reserve Amount', orderId: '', market: '', amountType: 'other-transaction',
        description: 'Current Reserve Amount', amount, fulfillment: '', postedMs: endMs - 1 });
      const changed = applyDiscrepancies(lines, this.discrepancies.take(sellerId, currency, settlementId), reserveLine);
      lines.splice(0, lines.length, ...changed.lines);
      const total = changed.total;
      this.#reserve.set(key, reserve + changed.extraReserve);
      const depositMs = endMs + (3 * DAY) / s.opts.timeScale;
      const money = (minor: number) => localAmount(minor, currency, market?.country ?? '');
      const date = (ms: number) => reportTime(ms).replace('T', ' ').replace('+00:00', ' UTC');
      const rows = lines.map((l) => ['', '', '', '', '', '', l.type, l.orderId, '', l.adjustmentId ?? '', l.shipmentId ?? '', l.market, l.amountType, l.description,
        money(l.amount), l.fulfillment, reportTime(l.postedMs).slice(0, 10), date(l.postedMs), l.item?.orderItemId ?? '', '',
        l.item?.merchantAdjustmentItemId ?? '', l.item?.sku ?? '', l.item && l.type === 'Order' ? String(l.item.quantity) : '', '']);
      const summary = [settlementId, date(startMs), date(endMs), date(depositMs), money(total), currency, ...Array<string>(18).fill('')];
      const settlement: Settlement = { settlementId, sellerId, currency, marketplaceId, index, startMs, endMs, depositMs, text: tsv(SETTLEMENT_COLUMNS, [summary, ...rows]),
        rows: rows.length + 1, reserve: reserve + changed.extraReserve, totalMinor: total, linesMinor: lines.reduce((a, l) => a + l.amount, 0),
        previousReserve: previous, discrepancies: changed.applied };
      this.made.push(settlement);
      this.#publish(settlement, marketplaceId);
    }
  }

  /**
   * The units in Amazon's warehouses (not inbound) of the seller's FBA pools whose first marketplace of the seller
   * sells in `currency`: a pool's storage is charged in its home currency (the Pan-EU pool's in EUR, the UK's in GBP).
   */
  #unitsHeld(sellerId: string, currency: string): number {
    const s = this.#state;
    const marketplaceIds = s.sellers.get(sellerId)?.marketplaceIds ?? [];
    const home = new Map<string, string>();
    for (const id of marketplaceIds) {
      const pool = poolOfMarketplace(s.catalogue, id);
      if (pool && !home.has(pool)) home.set(pool, findMarketplace(s.catalogue, id)?.currency ?? '');
    }
    let units = 0;
    for (const [pool, c] of home) {
      if (c !== currency) continue;
      for (const r of s.fbaStock.list(sellerId, pool)) units += totalQuantity(r) - r.inboundWorking - r.inboundShipped - r.inboundReceiving;
    }
    return units;
  }

  #publish(x: Settlement, marketplaceId: string): void {
    const s = this.#state;
    const report = s.reports.newReport({ sellerId: x.sellerId, reportType: SETTLEMENT_V2, marketplaceIds: [marketplaceId], dataStartMs: x.startMs,
      dataEndMs: x.endMs, createdMs: x.endMs, startMs: x.endMs, endMs: x.endMs });
    s.reportProcessor.publishDocument(report, x.text, x.rows);
  }
}
