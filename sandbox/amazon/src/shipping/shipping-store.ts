/**
 * What the sandbox's Buy Shipping remembers: the rate offers of each getRates answer (its requestToken, valid 10
 * minutes as the model says), the shipments bought (their tracking ids and whether cancelled), and each
 * `x-amzn-IdempotencyKey` with the request it came with and the answer given, so a retry gets the same answer and
 * no second label.
 */
import type { ShippingService } from './services.ts';
import type { RatePackage } from './rate-request.ts';

export interface RateOffer {
  rateId: string;
  service: ShippingService;
  chargeMinor: number;
  currency: string;
  pickup: { start: number; end: number };
  delivery: { start: number; end: number };
}

export interface RateQuote {
  requestToken: string;
  sellerId: string;
  orderId: string;
  createdMs: number;
  packages: RatePackage[];
  offers: RateOffer[];
}

export interface BoughtPackage {
  packageClientReferenceId: string;
  trackingId: string;
  packageReferenceId: string;
}

export interface BoughtShipment {
  shipmentId: string;
  sellerId: string;
  orderId: string;
  offer: RateOffer;
  packages: BoughtPackage[];
  purchasedMs: number;
  cancelledMs: number | null;
  /** Bought through Merchant Fulfillment v0 (`../merchant-fulfillment/`): its request echoed in the Shipment, its label format. */
  mfn?: { request: Record<string, unknown>; labelFormat: string };
}

export interface IdempotentAnswer {
  bodyHash: string;
  status: number;
  body: unknown;
}

export const TOKEN_TTL_MS = 10 * 60_000;
/** A label may be voided this long after its purchase (carriers take it at the next pickup; Amazon allows 24 h). */
export const VOID_WINDOW_MS = 24 * 3_600_000;

export class ShippingStore {
  readonly quotes = new Map<string, RateQuote>();
  readonly shipments = new Map<string, BoughtShipment>();
  readonly #idempotent = new Map<string, IdempotentAnswer>();
  #serial = 0;

  /** A fresh id with a prefix, unique in this sandbox. */
  nextId(prefix: string): string {
    this.#serial += 1;
    return `${prefix}${Date.now().toString(36).toUpperCase()}${String(this.#serial).padStart(6, '0')}`;
  }

  answered(sellerId: string, key: string): IdempotentAnswer | undefined {
    return this.#idempotent.get(`${sellerId}\u0000${key}`);
  }

  remember(sellerId: string, key: string, answer: IdempotentAnswer): void {
    this.#idempotent.set(`${sellerId}\u0000${key}`, answer);
  }

  /** The shipments of an order (cancelled ones included), oldest first. */
  ofOrder(orderId: string): BoughtShipment[] {
    return [...this.shipments.values()].filter((s) => s.orderId === orderId);
  }

  /** Forgets everything (the sandbox's reset). */
  clear(): void {
    this.quotes.clear();
    this.shipments.clear();
    this.#idempotent.clear();
  }
}
