/**
 * GET_V2_SELLER_PERFORMANCE_REPORT (JSON, schema accountHealthReport-2020-11-18.json) as the sandbox's world made
 * it by the report's generation time `atMs`, one entry per requested marketplace. Amazon ignores the data window for
 * this type: each metric has its own reporting range of whole UTC days ending on the generation day (ODR 60 days;
 * late shipment, valid tracking and on-time delivery 30; pre-fulfilment cancellation and invoice defects 7; the
 * rating and policy compliance 180), so two reports of one day describe the same periods.
 * - late shipment: merchant orders whose first shipment confirmation (the package's `createdTime`, when Amazon was
 *   told) falls in the range, late when it came after the order's `shipByWindow.latestDateTime`;
 * - valid tracking: those packages, valid when the carrier scans the number (carrier-scans.ts);
 * - on-time delivery: packages with valid tracking delivered in the range, on time by `deliverByWindow.latestDateTime`;
 * - pre-fulfilment cancellation: merchant orders of the range that the seller cancelled (an item's
 *   `cancellationExecution.cancelledBy` MERCHANT: an acknowledgement feed's cancel);
 * - order defects (per fulfilment network): A-to-z guarantee claims and chargebacks posted by `atMs` (the finances
 *   world), of orders created in the range; negative feedback is not simulated (0).
 * Invoice defects, warnings and policy violations are not simulated: counts 0. A rate with no orders under it is 0
 * with status NONE; else GOOD or BAD against Amazon's target. A marketplace is AT_RISK when a rate is BAD.
 */
import type { StoredOrder } from '../store/order-store.ts';
import type { TransactionRecord } from '../finances/transaction-store.ts';
import { deliveredAtMs, trackingScanned } from './carrier-scans.ts';

const DAY = 86_400_000;
type Obj = Record<string, unknown>;
type Condition = 'GREATER_THAN' | 'LESS_THAN' | 'EQUALS';
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const timeOf = (v: unknown): number | null => (typeof v === 'string' && Number.isFinite(Date.parse(v)) ? Date.parse(v) : null);

/** A reporting range of `days` whole UTC days ending on the day of `atMs` (Amazon writes minutes, Z). */
export function reportingRange(atMs: number, days: number): { fromMs: number; toMs: number; json: { reportingDateFrom: string; reportingDateTo: string } } {
  const dayStart = Math.floor(atMs / DAY) * DAY;
  const fromMs = dayStart - (days - 1) * DAY;
  const toMs = dayStart + DAY - 60_000;
  const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 16) + 'Z';
  return { fromMs, toMs: dayStart + DAY - 1, json: { reportingDateFrom: fmt(fromMs), reportingDateTo: fmt(toMs) } };
}

function rateOf(count: number, of: number, target: number, condition: Condition) {
  const rate = of === 0 ? 0 : Math.round((count / of) * 1e6) / 1e6;
  const good = condition === 'LESS_THAN' ? rate < target : condition === 'GREATER_THAN' ? rate >= target : rate === target;
  return { status: of === 0 ? 'NONE' : good ? 'GOOD' : 'BAD', rate, targetValue: target, targetCondition: condition };
}

interface Shipped { order: StoredOrder; confirmedMs: number; latestShipMs: number | null; pkgs: Obj[] }

function shippedOrders(orders: readonly StoredOrder[]): Shipped[] {
  return orders.flatMap((o) => {
    const pkgs = Array.isArray(o.order.packages) ? o.order.packages.filter(isObj) : [];
    const times = pkgs.map((p) => timeOf(p.createdTime)).filter((t): t is number => t !== null);
    if (!times.length) return [];
    const f = isObj(o.order.fulfillment) ? o.order.fulfillment : {};
    const latest = isObj(f.shipByWindow) ? timeOf(f.shipByWindow.latestDateTime) : null;
    return [{ order: o, confirmedMs: Math.min(...times), latestShipMs: latest, pkgs }];
  });
}

const deliverBy = (o: StoredOrder) => {
  const f = isObj(o.order.fulfillment) ? o.order.fulfillment : {};
  return isObj(f.deliverByWindow) ? timeOf(f.deliverByWindow.latestDateTime) : null;
};
const cancelledBySeller = (o: StoredOrder) => (Array.isArray(o.order.orderItems) ? o.order.orderItems : []).some(
  (i) => isObj(i) && isObj(i.cancellation) && isObj(i.cancellation.cancellationExecution) && i.cancellation.cancellationExecution.cancelledBy === 'MERCHANT');
const units = (p: Obj) => (Array.isArray(p.packageItems) ? p.packageItems : []).reduce((s: number, i) => s + (isObj(i) && typeof i.quantity === 'number' ? i.quantity : 0), 0);

function orderDefects(orders: readonly StoredOrder[], defects: readonly TransactionRecord[], atMs: number, network: 'mfn' | 'afn') {
  const range = reportingRange(atMs, 60);
  const mine = orders.filter((o) => (o.fulfilledBy === 'AMAZON') === (network === 'afn') && o.createdMs >= range.fromMs && o.createdMs <= atMs);
  const ids = new Set(mine.map((o) => o.orderId));
  const of = (kind: TransactionRecord['kind']) => new Set(defects.filter((t) => t.kind === kind && ids.has(t.orderId)).map((t) => t.orderId));
  const claims = of('guarantee_claim');
  const chargebacks = of('chargeback');
  const withDefects = new Set([...claims, ...chargebacks]).size;
  const r = rateOf(withDefects, mine.length, 0.01, 'LESS_THAN');
  return { reportingDateRange: range.json, orderCount: mine.length, orderWithDefects: { count: withDefects, status: r.status },
    claims: { count: claims.size, status: 'NONE' }, chargebacks: { count: chargebacks.size, status: 'NONE' },
    negativeFeedback: { count: 0, status: 'NONE' }, fulfillmentType: network, ...r };
}

const noViolation = (atMs: number) => ({ reportingDateRange: reportingRange(atMs, 180).json, defectsCount: 0, status: 'GOOD', targetValue: 0, targetCondition: 'EQUALS' });

/** One marketplace's `performanceMetrics` entry. */
export function marketplaceMetrics(marketplaceId: string, all: readonly StoredOrder[], transactions: readonly TransactionRecord[], atMs: number): Obj {
  const orders = all.filter((o) => o.marketplaceId === marketplaceId && o.createdMs <= atMs);
  const mfn = orders.filter((o) => o.fulfilledBy === 'MERCHANT');
  const defects = transactions.filter((t) => t.marketplaceId === marketplaceId && t.postedMs <= atMs && (t.kind === 'chargeback' || t.kind === 'guarantee_claim'));
  const r30 = reportingRange(atMs, 30);
  const r7 = reportingRange(atMs, 7);
  const shipped = shippedOrders(mfn).filter((s) => s.confirmedMs >= r30.fromMs && s.confirmedMs <= atMs);
  const late = shipped.filter((s) => s.latestShipMs !== null && s.confirmedMs > s.latestShipMs).length;
  const pkgs = shipped.flatMap((s) => s.pkgs.map((p) => ({ s, p, carrier: String(p.carrier ?? ''), tracking: String(p.trackingNumber ?? '') })));
  const valid = pkgs.filter((x) => trackingScanned(x.carrier, x.tracking));
  const delivered = valid.flatMap((x) => {
    const at = deliveredAtMs(x.carrier, x.tracking, timeOf(x.p.shipTime) ?? x.s.confirmedMs);
    return at !== null && at <= atMs ? [{ ...x, onTime: deliverBy(x.s.order) === null || at <= deliverBy(x.s.order)! }] : [];
  });
  const onTime = delivered.filter((d) => d.onTime);
  const week = mfn.filter((o) => o.createdMs >= r7.fromMs);
  const cancelled = week.filter(cancelledBySeller).length;
  return {
    marketplaceId,
    invoiceDefectRate: { reportingDateRange: r7.json, orderCount: week.length, invoiceDefect: { count: 0, status: 'NONE' },
      missingInvoice: { count: 0, status: 'NONE' }, lateInvoice: { count: 0, status: 'NONE' }, ...rateOf(0, week.length, 0.05, 'LESS_THAN') },
    lateShipmentRate: { reportingDateRange: r30.json, orderCount: shipped.length, lateShipmentCount: late, ...rateOf(late, shipped.length, 0.04, 'LESS_THAN') },
    orderDefectRate: { mfn: orderDefects(orders, defects, atMs, 'mfn'), afn: orderDefects(orders, defects, atMs, 'afn') },
    onTimeDeliveryRate: { reportingDateRange: r30.json, shipmentCountWithValidTracking: delivered.length, onTimeDeliveryCount: onTime.length,
      ...rateOf(onTime.length, delivered.length, 0.9, 'GREATER_THAN') },
    unitOnTimeDeliveryRate: { reportingDateRange: r30.json, unitOnTimeDeliveryCount: onTime.reduce((s, d) => s + units(d.p), 0),
      totalUnitCount: delivered.reduce((s, d) => s + units(d.p), 0),
      ...rateOf(onTime.reduce((s, d) => s + units(d.p), 0), delivered.reduce((s, d) => s + units(d.p), 0), 0.9, 'GREATER_THAN') },
    validTrackingRate: { reportingDateRange: r30.json, shipmentCount: pkgs.length, validTrackingCount: valid.length, ...rateOf(valid.length, pkgs.length, 0.95, 'GREATER_THAN') },
    preFulfillmentCancellationRate: { reportingDateRange: r7.json, orderCount: week.length, cancellationCount: cancelled, ...rateOf(cancelled, week.length, 0.025, 'LESS_THAN') },
    warningStates: [],
    accountHealthRating: { ahrStatus: 'GREAT', reportingDateRange: reportingRange(atMs, 180).json },
    ...Object.fromEntries(['listingPolicyViolations', 'productAuthenticityCustomerComplaints', 'productConditionCustomerComplaints',
      'productSafetyCustomerComplaints', 'receivedIntellectualPropertyComplaints', 'restrictedProductPolicyViolations',
      'suspectedIntellectualPropertyViolations', 'foodAndProductSafetyIssues', 'otherPolicyViolations', 'documentRequests'].map((k) => [k, noViolation(atMs)])),
  };
}

const RATES = ['lateShipmentRate', 'validTrackingRate', 'preFulfillmentCancellationRate'] as const;

/** The whole document for the seller's requested marketplaces. */
export function sellerPerformanceReport(marketplaceIds: readonly string[], orders: readonly StoredOrder[], transactions: readonly TransactionRecord[], atMs: number): Obj {
  const performanceMetrics = marketplaceIds.map((m) => marketplaceMetrics(m, orders, transactions, atMs));
  const accountStatuses = performanceMetrics.map((p) => {
    const odr = p.orderDefectRate as { mfn: Obj; afn: Obj };
    const bad = [...RATES.map((k) => (p[k] as Obj).status), odr.mfn.status, odr.afn.status].includes('BAD');
    return { marketplaceId: p.marketplaceId as string, status: bad ? 'AT_RISK' : 'NORMAL' };
  });
  return { accountStatuses, performanceMetrics };
}
