/**
 * Deterministic order generation: order n of a seller is drawn from its own stream mixSeed(seed, seller, n), so the
 * same seed gives the same orders whatever else happens in between (admin calls, continuous mode).
 */
import type { Catalogue, Marketplace } from '../catalogue.ts';
import type { SellerConfig } from '../config.ts';
import { buildOrder, type OrderChoices } from './order-factory.ts';
import { makePerson, mailTld, type Person } from './people.ts';
import { createRng, mixSeed } from './prng.ts';
import { worldOf } from './world-shares.ts';

/** How many of a seller's latest order ids a replacement may point to. */
const EARLIER_KEPT = 200;

/** Choices a caller may pin when generating (admin API, tests); anything unset is drawn at random. */
export interface GenerateOptions extends OrderChoices {
  count: number;
  /** createdTime spread over [createdFrom, createdTo] (ms), ascending. */
  createdFrom: number;
  createdTo: number;
}

/** Generates orders for the configured sellers. */
export class OrderGenerator {
  readonly #seed: number;
  readonly #catalogue: Catalogue;
  readonly #sellers: Map<string, SellerConfig>;
  readonly #seq = new Map<string, number>();
  readonly #buyers = new Map<string, Person>();
  readonly #earlier = new Map<string, string[]>();

  constructor(seed: number, catalogue: Catalogue, sellers: SellerConfig[]) {
    this.#seed = seed;
    this.#catalogue = catalogue;
    this.#sellers = new Map(sellers.map((s) => [s.sellerId, s]));
  }

  /** Makes `count` orders for a seller; `taken` says whether an order id already exists (ids never repeat). */
  generate(sellerId: string, opts: GenerateOptions, taken: (orderId: string) => boolean): Record<string, unknown>[] {
    const seller = this.#sellers.get(sellerId);
    if (!seller) throw new Error(`unknown seller ${sellerId}`);
    const out: Record<string, unknown>[] = [];
    const seen = new Set<string>();
    const world = worldOf(seller.world);
    const earlier = this.#earlier.get(sellerId) ?? [];
    this.#earlier.set(sellerId, earlier);
    const span = Math.max(0, opts.createdTo - opts.createdFrom);
    for (let i = 0; i < opts.count; i++) {
      const seq = this.#seq.get(sellerId) ?? 0;
      this.#seq.set(sellerId, seq + 1);
      const createdMs = opts.count > 1 ? opts.createdFrom + Math.floor((span * i) / (opts.count - 1)) : opts.createdTo;
      for (let attempt = 0; ; attempt++) {
        const rng = createRng(mixSeed(this.#seed, sellerId, seq, attempt));
        const worldRng = createRng(mixSeed(this.#seed, sellerId, seq, attempt, 'world'));
        const order = buildOrder(rng, this.#catalogue, seller, {
          seq, createdMs, horizonMs: opts.horizonMs, lifecycle: opts.lifecycle,
          marketplaceId: opts.marketplaceId, fulfilledBy: opts.fulfilledBy, status: opts.status,
          business: opts.business, firstSku: opts.firstSku, moneySeed: mixSeed(this.#seed, sellerId, seq, attempt, 'money'),
          world, worldRng, earlierOrderIds: earlier,
        }, (mp, shipTo, index) => this.#buyer(sellerId, mp, shipTo, index));
        const id = order.orderId as string;
        if (taken(id) || seen.has(id)) continue;
        seen.add(id);
        out.push(order);
        earlier.push(id);
        if (earlier.length > EARLIER_KEPT) earlier.shift();
        break;
      }
    }
    return out;
  }

  /** Forgets sequence numbers and buyers: after a reset the same seed gives the same orders again. */
  reset(): void {
    this.#seq.clear();
    this.#buyers.clear();
    this.#earlier.clear();
  }

  #buyer(sellerId: string, mp: Marketplace, shipTo: string, index: number): Person {
    const key = `${sellerId}/${mp.marketplaceId}/${index}`;
    let person = this.#buyers.get(key);
    if (!person) {
      person = makePerson(createRng(mixSeed(this.#seed, 'buyer', key)), shipTo, mailTld(mp.country));
      // Repeat buyers exist: only a bounded set of regulars is cached, one-off buyers are not kept.
      if (index < 1000) this.#buyers.set(key, person);
    }
    return person;
  }
}
