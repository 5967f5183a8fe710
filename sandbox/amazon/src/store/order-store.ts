/**
 * Orders in memory, per seller, kept sorted by (lastUpdatedTime, orderId) so that a page is a binary search plus a
 * short scan, even with tens of thousands of orders. Orders are stored as given (admin orders may be malformed):
 * the index keys are derived defensively.
 */

export interface StoredOrder {
  sellerId: string;
  orderId: string;
  order: Record<string, unknown>;
  createdMs: number;
  updatedMs: number;
  marketplaceId: string | undefined;
  status: string | undefined;
  fulfilledBy: string | undefined;
}

/** Position in the index: orders strictly after it come next. */
export interface IndexKey {
  updatedMs: number;
  orderId: string;
}

function cmp(a: IndexKey, b: IndexKey): number {
  return a.updatedMs - b.updatedMs || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function time(v: unknown): number | undefined {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : undefined;
}

/** The in-memory order store of one sandbox. */
export class OrderStore {
  readonly #byId = new Map<string, StoredOrder>();
  readonly #bySeller = new Map<string, StoredOrder[]>();
  readonly #now: () => number;
  /** Told of every put (the previous version, if any, and the new one): the FBA stock follows FBA orders so. */
  onChange: ((prev: StoredOrder | undefined, next: StoredOrder) => void) | undefined;

  constructor(now: () => number) {
    this.#now = now;
  }

  get size(): number {
    return this.#byId.size;
  }

  has(orderId: string): boolean {
    return this.#byId.has(orderId);
  }

  get(orderId: string): StoredOrder | undefined {
    return this.#byId.get(orderId);
  }

  /** Inserts or replaces an order (keyed by its orderId) for a seller. */
  put(sellerId: string, order: Record<string, unknown>): StoredOrder {
    const orderId = str(order.orderId);
    if (!orderId) throw new Error('an order needs a string orderId');
    const old = this.#byId.get(orderId);
    if (old) this.#unindex(old);
    const createdMs = time(order.createdTime) ?? this.#now();
    const fulfillment = obj(order.fulfillment);
    const stored: StoredOrder = {
      sellerId, orderId, order, createdMs,
      updatedMs: time(order.lastUpdatedTime) ?? createdMs,
      marketplaceId: str(obj(order.salesChannel).marketplaceId),
      status: str(fulfillment.fulfillmentStatus),
      fulfilledBy: str(fulfillment.fulfilledBy),
    };
    this.#byId.set(orderId, stored);
    const list = this.#bySeller.get(sellerId) ?? [];
    this.#bySeller.set(sellerId, list);
    list.splice(this.#lowerBound(list, stored), 0, stored);
    this.onChange?.(old, stored);
    return stored;
  }

  /** Orders of a seller after `from` (exclusive) in index order, until `limit` matches or `untilMs` is passed. */
  scan(sellerId: string, from: IndexKey | undefined, match: (o: StoredOrder) => boolean, limit: number,
    untilMs: number): { orders: StoredOrder[]; more: boolean } {
    const list = this.#bySeller.get(sellerId) ?? [];
    let i = from ? this.#upperBound(list, from) : 0;
    const orders: StoredOrder[] = [];
    for (; i < list.length; i++) {
      const o = list[i]!;
      if (o.updatedMs > untilMs) break;
      if (!match(o)) continue;
      if (orders.length === limit) return { orders, more: true };
      orders.push(o);
    }
    return { orders, more: false };
  }

  /** All orders of a seller, oldest update first. */
  list(sellerId: string): readonly StoredOrder[] {
    return this.#bySeller.get(sellerId) ?? [];
  }

  clear(): void {
    this.#byId.clear();
    this.#bySeller.clear();
  }

  #unindex(o: StoredOrder): void {
    const list = this.#bySeller.get(o.sellerId);
    if (!list) return;
    const i = this.#lowerBound(list, o);
    if (list[i] === o) list.splice(i, 1);
    else list.splice(list.indexOf(o), 1);
  }

  #lowerBound(list: StoredOrder[], key: IndexKey): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(list[mid]!, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #upperBound(list: StoredOrder[], key: IndexKey): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(list[mid]!, key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
