/**
 * The generated world's money (issue 14): every order that ships posts a Shipment transaction, RELEASED, or
 * DEFERRED then released (B2B invoiced orders 30 days after shipping; a quarter of the others under Amazon's
 * delivery date + 7 days policy); the returns world's refunded returns post Refund transactions on their refund
 * day for the amount it decided; on top of those, orders refunded without a return (never arrived, goodwill) bring
 * the refunded share of shipped orders to `refundShare`, a tenth of those chargebacks and a few A-to-z guarantee
 * claims. A B2B invoiced order's refund is deferred (30 days) and released later, like its sale. Decided once per
 * order from its own stream (`mixSeed(seed, orderId, 'finances')`), so no other draw moves.
 */
import type { Catalogue } from '../catalogue.ts';
import { createRng, mixSeed } from '../generator/prng.ts';
import type { ReturnStore } from '../returns/return-store.ts';
import type { StoredOrder } from '../store/order-store.ts';
import { moneyLines } from './line-money.ts';
import { addRefund, addReturnRefund, addSale, unitsWorth, type Deferral } from './transaction-factory.ts';
import type { TransactionStore } from './transaction-store.ts';

const DAY = 86_400_000;
/** Of merchant and FBA orders not invoiced, the share under the delivery date + 7 days policy (DD7). */
const DD7_SHARE = 0.25;
/** Of refunds without a return, the share that are chargebacks. */
const CHARGEBACK_SHARE = 0.1;
/** Of the other refunds without a return, the share that are A-to-z guarantee claims Amazon granted the buyer. */
const GUARANTEE_SHARE = 0.05;
/** Returned orders that end refunded (merchant 88 %, FBA 100 %, about half each): what the returns world adds. */
const RETURNS_REFUNDED = 0.93;

export class FinanceWorld {
  readonly #store: TransactionStore;
  readonly #returns: ReturnStore;
  readonly #seed: number;
  readonly #noReturnShare: number;
  readonly #now: () => number;
  readonly #catalogue: Catalogue;

  constructor(opts: { store: TransactionStore; returns: ReturnStore; seed: number; returnShare: number; refundShare: number; now: () => number; catalogue: Catalogue }) {
    this.#catalogue = opts.catalogue;
    this.#store = opts.store;
    this.#returns = opts.returns;
    this.#seed = opts.seed;
    this.#now = opts.now;
    const byReturns = opts.returnShare * RETURNS_REFUNDED;
    this.#noReturnShare = opts.returnShare >= 1 ? 0 : Math.max(0, (opts.refundShare - byReturns) / (1 - opts.returnShare));
  }

  /** Told of every stored order after the returns world: an order that has just shipped gets its money. */
  orderChanged(prev: StoredOrder | undefined, next: StoredOrder): void {
    if (next.status !== 'SHIPPED' || prev?.status === 'SHIPPED') return;
    const lines = moneyLines(next, this.#catalogue);
    if (lines.length === 0) return;
    const rng = createRng(mixSeed(this.#seed, next.orderId, 'finances'));
    const shipMs = next.updatedMs;
    const invoiced = JSON.stringify(next.order.payment ?? {}).includes('"paymentMethod":"Invoice"');
    const deliveredMs = shipMs + rng.int(1, 5) * DAY;
    const deferral: Deferral | undefined = invoiced ? { reason: 'B2B', maturityMs: shipMs + 30 * DAY }
      : rng.chance(DD7_SHARE) ? { reason: 'DD7', maturityMs: deliveredMs + 7 * DAY } : undefined;
    const nowMs = this.#now();
    // History posted before now is not news: only what posts from now on is announced.
    const seen = (ms: number) => ms < nowMs;
    for (const t of addSale(this.#store, this.#catalogue, next, shipMs, deferral)) t.announced = seen(t.postedMs);
    const returned = [...this.#returns.returns.values()].filter((r) => r.orderId === next.orderId);
    for (const r of returned) addReturnRefund(this.#store, this.#catalogue, next, r, nowMs);
    if (returned.length > 0 || !rng.chance(this.#noReturnShare)) return;
    // Refunded without a return: a line that never arrived (in full), a goodwill part, or the bank's chargeback.
    const line = rng.pick(lines);
    const chargeback = rng.chance(CHARGEBACK_SHARE);
    const full = chargeback || rng.chance(0.5);
    const worth = unitsWorth(line, line.shipped);
    const amount = full ? worth : Math.max(1, Math.round((worth * rng.int(10, 30)) / 100));
    const postedMs = deliveredMs + (chargeback ? rng.int(30, 60) : rng.int(3, 20)) * DAY;
    // A B2B invoiced order's refund is deferred like its sale (the invoice's terms), released at its own maturity.
    const refundDeferral: Deferral | undefined = invoiced ? { reason: 'B2B', maturityMs: postedMs + 30 * DAY } : undefined;
    addRefund(this.#store, next, { lines: [{ line, units: full ? line.shipped : 0, amount }], postedMs,
      kind: chargeback ? 'chargeback' : rng.chance(GUARANTEE_SHARE) ? 'guarantee_claim' : 'refund', source: 'world',
      ...(refundDeferral ? { deferral: refundDeferral } : {}) });
    for (const t of this.#store.ofOrder(next.sellerId, next.orderId)) if (t.transactionType === 'Refund' && !t.announced) t.announced = seen(t.postedMs);
  }
}
