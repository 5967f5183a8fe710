/**
 * The order's customer and delivery contact as res.partner vals, with the keys that make them found again
 * instead of created twice: per buyer e-mail (a keyed hash, so the key survives the redaction of the e-mail) or
 * per order, and per identical delivery address under that customer.
 */
import type { CustomerAddress, Order } from '../../../amazon/models/orders-v2026.ts';
import type { OrderMapContext, ProblemList } from './order-map-context.ts';

export interface PartnerVals {
  /** Stable key: `email:<keyed hash>` or `order:<amazon order id>`. */
  key: string;
  vals: Record<string, unknown>;
}

const clean = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

/** Address fields as res.partner vals; an unknown country is a problem (Odoo needs it for taxes and labels). */
function addressVals(addr: CustomerAddress, ctx: OrderMapContext, problems: ProblemList): Record<string, unknown> {
  const vals: Record<string, unknown> = {};
  const street2 = [addr.addressLine2, addr.addressLine3].map(clean).filter(Boolean).join(', ');
  if (clean(addr.addressLine1)) vals.street = clean(addr.addressLine1);
  if (street2) vals.street2 = street2;
  if (clean(addr.city)) vals.city = clean(addr.city);
  if (clean(addr.postalCode)) vals.zip = clean(addr.postalCode);
  if (clean(addr.phone)) vals.phone = clean(addr.phone);
  const code = clean(addr.countryCode).toUpperCase();
  if (code) {
    const countryId = ctx.countryIdByCode.get(code);
    if (countryId === undefined) problems.add('COUNTRY_UNKNOWN', `Country ${code} is not in the ERP`, { countryCode: code });
    else vals.country_id = countryId;
    const state = clean(addr.stateOrRegion);
    const stateId = state ? ctx.stateId(code, state) : undefined;
    if (stateId !== undefined) vals.state_id = stateId;
  }
  return vals;
}

/** The buyer's registration for a business order (VAT number, legal name, address), if any. */
function buyerRegistration(order: Order) {
  const regs = order.tax?.taxRegistrations?.filter((r) => r.entityType === 'BUYER') ?? [];
  return regs.find((r) => r.taxRegistrationType === 'VAT') ?? regs[0];
}

/**
 * The one customer of a marketplace's FBA orders that carry no buyer at all (Amazon keeps FBA buyers to itself
 * unless the seller is entitled to them): `Amazon FBA customer (amazon.de)`, keyed per marketplace.
 */
export function fbaMarketplaceCustomer(order: Order): PartnerVals | null {
  if (order.fulfillment?.fulfilledBy !== 'AMAZON') return null;
  const known = [order.buyer?.buyerEmail, order.buyer?.buyerName, order.buyer?.buyerCompanyName, order.recipient?.deliveryAddress?.name].some((v) => clean(v));
  if (known) return null;
  const marketplaceId = order.salesChannel.marketplaceId ?? '';
  const site = clean(order.salesChannel.marketplaceName).toLowerCase() || marketplaceId || 'unknown marketplace';
  return { key: `fba:${marketplaceId}`, vals: { name: `Amazon FBA customer (${site})`, is_company: false } };
}

/** The customer: a company with its VAT number for business orders, else the buyer by name. */
export function mapCustomer(order: Order, ctx: OrderMapContext, problems: ProblemList): PartnerVals {
  const fbaCustomer = fbaMarketplaceCustomer(order);
  if (fbaCustomer) return fbaCustomer;
  const email = clean(order.buyer?.buyerEmail).toLowerCase();
  const key = ctx.customerStrategy === 'per-email' && email ? `email:${ctx.keyedHash(email)}` : `order:${order.orderId}`;
  const reg = buyerRegistration(order);
  const company = clean(order.buyer?.buyerCompanyName) || clean(reg?.legalName);
  const address = reg?.taxRegistrationAddress ?? order.recipient?.deliveryAddress;
  const name = company || clean(order.buyer?.buyerName) || clean(order.recipient?.deliveryAddress?.name) || `Amazon customer ${order.orderId}`;
  const vals: Record<string, unknown> = { name, is_company: Boolean(company) };
  if (email) vals.email = email;
  if (company && reg?.taxRegistrationNumber) vals.vat = clean(reg.taxRegistrationNumber);
  if (address) Object.assign(vals, addressVals(address, ctx, problems));
  return { key, vals };
}

/**
 * The delivery contact (`type: 'delivery'`, child of the customer: the caller sets parent_id), keyed by a hash of
 * the customer key and the address as the ERP will hold it, so an identical address is reused. Null without one.
 */
export function mapDelivery(order: Order, customerKey: string, ctx: OrderMapContext, problems: ProblemList): PartnerVals | null {
  const addr = order.recipient?.deliveryAddress;
  if (!addr) return null;
  const name = [clean(addr.companyName), clean(addr.name)].filter(Boolean).join(', ') || `Amazon customer ${order.orderId}`;
  const vals: Record<string, unknown> = { type: 'delivery', name, ...addressVals(addr, ctx, problems) };
  const canonical = [customerKey, name, vals.street, vals.street2, vals.city, vals.zip, clean(addr.countryCode).toUpperCase(),
    clean(addr.stateOrRegion), vals.phone].map((v) => String(v ?? '')).join('\n');
  return { key: `addr:${ctx.keyedHash(canonical)}`, vals };
}

/**
 * A merchant-fulfilled order must name where the seller ships it: no delivery address (or one without a street or
 * a country) is `DELIVERY_ADDRESS_MISSING`, never an order delivered to a customer who has no address. An order
 * Amazon fulfils (FBA, Multi-Channel) is Amazon's to ship: its address is Amazon's business, so none is needed (the
 * ship-to for VAT then falls back to the marketplace's country, order-vat.ts).
 */
export function checkDeliveryAddress(order: Order, problems: ProblemList): void {
  if (order.fulfillment?.fulfilledBy === 'AMAZON') return;
  const addr = order.recipient?.deliveryAddress;
  const street = [addr?.addressLine1, addr?.addressLine2, addr?.addressLine3].some((l) => clean(l) !== '');
  const country = clean(addr?.countryCode) !== '';
  if (addr && street && country) return;
  const missing = !addr ? 'no delivery address' : `a delivery address without ${street ? 'a country' : country ? 'a street' : 'a street or a country'}`;
  problems.add('DELIVERY_ADDRESS_MISSING', `The merchant-fulfilled order has ${missing}: the seller cannot ship it (Amazon gives it with the RECIPIENT data of an order the seller ships)`, {
    fulfilledBy: order.fulfillment?.fulfilledBy ?? null,
  });
}
