/** One generated order in the full Orders v2026-01-01 shape (every includedData part present; answers trim it). */
import type { Catalogue, Marketplace } from '../catalogue.ts';
import { moneyShapeOf, type SellerConfig } from '../config.ts';
import { orderProceeds } from './amounts.ts';
import { makeOrderId } from './ids.ts';
import { drawMoney } from './money-draws.ts';
import { minorDigits, toMinor, fromMinor } from './money.ts';
import { deferPrices } from './deferred-prices.ts';
import { buildLines, type LineSpec } from './order-lines.ts';
import { makeCompany, mailTld, makePerson, type Person } from './people.ts';
import { createRng, mixSeed, type Rng } from './prng.ts';
import { destinationVat, EU_COUNTRIES, taxModeFor, vatAccounting, type VatAccounting } from './tax-modes.ts';
import { buyerCancelRequest, lineUnits, packagesOf, partialCancellation, type LineUnits } from './world-cases.ts';
import { pickWeighted, type WorldShares } from './world-shares.ts';

export type FulfillmentStatus = 'PENDING_AVAILABILITY' | 'PENDING' | 'UNSHIPPED' | 'PARTIALLY_SHIPPED' | 'SHIPPED' |
  'CANCELLED' | 'UNFULFILLABLE';

/** What a caller may pin about generated orders (admin API, tests, continuous mode); the rest is drawn. */
export interface OrderChoices {
  /** Latest allowed lastUpdatedTime (history: state changes already happened, but not after this). */
  horizonMs: number;
  /** history: states already advanced (seed orders); fresh: just placed (continuous mode). */
  lifecycle: 'history' | 'fresh';
  marketplaceId?: string;
  fulfilledBy?: 'MERCHANT' | 'AMAZON';
  status?: FulfillmentStatus;
  business?: boolean;
  /** The SKU of the first line (a sales history pins it); drawn as usual otherwise, and the draws stay the same. */
  firstSku?: string;
}

/** What the caller decides about one order; the rest is drawn from the rng. */
export interface OrderPlan extends OrderChoices {
  seq: number;
  createdMs: number;
  /** Seed of the order's second stream (the money rules of issue 8), so they leave the first stream's draws alone. */
  moneySeed?: number;
  /** The seller's shares of each kind of order. */
  world: WorldShares;
  /**
   * The order's third stream: every kind of order added in issue 8 (pre-orders, partial shipments and
   * cancellations, replacements...) draws from it, so a seller with none of them (LEGACY_WORLD) gets the very
   * orders the first stream alone gave before.
   */
  worldRng: Rng;
  /** Earlier orders of the seller, most recent last: a replacement points to one of them. */
  earlierOrderIds: readonly string[];
}

/** Finds (or makes) the buyer number `index` of a marketplace, so repeat buyers keep name and e-mail. */
export type BuyerSource = (mp: Marketplace, shipTo: string, index: number) => Person;

const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pickStatus(rng: Rng, plan: OrderPlan, fba: boolean): FulfillmentStatus {
  if (plan.status) return plan.status;
  const w = plan.world;
  const fresh = plan.lifecycle === 'fresh';
  return pickWeighted(rng.next(), fba ? (fresh ? w.fbaFreshStatus : w.fbaStatus) : fresh ? w.freshStatus : w.merchantStatus);
}

/** The issue-8 kinds of order, all drawn up front from the world stream in a fixed order. */
function drawCases(plan: OrderPlan, region: SellerConfig['region']) {
  const r = plan.worldRng;
  const w = plan.world;
  const replacement = r.next() < w.replacement;
  const originalId = plan.earlierOrderIds.length ? plan.earlierOrderIds[r.int(0, plan.earlierOrderIds.length - 1)]!
    : makeOrderId(r, region);
  return {
    replacement: replacement ? originalId : undefined,
    hidePrices: r.next() < w.pendingWithoutPrices,
    partialCancel: r.next() < w.partialCancellation,
    cancelRequest: r.next() < w.buyerCancelRequest,
    phoneSuppressed: r.next() < w.phoneSuppressed,
  };
}

function cancelledByBuyer(): Record<string, unknown> {
  return {
    cancellationRequest: { requester: 'BUYER', cancelReason: 'Order placed by mistake' },
    cancellationExecution: { cancelledBy: 'BUYER', cancelReason: 'Order placed by mistake' },
  };
}

/** Builds one internally consistent order (see the README for the amount convention). */
export function buildOrder(rng: Rng, cat: Catalogue, seller: SellerConfig, plan: OrderPlan, buyers: BuyerSource):
  Record<string, unknown> {
  const mpId = plan.marketplaceId ?? rng.pick(seller.marketplaceIds);
  const mp = cat.marketplaces.find((m) => m.marketplaceId === mpId);
  if (!mp) throw new Error(`unknown marketplace ${mpId}`);
  const fba = plan.fulfilledBy ? plan.fulfilledBy === 'AMAZON' : rng.chance(plan.world.fba);
  const business = plan.business ?? (!fba && rng.chance(0.1));
  const reverseCharge = business && EU_COUNTRIES.includes(mp.country) && rng.chance(0.4);
  const moneyRng = createRng(plan.moneySeed ?? mixSeed('money', seller.sellerId, plan.seq, plan.createdMs));
  const extra = drawMoney(moneyRng, { seller, mp, fba, business, reverseCharge });
  const shipTo = reverseCharge ? rng.pick(EU_COUNTRIES.filter((c) => c !== mp.country && c !== seller.shipFromCountry))
    : extra.crossBorderTo ?? mp.country;
  const prime = rng.chance(0.35);
  const buyerIndex = rng.chance(0.35) ? rng.int(0, 39) : 1000 + plan.seq;
  const person = reverseCharge ? makePerson(rng, shipTo, mailTld(mp.country))
    : extra.crossBorderTo ? makePerson(moneyRng, shipTo, mailTld(mp.country)) : buyers(mp, shipTo, buyerIndex);
  const company = business ? makeCompany(rng, shipTo) : undefined;
  const status = pickStatus(rng, plan, fba);
  const cases = drawCases(plan, seller.region);
  const shipping = !fba && !prime && rng.chance(0.5) && !cases.replacement;
  const lines = buildLines(rng, cat, {
    mp, fba, business, reverseCharge, shipping, freeShippingPromo: shipping && rng.chance(0.25),
    taxModeOf: (p) => taxModeFor(mp, p, person.address.stateOrRegion, reverseCharge, destinationVat(cat, mp, shipTo)),
    shape: moneyShapeOf(seller),
    // A free replacement charges nothing at all.
    codFee: cases.replacement ? 0 : extra.codFee, other: cases.replacement ? 0 : extra.other,
    lines: plan.world.lines, fbaSingleLine: plan.world.fbaSingleLine, zeroPriced: Boolean(cases.replacement),
    minUnits: status === 'PARTIALLY_SHIPPED' ? 2 : 1, firstSku: plan.firstSku,
  });
  const orderId = makeOrderId(rng, seller.region);
  const digits = minorDigits(mp.currency);
  const proceeds = orderProceeds(lines.map((l) => l.proceeds), mp.currency, digits, (a) => toMinor(a, digits),
    cases.replacement ? [] : extra.orderCharges);
  // FBA goods leave from stock in the marketplace's country, merchant goods from the seller's warehouse.
  const shipFrom = fba ? mp.country : seller.shipFromCountry ?? mp.country;
  const consignment = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const vat = vatAccounting({ mp, establishedIn: seller.establishedIn, shipFrom, shipTo, reverseCharge, consignment });
  const changed = status !== 'PENDING' && status !== 'PENDING_AVAILABILITY' && plan.lifecycle === 'history';
  const updatedMs = Math.min(plan.horizonMs, plan.createdMs + (changed ? rng.int(60_000, 2 * HOUR) : 0));
  const programs = [...(prime ? ['PRIME'] : []), ...(business ? ['AMAZON_BUSINESS'] : []),
    ...(status === 'PENDING_AVAILABILITY' ? ['PREORDER'] : [])];
  const merchantOpen = !fba && !['PENDING', 'PENDING_AVAILABILITY', 'CANCELLED'].includes(status);
  // The seller cancels some units of one line; the line's quantity and proceeds are what remains.
  const cancelLine = merchantOpen && cases.partialCancel ? plan.worldRng.int(0, lines.length - 1) : undefined;
  const units = lineUnits(lines, status, cancelLine, cancelLine === undefined ? 0 : plan.worldRng.int(1, 2));
  const cancellations = lines.map((_, i): Record<string, unknown> | undefined =>
    status === 'CANCELLED' ? cancelledByBuyer()
      : i === cancelLine ? partialCancellation(plan.worldRng)
        : !fba && status === 'UNSHIPPED' && cases.cancelRequest ? buyerCancelRequest(plan.worldRng) : undefined);
  const packages = !fba && (status === 'SHIPPED' || status === 'PARTIALLY_SHIPPED')
    ? packagesOf(plan.worldRng, lines, units, shipTo, plan.createdMs, Math.max(plan.createdMs, updatedMs)) : [];
  // Amazon never shows the phone of an FBA recipient, nor some merchant ones (the model's CustomerAddress.phone).
  const phone = fba || cases.phoneSuppressed ? {} : { phone: person.phone };

  // Drawn here, where the buyer part used to draw it, so that every later draw stays where it was.
  const poNumber = business && rng.chance(0.5) ? `PO-${rng.int(10_000, 99_999)}` : undefined;
  const order: Record<string, unknown> = {
    orderId,
    createdTime: iso(plan.createdMs),
    lastUpdatedTime: iso(Math.max(plan.createdMs, updatedMs)),
    ...(programs.length ? { programs } : {}),
    ...(cases.replacement ? { associatedOrders: [{ orderId: cases.replacement, associationType: 'REPLACEMENT_ORIGINAL_ID' }] } : {}),
    // UNFULFILLABLE exists only for Multi-Channel Fulfillment: FBA orders not placed on Amazon's website.
    salesChannel: { channelName: status === 'UNFULFILLABLE' ? 'NON_AMAZON' : 'AMAZON', marketplaceId: mp.marketplaceId,
      marketplaceName: mp.name },
    // Amazon gives no buyer data for FBA orders (the seller never ships them): an empty buyer part, and of the
    // recipient only where the goods went (the tax destination), never a name, street or phone.
    ...(fba ? { buyer: {} } : { buyer: {
      buyerName: person.name,
      buyerEmail: person.email,
      ...(company ? { buyerCompanyName: company.name } : {}),
      ...(poNumber ? { buyerPurchaseOrderNumber: poNumber } : {}),
    } }),
    recipient: {
      deliveryAddress: fba ? {
        city: person.address.city,
        ...(person.address.stateOrRegion ? { stateOrRegion: person.address.stateOrRegion } : {}),
        postalCode: person.address.postalCode,
        countryCode: shipTo,
      } : {
        name: person.name,
        ...(company ? { companyName: company.name } : {}),
        ...person.address,
        countryCode: shipTo,
        ...phone,
        addressType: business ? 'COMMERCIAL' : 'RESIDENTIAL',
      },
    },
    proceeds,
    payment: {
      paymentExecutions: [{ paymentMethod: business && rng.chance(0.5) ? 'Invoice'
        : extra.cashOnDelivery ? 'CashOnDelivery' : 'CreditCard',
        paymentAmount: proceeds.grandTotal }],
    },
    ...(company?.vatNumber ? {
      tax: {
        taxRegistrations: [{ entityType: 'BUYER', legalName: company.name, taxRegistrationType: 'VAT',
          taxRegistrationNumber: company.vatNumber }],
      },
    } : {}),
    fulfillment: {
      fulfillmentStatus: status,
      fulfilledBy: fba ? 'AMAZON' : 'MERCHANT',
      fulfillmentServiceLevel: prime ? 'NEXT_DAY' : rng.pick(['STANDARD', 'STANDARD', 'EXPEDITED']),
      shipByWindow: { earliestDateTime: iso(plan.createdMs), latestDateTime: iso(plan.createdMs + 48 * HOUR) },
      deliverByWindow: { earliestDateTime: iso(plan.createdMs + 48 * HOUR),
        latestDateTime: iso(plan.createdMs + 120 * HOUR) },
    },
    orderItems: lines.map((l, i) => orderItem(l, mp, units[i]!, cancellations[i], business, digits, vat)),
    ...(packages.length ? { packages } : {}),
  };
  if (status === 'PENDING' && cases.hidePrices) deferPrices(order);
  return order;
}

function orderItem(l: LineSpec, mp: Marketplace, units: LineUnits, cancellation: Record<string, unknown> | undefined,
  business: boolean, digits: number, vat: VatAccounting): Record<string, unknown> {
  return {
    orderItemId: l.orderItemId,
    // Cancelled units stay ordered: ordered - fulfilled - unfulfilled is what the seller cancelled.
    quantityOrdered: l.quantity + units.cancelled,
    product: {
      asin: l.product.asin,
      title: l.product.title,
      sellerSku: l.product.sellerSku,
      condition: { conditionType: 'NEW', conditionSubtype: 'NEW' },
      price: {
        unitPrice: { amount: fromMinor(l.unitPrice, digits), currencyCode: mp.currency },
        ...(business ? { priceDesignation: 'BUSINESS_PRICE' } : {}),
      },
    },
    proceeds: l.proceeds,
    ...(l.promotionIds.length ? { promotion: { breakdowns: l.promotionIds.map((promotionId) => ({ promotionId })) } } : {}),
    ...(cancellation ? { cancellation } : {}),
    fulfillment: {
      quantityFulfilled: units.shipped,
      quantityUnfulfilled: units.open,
      ...(l.giftMessage ? { packing: { giftOption: { giftMessage: l.giftMessage, giftWrapLevel: 'STANDARD' } } } : {}),
    },
    ...(vat.collector || vat.scheme ? {
      tax: {
        ...(vat.scheme ? { taxCalculationBreakdowns: [{ reportingScheme: vat.scheme }] } : {}),
        ...(vat.collector ? { taxCollections: [{ model: 'MARKETPLACE_FACILITATOR', responsibleParty: vat.collector }] } : {}),
      },
    } : {}),
  };
}
