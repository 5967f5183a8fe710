/** One generated order in the full Orders v2026-01-01 shape (every includedData part present; answers trim it). */
import type { Catalogue, Marketplace } from '../catalogue.ts';
import { moneyShapeOf, type SellerConfig } from '../config.ts';
import { orderProceeds } from './amounts.ts';
import { makeOrderId } from './ids.ts';
import { drawMoney } from './money-draws.ts';
import { minorDigits, toMinor, fromMinor } from './money.ts';
import { buildLines, type LineSpec } from './order-lines.ts';
import { makeCompany, mailTld, makePerson, type Person } from './people.ts';
import { createRng, mixSeed, type Rng } from './prng.ts';
import { destinationVat, EU_COUNTRIES, taxModeFor, vatAccounting, type VatAccounting } from './tax-modes.ts';

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
}

/** What the caller decides about one order; the rest is drawn from the rng. */
export interface OrderPlan extends OrderChoices {
  seq: number;
  createdMs: number;
  /** Seed of the order's second stream (the money rules of issue 8), so they leave the first stream's draws alone. */
  moneySeed?: number;
}

/** Finds (or makes) the buyer number `index` of a marketplace, so repeat buyers keep name and e-mail. */
export type BuyerSource = (mp: Marketplace, shipTo: string, index: number) => Person;

const HOUR = 3_600_000;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function pickStatus(rng: Rng, plan: OrderPlan, fba: boolean): FulfillmentStatus {
  if (plan.status) return plan.status;
  if (fba) return rng.chance(0.8) ? 'SHIPPED' : 'UNSHIPPED';
  const x = rng.next();
  if (plan.lifecycle === 'fresh') return x < 0.7 ? 'PENDING' : 'UNSHIPPED';
  return x < 0.25 ? 'PENDING' : x < 0.95 ? 'UNSHIPPED' : 'CANCELLED';
}

/** Builds one internally consistent order (see the README for the amount convention). */
export function buildOrder(rng: Rng, cat: Catalogue, seller: SellerConfig, plan: OrderPlan, buyers: BuyerSource):
  Record<string, unknown> {
  const mpId = plan.marketplaceId ?? rng.pick(seller.marketplaceIds);
  const mp = cat.marketplaces.find((m) => m.marketplaceId === mpId);
  if (!mp) throw new Error(`unknown marketplace ${mpId}`);
  const fba = plan.fulfilledBy ? plan.fulfilledBy === 'AMAZON' : rng.chance(0.03);
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
  const shipping = !fba && !prime && rng.chance(0.5);
  const lines = buildLines(rng, cat, {
    mp, fba, business, reverseCharge, shipping, freeShippingPromo: shipping && rng.chance(0.25),
    taxModeOf: (p) => taxModeFor(mp, p, person.address.stateOrRegion, reverseCharge, destinationVat(cat, mp, shipTo)),
    shape: moneyShapeOf(seller), codFee: extra.codFee, other: extra.other,
  });
  const orderId = makeOrderId(rng, seller.region);
  const digits = minorDigits(mp.currency);
  const proceeds = orderProceeds(lines.map((l) => l.proceeds), mp.currency, digits, (a) => toMinor(a, digits),
    extra.orderCharges);
  // FBA goods leave from stock in the marketplace's country, merchant goods from the seller's warehouse.
  const shipFrom = fba ? mp.country : seller.shipFromCountry ?? mp.country;
  const consignment = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
  const vat = vatAccounting({ mp, establishedIn: seller.establishedIn, shipFrom, shipTo, reverseCharge, consignment });
  const changed = status !== 'PENDING' && status !== 'PENDING_AVAILABILITY' && plan.lifecycle === 'history';
  const updatedMs = Math.min(plan.horizonMs, plan.createdMs + (changed ? rng.int(60_000, 2 * HOUR) : 0));
  const programs = [...(prime ? ['PRIME'] : []), ...(business ? ['AMAZON_BUSINESS'] : [])];

  const order: Record<string, unknown> = {
    orderId,
    createdTime: iso(plan.createdMs),
    lastUpdatedTime: iso(Math.max(plan.createdMs, updatedMs)),
    ...(programs.length ? { programs } : {}),
    salesChannel: { channelName: 'AMAZON', marketplaceId: mp.marketplaceId, marketplaceName: mp.name },
    buyer: {
      buyerName: person.name,
      ...(fba ? {} : { buyerEmail: person.email }),
      ...(company ? { buyerCompanyName: company.name } : {}),
      ...(business && rng.chance(0.5) ? { buyerPurchaseOrderNumber: `PO-${rng.int(10_000, 99_999)}` } : {}),
    },
    recipient: {
      deliveryAddress: {
        name: person.name,
        ...(company ? { companyName: company.name } : {}),
        ...person.address,
        countryCode: shipTo,
        phone: person.phone,
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
    orderItems: lines.map((l) => orderItem(l, mp, status, business, digits, vat)),
  };
  return order;
}

function orderItem(l: LineSpec, mp: Marketplace, status: FulfillmentStatus, business: boolean, digits: number,
  vat: VatAccounting): Record<string, unknown> {
  const shipped = status === 'SHIPPED' ? l.quantity : 0;
  const open = status === 'CANCELLED' ? 0 : l.quantity - shipped;
  return {
    orderItemId: l.orderItemId,
    quantityOrdered: l.quantity,
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
    ...(status === 'CANCELLED' ? {
      cancellation: {
        cancellationRequest: { requester: 'BUYER', cancelReason: 'Order placed by mistake' },
        cancellationExecution: { cancelledBy: 'BUYER', cancelReason: 'Order placed by mistake' },
      },
    } : {}),
    fulfillment: {
      quantityFulfilled: shipped,
      quantityUnfulfilled: open,
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
