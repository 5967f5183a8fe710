/**
 * A seller's listings and the one merchant quantity each has (`fulfillment_availability`, channel DEFAULT): per
 * seller and SKU, never per marketplace, shared by patchListingsItem, JSON_LISTINGS_FEED, merchant orders (Amazon
 * takes an order's units off at once, and gives them back when it is cancelled before shipping) and the admin API.
 * FBA stock is not here: it lives in the FBA pools (`fba/fba-stock.ts`).
 */
import type { Catalogue } from '../catalogue.ts';
import type { SellerConfig } from '../config.ts';
import { createRng, mixSeed } from '../generator/prng.ts';
import type { StoredOrder } from '../store/order-store.ts';
import { soldUnits } from './order-units.ts';

/** What last changed a listing's merchant quantity. */
export type QuantitySource = 'seed' | 'patch' | 'feed' | 'order' | 'cancellation' | 'admin';

export interface ListingRecord {
  sellerId: string;
  sku: string;
  productType: string;
  /** Catalogue facts (absent for a SKU a patch or feed created that the catalogue does not know). */
  asin?: string;
  itemName?: string;
  createdMs: number;
  updatedMs: number;
  /** Attributes other patches set (fulfillment_availability is `quantity`), kept as sent. */
  attributes: Record<string, unknown[]>;
  /** The DEFAULT channel quantity; undefined: no merchant offer (an FBA-only listing). */
  quantity?: number;
  quantityChangedMs?: number;
  changedBy?: QuantitySource;
}

export type QuantityListener = (rec: ListingRecord, previous: number | undefined) => void;

const OPEN = new Set(['PENDING', 'PENDING_AVAILABILITY', 'UNSHIPPED']);

/** The listings of one sandbox. */
export class ListingStore {
  readonly #bySeller = new Map<string, Map<string, ListingRecord>>();
  /** orderId -> units a merchant order took off its listings (what a cancellation gives back). */
  readonly #taken = new Map<string, { sellerId: string; units: Map<string, number> }>();
  readonly #catalogue: Catalogue;
  readonly #now: () => number;
  /** Told of every change of a merchant quantity (LISTINGS_ITEM_MFN_QUANTITY_CHANGE); silent while seeding. */
  onQuantityChange: QuantityListener | undefined;

  constructor(catalogue: Catalogue, now: () => number) {
    this.#catalogue = catalogue;
    this.#now = now;
  }

  /**
   * Every seller lists every catalogue product: merchant-fulfilled with a quantity drawn from the seed (about one in
   * twenty sold out), except the FBA listings (`-FBA`), which have no merchant quantity.
   */
  seed(seed: number, sellers: readonly SellerConfig[]): void {
    this.#bySeller.clear();
    this.#taken.clear();
    const now = this.#now();
    for (const s of sellers) {
      const skus = this.#seller(s.sellerId);
      for (const p of this.#catalogue.products) {
        const rng = createRng(mixSeed(seed, 'listing-quantity', s.sellerId, p.sellerSku));
        const fbaOnly = p.sellerSku.endsWith('-FBA');
        const quantity = fbaOnly ? undefined : rng.chance(0.05) ? 0 : rng.int(20, 250);
        skus.set(p.sellerSku, { sellerId: s.sellerId, sku: p.sellerSku, productType: 'PRODUCT', asin: p.asin, itemName: p.title,
          createdMs: now, updatedMs: now, attributes: {},
          ...(quantity === undefined ? {} : { quantity, quantityChangedMs: now, changedBy: 'seed' as const }) });
      }
    }
  }

  get(sellerId: string, sku: string): ListingRecord | undefined {
    return this.#bySeller.get(sellerId)?.get(sku);
  }

  /** A seller's listings, by SKU. */
  list(sellerId: string): ListingRecord[] {
    return [...(this.#bySeller.get(sellerId)?.values() ?? [])].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  }

  /** The listing of a SKU, created (offer only, `productType` given) when the seller had none: Amazon accepts so. */
  ensure(sellerId: string, sku: string, productType: string): ListingRecord {
    const skus = this.#seller(sellerId);
    let rec = skus.get(sku);
    if (!rec) {
      const now = this.#now();
      const p = this.#catalogue.products.find((x) => x.sellerSku === sku);
      rec = { sellerId, sku, productType, createdMs: now, updatedMs: now, attributes: {},
        ...(p ? { asin: p.asin, itemName: p.title } : {}) };
      skus.set(sku, rec);
    }
    return rec;
  }

  /** Sets (or with undefined removes) the merchant quantity; tells the listener when it changed. */
  setQuantity(sellerId: string, sku: string, quantity: number | undefined, by: QuantitySource, productType = 'PRODUCT'): ListingRecord {
    const rec = this.ensure(sellerId, sku, productType);
    const previous = rec.quantity;
    const now = this.#now();
    rec.updatedMs = now;
    if (previous === quantity) return rec;
    if (quantity === undefined) delete rec.quantity;
    else rec.quantity = quantity;
    rec.quantityChangedMs = now;
    rec.changedBy = by;
    if (quantity !== undefined) this.onQuantityChange?.(rec, previous);
    return rec;
  }

  /** Sets or removes another attribute (patch `replace` / `merge` / `delete`). */
  setAttribute(rec: ListingRecord, name: string, value: unknown[] | undefined): void {
    if (value === undefined) delete rec.attributes[name];
    else rec.attributes[name] = value;
    rec.updatedMs = this.#now();
  }

  /** Forgets a listing (JSON_LISTINGS_FEED DELETE). */
  remove(sellerId: string, sku: string): void {
    this.#bySeller.get(sellerId)?.delete(sku);
  }

  /**
   * Follows a merchant order (the order store calls it on every put): placed open (PENDING included), its units
   * leave the listings at once, never below zero; cancelled units before shipping come back (as far as they were
   * taken). Orders stored already shipped or cancelled are history before the quantities and move nothing.
   */
  orderChanged(prev: StoredOrder | undefined, next: StoredOrder): void {
    if (next.fulfilledBy === 'AMAZON') return;
    const held = this.#taken.get(next.orderId);
    if (!prev) {
      if (!OPEN.has(next.status ?? '')) return;
      const units = new Map<string, number>();
      for (const [sku, q] of soldUnits(next)) {
        const rec = this.get(next.sellerId, sku);
        if (rec?.quantity === undefined) continue;
        const take = Math.min(q, rec.quantity);
        units.set(sku, take);
        if (take > 0) this.setQuantity(next.sellerId, sku, rec.quantity - take, 'order');
      }
      if (units.size) this.#taken.set(next.orderId, { sellerId: next.sellerId, units });
      return;
    }
    if (!held) return;
    const still = next.status === 'CANCELLED' ? new Map<string, number>() : soldUnits(next);
    for (const [sku, took] of held.units) {
      const back = took - Math.min(took, still.get(sku) ?? 0);
      if (back <= 0) continue;
      held.units.set(sku, took - back);
      const rec = this.get(held.sellerId, sku);
      if (rec?.quantity !== undefined) this.setQuantity(held.sellerId, sku, rec.quantity + back, 'cancellation');
    }
    // Once shipped, nothing comes back any more (a return is not a cancellation).
    if (next.status === 'SHIPPED' || next.status === 'CANCELLED') this.#taken.delete(next.orderId);
  }

  #seller(sellerId: string): Map<string, ListingRecord> {
    let m = this.#bySeller.get(sellerId);
    if (!m) this.#bySeller.set(sellerId, (m = new Map()));
    return m;
  }
}
