/**
 * How often each kind of order happens, per seller (`SellerConfig.world`, any field may be overridden). The
 * defaults (`REALISTIC_WORLD`) follow what sellers report; `LEGACY_WORLD` is the sandbox before issue 8 (3 % FBA,
 * 45 % multi-line, only PENDING / UNSHIPPED / CANCELLED merchant orders): with it the generator draws exactly the
 * orders it drew then, which tests counting on the old mix pin.
 */
import type { FulfillmentStatus } from './order-factory.ts';
import type { Rng } from './prng.ts';
import type { SalesHistoryOptions } from './sales-history.ts';

/** Probabilities by outcome; they add up to 1 (the last outcome takes any rest). */
export type Weights<K extends string> = ReadonlyArray<readonly [K, number]>;

export interface WorldShares {
  /** Orders fulfilled by Amazon (FBA). Most sellers ship much of their volume so: 50-70 %. */
  fba: number;
  /** Lines per order: 1, 2, 3; the rest has 4-5. FBA orders follow it unless `fbaSingleLine`. */
  lines: { one: number; two: number; three: number };
  /** FBA orders always have one line (the sandbox before issue 8). */
  fbaSingleLine: boolean;
  /** Status of merchant orders already some hours old (seed orders, admin generate). */
  merchantStatus: Weights<FulfillmentStatus>;
  /** Status of merchant orders placed just now (continuous mode). */
  freshStatus: Weights<FulfillmentStatus>;
  /** Status of FBA orders. UNFULFILLABLE ones are Multi-Channel Fulfillment orders (`NON_AMAZON` channel). */
  fbaStatus: Weights<FulfillmentStatus>;
  /** Status of FBA orders placed just now (continuous mode); open ones ship later (continuous-mode.ts). */
  fbaFreshStatus: Weights<FulfillmentStatus>;
  /** PENDING orders that carry no prices yet (no proceeds, payment or unit price until Amazon releases them). */
  pendingWithoutPrices: number;
  /** Non-pending, non-cancelled merchant orders with some units of one line cancelled by the seller. */
  partialCancellation: number;
  /** UNSHIPPED merchant orders whose buyer asked to cancel (a request, not yet executed). */
  buyerCancelRequest: number;
  /** Orders that are free replacements of an earlier order (`associatedOrders`, every amount zero). */
  replacement: number;
  /** Merchant orders whose recipient phone Amazon suppresses (FBA orders never show one). */
  phoneSuppressed: number;
  /** Weeks of past orders with trend and seasonality, made at start and on reset (off unless set: README "Sales history"). */
  salesHistory?: SalesHistoryOptions;
}

/** What sellers see (documented in the README "Generated orders"). */
export const REALISTIC_WORLD: WorldShares = {
  fba: 0.6,
  lines: { one: 0.8, two: 0.14, three: 0.04 },
  fbaSingleLine: false,
  merchantStatus: [['PENDING', 0.1], ['PENDING_AVAILABILITY', 0.02], ['UNSHIPPED', 0.5], ['PARTIALLY_SHIPPED', 0.03],
    ['SHIPPED', 0.3], ['CANCELLED', 0.05]],
  freshStatus: [['PENDING', 0.68], ['PENDING_AVAILABILITY', 0.02], ['UNSHIPPED', 0.3]],
  fbaStatus: [['PENDING', 0.05], ['UNSHIPPED', 0.15], ['SHIPPED', 0.77], ['CANCELLED', 0.02], ['UNFULFILLABLE', 0.01]],
  fbaFreshStatus: [['PENDING', 0.3], ['UNSHIPPED', 0.7]],
  pendingWithoutPrices: 0.5,
  partialCancellation: 0.03,
  buyerCancelRequest: 0.03,
  replacement: 0.01,
  phoneSuppressed: 0.05,
};

/** The sandbox before issue 8, draw for draw. */
export const LEGACY_WORLD: WorldShares = {
  fba: 0.03,
  lines: { one: 0.55, two: 0.25, three: 0.15 },
  fbaSingleLine: true,
  merchantStatus: [['PENDING', 0.25], ['UNSHIPPED', 0.7], ['CANCELLED', 0.05]],
  freshStatus: [['PENDING', 0.7], ['UNSHIPPED', 0.3]],
  fbaStatus: [['SHIPPED', 0.8], ['UNSHIPPED', 0.2]],
  fbaFreshStatus: [['SHIPPED', 0.8], ['UNSHIPPED', 0.2]],
  pendingWithoutPrices: 0,
  partialCancellation: 0,
  buyerCancelRequest: 0,
  replacement: 0,
  phoneSuppressed: 0,
};

/** The seller's shares: the realistic defaults with its overrides. */
export function worldOf(overrides: Partial<WorldShares> | undefined): WorldShares {
  return { ...REALISTIC_WORLD, ...overrides };
}

/** One outcome for the draw x in [0, 1). */
export function pickWeighted<K extends string>(x: number, weights: Weights<K>): K {
  let edge = 0;
  for (const [k, w] of weights) {
    edge += w;
    if (x < edge) return k;
  }
  const last = weights[weights.length - 1];
  if (!last) throw new Error('no outcomes to pick from');
  return last[0];
}

/** Lines of an order from one draw (the first draw) and, for 4-5 lines, a second one. */
export function lineCountOf(rng: Rng, lines: WorldShares['lines']): number {
  const x = rng.next();
  return x < lines.one ? 1 : x < lines.one + lines.two ? 2 : x < lines.one + lines.two + lines.three ? 3 : rng.int(4, 5);
}
