/** The admin operations, shared by the `/_sandbox` HTTP API and the in-process handle of startAmazonSandbox. */
import { totalQuantity, type StockPatch, type StockRecord } from '../fba/fba-stock.ts';
import { poolOfMarketplace, poolsOfSeller } from '../fba/pools.ts';
import type { FulfillmentStatus } from '../generator/order-factory.ts';
import type { CallLog } from '../http/call-log.ts';
import type { ActiveRule } from '../http/fault-rules.ts';
import type { Fault, FaultRule, FaultsSnapshot } from '../http/faults.ts';
import type { ReceivedShipment } from '../shipments/shipment-log.ts';
import type { SandboxState } from '../state.ts';
import { patchOrder, type OrderPatch } from './order-patch.ts';
import { seedSalesHistory } from '../generator/history-seeding.ts';

/** A failure the admin API answers with 400 (bad request) or 404 (unknown order or seller). */
export class AdminError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface GenerateRequest {
  /** Absent: every seller gets `count` orders. */
  sellerId?: string;
  count: number;
  marketplaceId?: string;
  fulfilledBy?: 'MERCHANT' | 'AMAZON';
  status?: FulfillmentStatus;
  business?: boolean;
  /** createdTime range (ISO); default: the hour ending three minutes ago, so a sweep sees them at once. */
  createdFrom?: string;
  createdTo?: string;
}

const MINUTE = 60_000;

function seller(state: SandboxState, sellerId: string) {
  const s = state.sellers.get(sellerId);
  if (!s) throw new AdminError(404, 'UNKNOWN_SELLER', `unknown seller ${sellerId}`);
  return s;
}

function time(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const t = Date.parse(value);
  if (!Number.isFinite(t)) throw new AdminError(400, 'BAD_TIME', `${name} is not a date-time: ${value}`);
  return t;
}

/** Stores orders as given (no validation beyond a string orderId: real Amazon sends surprises). */
export function addOrders(state: SandboxState, sellerId: string, orders: unknown[]): string[] {
  seller(state, sellerId);
  const bad = orders.findIndex((o) => !o || typeof o !== 'object' || typeof (o as { orderId?: unknown }).orderId !== 'string');
  if (bad >= 0) throw new AdminError(400, 'ORDER_ID_MISSING', `orders[${bad}] has no string orderId`);
  const owner = orders.map((o) => state.store.get((o as { orderId: string }).orderId)?.sellerId)
    .find((s) => s !== undefined && s !== sellerId);
  if (owner) throw new AdminError(400, 'ORDER_OF_OTHER_SELLER', `an order id already belongs to seller ${owner}`);
  return orders.map((o) => state.store.put(sellerId, o as Record<string, unknown>).orderId);
}

/** Generates and stores orders; returns their ids. */
export function generateOrders(state: SandboxState, req: GenerateRequest): string[] {
  if (!Number.isInteger(req.count) || req.count < 0 || req.count > 100_000) {
    throw new AdminError(400, 'BAD_COUNT', 'count must be an integer from 0 to 100000');
  }
  const now = state.now();
  const to = time(req.createdTo, 'createdTo', now - 3 * MINUTE);
  const from = time(req.createdFrom, 'createdFrom', to - 60 * MINUTE);
  if (from > to) throw new AdminError(400, 'BAD_RANGE', 'createdFrom must not be after createdTo');
  const targets = req.sellerId ? [seller(state, req.sellerId)] : [...state.sellers.values()];
  if (req.marketplaceId && targets.some((s) => !s.marketplaceIds.includes(req.marketplaceId!))) {
    throw new AdminError(400, 'BAD_MARKETPLACE', `marketplace ${req.marketplaceId} is not the seller's`);
  }
  const ids: string[] = [];
  for (const s of targets) {
    const orders = state.generator.generate(s.sellerId, {
      count: req.count, createdFrom: from, createdTo: to, horizonMs: Math.max(to, now - 3 * MINUTE),
      lifecycle: 'history', marketplaceId: req.marketplaceId, fulfilledBy: req.fulfilledBy, status: req.status,
      business: req.business,
    }, (id) => state.store.has(id));
    for (const o of orders) ids.push(state.store.put(s.sellerId, o).orderId);
  }
  return ids;
}

/** Changes an order (status, items, fields) and bumps its lastUpdatedTime. */
export function updateOrder(state: SandboxState, orderId: string, patch: OrderPatch): Record<string, unknown> {
  const stored = state.store.get(orderId);
  if (!stored) throw new AdminError(404, 'UNKNOWN_ORDER', `unknown order ${orderId}`);
  let next: Record<string, unknown>;
  try {
    next = patchOrder(stored.order, patch, state.now());
  } catch (e) {
    throw new AdminError(400, 'BAD_PATCH', (e as Error).message);
  }
  return state.store.put(stored.sellerId, next).order;
}

/** The stored order as kept (every part), with its seller. */
export function rawOrder(state: SandboxState, orderId: string): { sellerId: string; order: Record<string, unknown> } {
  const stored = state.store.get(orderId);
  if (!stored) throw new AdminError(404, 'UNKNOWN_ORDER', `unknown order ${orderId}`);
  return { sellerId: stored.sellerId, order: stored.order };
}

/** The confirmShipment calls Amazon received for an order (body as sent, time, accepted or refused). */
export function shipments(state: SandboxState, orderId: string): { orderId: string; shipments: ReceivedShipment[] } {
  if (!state.store.has(orderId) && state.shipments.list(orderId).length === 0) {
    throw new AdminError(404, 'UNKNOWN_ORDER', `unknown order ${orderId}`);
  }
  return { orderId, shipments: state.shipments.list(orderId) };
}

/** A seller's FBA stock: every pool it sells in, every SKU with its quantities. */
export function fbaStock(state: SandboxState, sellerId: string): { sellerId: string; pools: Record<string, StockView[]> } {
  seller(state, sellerId);
  const pools: Record<string, StockView[]> = {};
  for (const [pool, records] of Object.entries(state.fbaStock.pools(sellerId))) pools[pool] = records.map(stockView);
  return { sellerId, pools };
}

/** Sets quantities of SKUs in one of a seller's pools (`EU`, `UK`, `US`, ... or any marketplace id of the pool). */
export function setFbaStock(state: SandboxState, sellerId: string, poolOrMarketplace: string,
  items: (StockPatch & { sellerSku: string })[]): { sellerId: string; pool: string; items: StockView[] } {
  const s = seller(state, sellerId);
  const own = poolsOfSeller(state.catalogue, s.marketplaceIds);
  const pool = poolOfMarketplace(state.catalogue, poolOrMarketplace) ?? poolOrMarketplace;
  if (!own.includes(pool)) throw new AdminError(400, 'BAD_POOL', `${poolOrMarketplace} is none of the seller's pools (${own.join(', ')})`);
  return { sellerId, pool, items: items.map(({ sellerSku, ...patch }) => stockView(state.fbaStock.set(sellerId, pool, sellerSku, patch))) };
}

export type StockView = Omit<StockRecord, 'lastUpdatedMs'> & { lastUpdatedTime: string; totalQuantity: number };

function stockView(r: StockRecord): StockView {
  const { lastUpdatedMs, ...rest } = r;
  return { ...rest, totalQuantity: totalQuantity(r), lastUpdatedTime: new Date(lastUpdatedMs).toISOString() };
}

/** Makes the next `count` calls of an operation fail (500, 503 or 429, or any kind). */
export function injectFault(state: SandboxState, fault: Fault): void {
  try {
    state.faults.add(fault);
  } catch (e) {
    throw new AdminError(400, 'BAD_FAULT', (e as Error).message);
  }
}

/** Makes a share of the calls fail, with kinds drawn from a list, for a while (README, "Faults"). */
export function injectFaultRule(state: SandboxState, rule: FaultRule): ActiveRule {
  if (rule.sellerId !== undefined) seller(state, rule.sellerId);
  try {
    return state.faults.addRule(rule);
  } catch (e) {
    throw new AdminError(400, 'BAD_FAULT', (e as Error).message);
  }
}

/** The pending faults, the live rules and the faults given so far. */
export function faults(state: SandboxState): FaultsSnapshot {
  return state.faults.snapshot();
}

/** Calls received: totals, per operation and seller, and the latest ones (200 unless told). */
export function calls(state: SandboxState, recent?: number): ReturnType<CallLog['snapshot']> {
  return state.calls.snapshot(recent);
}

/**
 * Back to the start: orders, call log, usage buckets, generator, destinations, subscriptions and queued messages
 * forgotten (the default queue stays, empty), then the seed orders made again.
 */
export function reset(state: SandboxState): void {
  state.store.clear();
  state.calls.clear();
  state.shipments.clear();
  state.shipping.clear();
  state.care.clear();
  state.summaryTokens.clear();
  state.feedProcessor.stop();
  state.feeds.clear();
  state.reportProcessor.stop();
  state.reports.clear();
  state.returns.clear();
  state.transactions.clear();
  state.fbaStock.seed(state.opts.seed, state.opts.sellers);
  state.listings.seed(state.opts.seed, state.opts.sellers);
  state.buckets.reset();
  state.faults.clear();
  state.faults.resetCounters();
  state.generator.reset();
  // Notifications and queues first: the seed orders made again are not news to anyone.
  state.publisher.clear();
  state.notifications.clear();
  state.sqs.queues.reset();
  seedSalesHistory(state);
  seedOrders(state, state.opts.seedOrders);
}

/** `count` orders per seller created over the past six hours, states already advanced. */
export function seedOrders(state: SandboxState, count: number): void {
  if (count <= 0) return;
  const now = state.now();
  generateOrders(state, {
    count,
    createdFrom: new Date(now - 6 * 60 * MINUTE).toISOString(),
    createdTo: new Date(now - 5 * MINUTE).toISOString(),
  });
}
