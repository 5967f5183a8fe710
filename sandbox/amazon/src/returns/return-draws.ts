/**
 * The generated world's returns: a share (`returnShare`, 0.06) of the orders that ship is returned, decided once per
 * order from its own stream (`mixSeed(seed, orderId, 'returns')`), so other draws are untouched and the same seed
 * gives the same returns. The return is dated 2-30 days after shipping (a fresh order's return lies ahead: it shows
 * in reports once its day has come). Merchant returns: 80 % refunded in full on delivery back, 8 % partly (the
 * seller kept some for damage), 12 % never refunded (the buyer never sent the parcel). FBA returns: 8 % never
 * arrive (refunded, then reimbursed as CustomerReturn 45 days later, absent from the returns report); the others
 * arrive with a disposition, 15 % of them revised 7-35 days later; units Amazon damaged (DAMAGED) or lost after
 * receiving them (3 % of sellable ones) are reimbursed.
 */
import { findMarketplace, type Catalogue } from '../catalogue.ts';
import { createRng, mixSeed, type Rng } from '../generator/prng.ts';
import type { StoredOrder } from '../store/order-store.ts';
import { shippedLines } from './order-lines.ts';
import { makeReturn, reimburse } from './return-factory.ts';
import type { Disposition, ReturnStore } from './return-store.ts';

const DAY = 86_400_000;
export const RETURN_REASONS = ['UNWANTED_ITEM', 'DEFECTIVE', 'NOT_AS_DESCRIBED', 'DAMAGED_BY_CARRIER', 'ORDERED_WRONG_ITEM',
  'FOUND_BETTER_PRICE', 'NO_REASON_GIVEN', 'MISSED_ESTIMATED_DELIVERY'] as const;
const COMMENTS = ['', '', '', 'Not what I expected', 'Arrived too late', 'Box was damaged', 'Does not work'];

function weighted<T>(rng: Rng, table: readonly (readonly [T, number])[]): T {
  let x = rng.next() * table.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of table) if ((x -= w) < 0) return v;
  return table[table.length - 1]![0];
}

const FIRST: readonly (readonly [Disposition, number])[] = [['SELLABLE', 60], ['CUSTOMER_DAMAGED', 15], ['DEFECTIVE', 12],
  ['DAMAGED', 6], ['CARRIER_DAMAGED', 7]];

type Refund = 'full' | number | 'never';

export class ReturnWorld {
  readonly #store: ReturnStore;
  readonly #catalogue: Catalogue;
  readonly #seed: number;
  readonly #share: number;

  constructor(store: ReturnStore, catalogue: Catalogue, seed: number, share: number) {
    this.#store = store;
    this.#catalogue = catalogue;
    this.#seed = seed;
    this.#share = share;
  }

  /** Told of every stored order: an order that has just shipped may be returned. */
  orderChanged(prev: StoredOrder | undefined, next: StoredOrder): void {
    if (this.#share <= 0 || next.status !== 'SHIPPED' || prev?.status === 'SHIPPED') return;
    const rng = createRng(mixSeed(this.#seed, next.orderId, 'returns'));
    if (!rng.chance(this.#share)) return;
    const lines = shippedLines(next).filter((l) => this.#store.returnedUnits(next.orderId, l.orderItemId) === 0);
    if (lines.length === 0) return;
    const line = rng.pick(lines);
    const country = findMarketplace(this.#catalogue, next.marketplaceId ?? '')?.country ?? 'DE';
    const fba = next.fulfilledBy === 'AMAZON';
    const returnMs = next.updatedMs + rng.int(2, 30) * DAY + rng.int(0, 86_399) * 1000;
    const reason = rng.pick(RETURN_REASONS);
    const arrives = !fba || !rng.chance(0.08);
    const first = weighted(rng, FIRST);
    const partly = rng.int(50, 80) / 100;
    const refund: Refund = fba ? 'full' : weighted<Refund>(rng, [['full', 80], [partly, 8], ['never', 12]]);
    const r = makeReturn(this.#store, next, line, country, { quantity: rng.chance(0.25) ? line.shipped : 1, reason, returnMs,
      ...(arrives ? { disposition: first } : {}), refund, comments: rng.pick(COMMENTS), source: 'world' }, rng);
    if (!fba) return;
    if (!arrives) {
      reimburse(this.#store, r, 'CustomerReturn', returnMs + 45 * DAY, true);
      return;
    }
    if (first === 'SELLABLE' && rng.chance(0.03)) {
      // Received, then lost in the fulfilment centre before it was back in stock: Amazon pays for it.
      reimburse(this.#store, r, 'Lost_Warehouse', returnMs + rng.int(20, 60) * DAY, rng.chance(0.7));
      return;
    }
    if (rng.chance(0.15)) {
      // A second look at the unit (Amazon revises the row): a sellable unit found damaged, or the other way round.
      const later: Disposition = first === 'SELLABLE' ? rng.pick(['CUSTOMER_DAMAGED', 'DEFECTIVE'] as const) : 'SELLABLE';
      r.dispositions.push({ disposition: later, atMs: returnMs + rng.int(7, 35) * DAY, status: r.dispositions[0]!.status });
    }
  }
}
