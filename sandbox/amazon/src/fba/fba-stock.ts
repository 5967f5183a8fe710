/**
 * A seller's FBA stock per pool and SKU, in the quantities `getInventorySummaries` reports, and how orders move it:
 * an FBA order placed (PENDING / UNSHIPPED) reserves its units (fulfillable -> reserved.pendingCustomerOrder), its
 * shipment takes them out of the pool, a cancellation puts them back. Orders created already shipped or cancelled
 * (history: seed orders, admin generate with that status) are before the stock snapshot and move nothing.
 */
import type { Catalogue } from '../catalogue.ts';
import type { SellerConfig } from '../config.ts';
import { createRng, mixSeed } from '../generator/prng.ts';
import type { StoredOrder } from '../store/order-store.ts';
import { poolOfMarketplace, poolsOfSeller, type PoolId } from './pools.ts';

export interface StockRecord {
  sellerSku: string;
  asin: string;
  fnSku: string;
  productName: string;
  fulfillable: number;
  inboundWorking: number;
  inboundShipped: number;
  inboundReceiving: number;
  reserved: { pendingCustomerOrder: number; pendingTransshipment: number; fcProcessing: number };
  researching: { shortTerm: number; midTerm: number; longTerm: number };
  unfulfillable: { customerDamaged: number; warehouseDamaged: number; distributorDamaged: number; carrierDamaged: number;
    defective: number; expired: number };
  lastUpdatedMs: number;
}

/** What the admin API may set (any subset; nested parts merge). */
export type StockPatch = Partial<Omit<StockRecord, 'sellerSku' | 'lastUpdatedMs' | 'reserved' | 'researching' | 'unfulfillable'>> & {
  reserved?: Partial<StockRecord['reserved']>;
  researching?: Partial<StockRecord['researching']>;
  unfulfillable?: Partial<StockRecord['unfulfillable']>;
};

const sum = (o: Record<string, number>): number => Object.values(o).reduce((a, b) => a + b, 0);

/** Units in the pool or on their way to it: the summary's `totalQuantity`. */
export function totalQuantity(r: StockRecord): number {
  return r.fulfillable + r.inboundWorking + r.inboundShipped + r.inboundReceiving + sum(r.reserved) + sum(r.researching)
    + sum(r.unfulfillable);
}

/** Amazon's FNSKU for a SKU: `X00` and seven characters, stable per SKU. */
export function fnSkuOf(sellerSku: string): string {
  const rng = createRng(mixSeed('fnsku', sellerSku));
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
  let s = 'X00';
  for (let i = 0; i < 7; i++) s += chars[rng.int(0, chars.length - 1)];
  return s;
}

type Units = Map<string, number>;

/** Every quantity of a record, as one comparable key. */
function quantitiesOf(r: StockRecord): string {
  return JSON.stringify([r.fulfillable, r.inboundWorking, r.inboundShipped, r.inboundReceiving, r.reserved, r.researching, r.unfulfillable]);
}

/** The FBA stock of one sandbox. */
export class FbaStock {
  /** sellerId -> pool -> sku -> record */
  readonly #stock = new Map<string, Map<PoolId, Map<string, StockRecord>>>();
  /** orderId -> the units its placement reserved, per SKU, and in which pool. */
  readonly #reservations = new Map<string, { sellerId: string; pool: PoolId; units: Units }>();
  readonly #catalogue: Catalogue;
  readonly #now: () => number;
  #seeding = false;
  /** Told of every change of a record's quantities (FBA_INVENTORY_AVAILABILITY_CHANGES); silent while seeding. */
  onChange: ((sellerId: string, pool: PoolId, next: StockRecord) => void) | undefined;

  constructor(catalogue: Catalogue, now: () => number) {
    this.#catalogue = catalogue;
    this.#now = now;
  }

  /**
   * Every seller starts with stock, in each pool it sells in, of every SKU an FBA order may carry: the catalogue's
   * FBA listings (`-FBA`, plenty) and its other products the ERP knows (FBA orders of several lines carry them;
   * fewer units). Drawn from the seed.
   */
  seed(seed: number, sellers: readonly SellerConfig[]): void {
    this.#stock.clear();
    this.#reservations.clear();
    this.#seeding = true;
    try {
      this.#seedSellers(seed, sellers);
    } finally {
      this.#seeding = false;
    }
  }

  #seedSellers(seed: number, sellers: readonly SellerConfig[]): void {
    const notInErp = new Set(this.#catalogue.notInErp);
    const products = this.#catalogue.products.filter((p) => !notInErp.has(p.sellerSku));
    for (const s of sellers) {
      for (const pool of poolsOfSeller(this.#catalogue, s.marketplaceIds)) {
        for (const p of products) {
          const rng = createRng(mixSeed(seed, 'fba-stock', s.sellerId, pool, p.sellerSku));
          const listing = p.sellerSku.endsWith('-FBA');
          this.set(s.sellerId, pool, p.sellerSku, {
            fulfillable: listing ? rng.int(1500, 2500) : rng.int(150, 400), inboundWorking: rng.int(0, 50),
            inboundShipped: rng.int(0, 120), inboundReceiving: rng.int(0, 20),
            reserved: { pendingTransshipment: rng.int(0, 10), fcProcessing: rng.int(0, 5) },
            researching: { shortTerm: rng.int(0, 2) },
            unfulfillable: { customerDamaged: rng.int(0, 3), warehouseDamaged: rng.int(0, 2), defective: rng.int(0, 2) },
          });
        }
      }
    }
  }

  /** Creates or changes a record (fields given replace, nested parts merge); returns it. */
  set(sellerId: string, pool: PoolId, sellerSku: string, patch: StockPatch): StockRecord {
    const bySku = this.#pool(sellerId, pool);
    const product = this.#catalogue.products.find((p) => p.sellerSku === sellerSku);
    const old = bySku.get(sellerSku) ?? {
      sellerSku, asin: product?.asin ?? '', fnSku: fnSkuOf(sellerSku), productName: product?.title ?? sellerSku,
      fulfillable: 0, inboundWorking: 0, inboundShipped: 0, inboundReceiving: 0,
      reserved: { pendingCustomerOrder: 0, pendingTransshipment: 0, fcProcessing: 0 },
      researching: { shortTerm: 0, midTerm: 0, longTerm: 0 },
      unfulfillable: { customerDamaged: 0, warehouseDamaged: 0, distributorDamaged: 0, carrierDamaged: 0, defective: 0, expired: 0 },
      lastUpdatedMs: this.#now(),
    };
    const next: StockRecord = {
      ...old, ...patch, sellerSku,
      reserved: { ...old.reserved, ...patch.reserved },
      researching: { ...old.researching, ...patch.researching },
      unfulfillable: { ...old.unfulfillable, ...patch.unfulfillable },
      lastUpdatedMs: this.#now(),
    };
    bySku.set(sellerSku, next);
    if (!this.#seeding && quantitiesOf(old) !== quantitiesOf(next)) this.onChange?.(sellerId, pool, next);
    return next;
  }

  /** The records of a seller's pool, by SKU. */
  list(sellerId: string, pool: PoolId): StockRecord[] {
    return [...(this.#stock.get(sellerId)?.get(pool)?.values() ?? [])].sort((a, b) => (a.sellerSku < b.sellerSku ? -1 : a.sellerSku > b.sellerSku ? 1 : 0));
  }

  /** Every pool of a seller with its records. */
  pools(sellerId: string): Record<PoolId, StockRecord[]> {
    const out: Record<PoolId, StockRecord[]> = {};
    for (const pool of this.#stock.get(sellerId)?.keys() ?? []) out[pool] = this.list(sellerId, pool);
    return out;
  }

  /** Follows an FBA order's status change (the order store calls it on every put). */
  orderChanged(prev: StoredOrder | undefined, next: StoredOrder): void {
    if (next.fulfilledBy !== 'AMAZON' || next.marketplaceId === undefined) return;
    const pool = poolOfMarketplace(this.#catalogue, next.marketplaceId);
    if (!pool) return;
    const open = (s: string | undefined) => s === 'PENDING' || s === 'PENDING_AVAILABILITY' || s === 'UNSHIPPED';
    const held = this.#reservations.get(next.orderId);
    if (!prev && open(next.status)) this.#reserve(next, pool);
    else if (prev && prev.status !== 'SHIPPED' && next.status === 'SHIPPED') {
      this.#reservations.delete(next.orderId);
      // What the order shipped leaves the pool: from its reservation, the rest (an order never reserved) from fulfillable.
      for (const [sku, q] of unitsOf(next, 'shipped')) {
        const fromReserve = Math.min(q, held?.units.get(sku) ?? 0);
        this.#move(next.sellerId, pool, sku, -Math.min(q - fromReserve, this.#get(next.sellerId, pool, sku)?.fulfillable ?? 0), -fromReserve);
      }
    } else if (held && (next.status === 'CANCELLED' || next.status === 'UNFULFILLABLE')) {
      this.#reservations.delete(next.orderId);
      for (const [sku, q] of held.units) this.#move(next.sellerId, held.pool, sku, q, -q);
    }
  }

  #reserve(order: StoredOrder, pool: PoolId): void {
    const units: Units = new Map();
    for (const [sku, q] of unitsOf(order, 'ordered')) {
      const r = this.#get(order.sellerId, pool, sku);
      const take = Math.min(q, r?.fulfillable ?? 0);
      if (take <= 0) continue;
      units.set(sku, take);
      this.#move(order.sellerId, pool, sku, -take, take);
    }
    if (units.size) this.#reservations.set(order.orderId, { sellerId: order.sellerId, pool, units });
  }

  #move(sellerId: string, pool: PoolId, sku: string, fulfillable: number, reserved: number): void {
    const r = this.#get(sellerId, pool, sku);
    if (!r || (fulfillable === 0 && reserved === 0)) return;
    this.set(sellerId, pool, sku, { fulfillable: Math.max(0, r.fulfillable + fulfillable),
      reserved: { pendingCustomerOrder: Math.max(0, r.reserved.pendingCustomerOrder + reserved) } });
  }

  #get(sellerId: string, pool: PoolId, sku: string): StockRecord | undefined {
    return this.#stock.get(sellerId)?.get(pool)?.get(sku);
  }

  #pool(sellerId: string, pool: PoolId): Map<string, StockRecord> {
    let bySeller = this.#stock.get(sellerId);
    if (!bySeller) this.#stock.set(sellerId, (bySeller = new Map()));
    let bySku = bySeller.get(pool);
    if (!bySku) bySeller.set(pool, (bySku = new Map()));
    return bySku;
  }
}

/** Units per SKU of an order: ordered (less what the seller cancelled), or shipped (`quantityFulfilled`). */
function unitsOf(order: StoredOrder, what: 'ordered' | 'shipped'): Units {
  const out: Units = new Map();
  const items = Array.isArray(order.order.orderItems) ? order.order.orderItems : [];
  for (const raw of items) {
    if (!raw || typeof raw !== 'object') continue;
    const it = raw as { product?: { sellerSku?: unknown }; quantityOrdered?: unknown; fulfillment?: { quantityFulfilled?: unknown } };
    const sku = it.product?.sellerSku;
    const q = what === 'ordered' ? it.quantityOrdered : it.fulfillment?.quantityFulfilled;
    if (typeof sku !== 'string' || typeof q !== 'number' || q <= 0) continue;
    out.set(sku, (out.get(sku) ?? 0) + q);
  }
  return out;
}
