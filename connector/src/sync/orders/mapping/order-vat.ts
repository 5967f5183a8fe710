/**
 * How one Amazon order is taxed in the ERP: its VAT facts read from the order (ship-to, FBA, ship-from when a
 * package says, the buyer's VAT number, whether Amazon charged any VAT, a sales-tax marketplace), the regime the
 * VAT model (core/vat) decides with the seller's profile, and the fiscal position every such order carries
 * explicitly (never Odoo's automatic guess, which would put "Foreign Trade" on every EU order). On a VAT
 * marketplace, items whose tax Amazon collects (MARKETPLACE_FACILITATOR, e.g. "Amazon Services Europe S.a.r.L.")
 * make Amazon the deemed supplier: regime `deemed_supplier`, no VAT billed by the seller.
 */
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { marketplaceInfo } from '../../../amazon/marketplaces.ts';
import { parseDecimal } from '../../../core/money.ts';
import { fiscalPositionKey, isVatProblem, vatTreatment, type VatFacts, type VatTreatment } from '../../../core/vat/index.ts';
import { isTaxWithheld } from './item-amounts.ts';
import type { OrderMapContext, ProblemList } from './order-map-context.ts';

/** The regime of an order and the fiscal position its ERP order gets (false: explicitly none). */
export interface OrderVat extends VatTreatment {
  fiscalPositionId: number | false;
  /** The order's marketplace: a tax or fiscal position row of that marketplace wins over an any-marketplace one. */
  marketplaceId?: string;
}

/**
 * The order's fiscal position row: (regime, ship-to, the order's marketplace) first, else (regime, ship-to), the
 * row of every marketplace; undefined when neither exists (null: a row saying "none").
 */
export function fiscalPositionOf(positions: OrderMapContext['fiscalPositions'], key: string, marketplaceId: string | undefined): number | null | undefined {
  const own = marketplaceId ? `${key}|${marketplaceId}` : undefined;
  if (own !== undefined && positions.has(own)) return positions.get(own);
  return positions.get(key);
}

/** Whether a Money text is zero, read exactly by core's parser; a malformed one is not (its own conflict says why). */
function isZeroAmount(amount: string): boolean {
  try {
    return parseDecimal(amount).units === 0n;
  } catch {
    return false;
  }
}

/** Amazon charged the seller's VAT on nothing: every TAX breakdown of the items whose tax the seller owes is zero. */
export function isZeroRated(order: Order): boolean {
  const owed = order.orderItems.filter((i) => !isTaxWithheld(i));
  if (!owed.length) return false;
  return owed.every((i) => (i.proceeds?.breakdowns ?? []).filter((b) => b.type === 'TAX').every((b) => isZeroAmount(b.subtotal.amount)));
}

/** The buyer's VAT number (a business order's BUYER registration of type VAT), if any. */
function buyerVatNumber(order: Order): string | undefined {
  const reg = order.tax?.taxRegistrations?.find((r) => r.entityType === 'BUYER' && r.taxRegistrationType === 'VAT');
  return reg?.taxRegistrationNumber?.trim() || undefined;
}

/** What the order says about its taxation; undefined ship-to when neither the address nor the marketplace gives one. */
export function orderVatFacts(order: Order, ctx: Pick<OrderMapContext, 'marketplaces'>): VatFacts | undefined {
  const marketplaceId = order.salesChannel.marketplaceId ?? '';
  const shipTo = order.recipient?.deliveryAddress?.countryCode || ctx.marketplaces.get(marketplaceId)?.countryCode || marketplaceInfo(marketplaceId)?.country;
  if (!shipTo) return undefined;
  const shipFrom = order.packages?.find((p) => p.shipFromAddress?.countryCode)?.shipFromAddress?.countryCode;
  const vat = buyerVatNumber(order);
  const salesTaxMarketplace = marketplaceInfo(marketplaceId)?.pricesIncludeTax === false;
  return {
    shipTo: shipTo.toUpperCase(),
    fulfilledByAmazon: order.fulfillment?.fulfilledBy === 'AMAZON',
    ...(shipFrom ? { shipFrom: shipFrom.toUpperCase() } : {}),
    ...(vat ? { buyerVatNumber: vat } : {}),
    zeroRated: isZeroRated(order),
    salesTaxMarketplace,
    deemedSupplier: !salesTaxMarketplace && order.orderItems.length > 0 && order.orderItems.every(isTaxWithheld),
  };
}

/** The order's regime and fiscal position, or null when no regime can be decided (the problems recorded; no guess). */
export function orderVat(order: Order, ctx: OrderMapContext, problems: ProblemList): OrderVat | null {
  const facts = orderVatFacts(order, ctx);
  if (!facts) {
    problems.add('COUNTRY_UNKNOWN', 'The order has no ship-to country and its marketplace none configured: its tax cannot be mapped', {
      marketplaceId: order.salesChannel.marketplaceId ?? null,
    });
    return null;
  }
  const profile = ctx.vat;
  if (!profile.companyCountry && !facts.salesTaxMarketplace) {
    problems.add(
      'SETUP_INCOMPLETE',
      "The company's tax country is unknown: set the ERP company's fiscal country or the backend setting vat.companyCountry",
      {},
      'SETUP_INCOMPLETE:vat.companyCountry',
    );
    return null;
  }
  const t = vatTreatment(facts, profile);
  if (isVatProblem(t)) {
    // The detail names countries only (never the buyer's VAT number).
    problems.add(t.code, t.message, t.detail, `${t.code}:${t.detail.shipFrom}|${t.detail.shipTo}`);
    return null;
  }
  const key = fiscalPositionKey(t.regime, t.shipTo);
  const marketplaceId = order.salesChannel.marketplaceId || undefined;
  const fp = fiscalPositionOf(ctx.fiscalPositions, key, marketplaceId);
  if (fp === undefined) {
    problems.add(
      'FISCAL_POSITION_UNMAPPED',
      `No fiscal position row for ${t.regime} sales to ${t.shipTo} (fiscal_position_map key ${key}): run the set-up, or add the row (null for none)`,
      { regime: t.regime, countryCode: t.shipTo, taxCountry: t.taxCountry, key },
      `FISCAL_POSITION_UNMAPPED:${key}`,
    );
  }
  // Returned even without its fiscal position, so the lines' taxes are checked too: every problem at once.
  return { ...t, fiscalPositionId: fp ?? false, ...(marketplaceId ? { marketplaceId } : {}) };
}
