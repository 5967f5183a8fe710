/**
 * The Merchant Fulfillment v0 `ShipmentRequestDetails` of a delivery's package (pure): the order's items still to
 * ship (v0 wants them by OrderItemId), the backend's ship-from (v0 requires an email and a phone), the package's box
 * and weight, the order's deliver-by as MustArriveByDate. Amazon takes the ship-to from the order.
 */
import type { MfnShipmentRequestDetails } from '../../amazon/merchant-fulfillment-v0.ts';
import type { Order } from '../../amazon/models/orders-v2026.ts';
import type { LabelDelivery } from './label-delivery.ts';
import type { PackageSpec } from './package-of.ts';
import type { ShipFrom } from './labels.settings.ts';

export type MfnDetails = { ok: true; details: MfnShipmentRequestDetails } | { ok: false; why: string };

export function mfnDetailsOf(shipFrom: ShipFrom, d: LabelDelivery, pkg: PackageSpec, order: Order): MfnDetails {
  if (!shipFrom.email || !shipFrom.phoneNumber) return { ok: false, why: 'Merchant Fulfillment needs an email and a phone number in labels.shipFrom' };
  const items = order.orderItems.flatMap((i) => {
    const left = i.fulfillment?.quantityUnfulfilled ?? i.quantityOrdered - (i.fulfillment?.quantityFulfilled ?? 0);
    return left > 0 ? [{ OrderItemId: i.orderItemId, Quantity: left }] : [];
  });
  if (!items.length) return { ok: false, why: `order ${d.amazonOrderId} has no unit left to ship` };
  return { ok: true, details: {
    AmazonOrderId: d.amazonOrderId,
    ItemList: items,
    ShipFromAddress: { Name: shipFrom.name.slice(0, 30), AddressLine1: shipFrom.addressLine1, ...(shipFrom.addressLine2 ? { AddressLine2: shipFrom.addressLine2 } : {}),
      City: shipFrom.city, StateOrProvinceCode: shipFrom.stateOrRegion, PostalCode: shipFrom.postalCode, CountryCode: shipFrom.countryCode, Email: shipFrom.email, Phone: shipFrom.phoneNumber },
    PackageDimensions: { Length: pkg.lengthCm, Width: pkg.widthCm, Height: pkg.heightCm, Unit: 'centimeters' },
    Weight: { Value: pkg.weightGrams, Unit: 'g' },
    ...(d.windows.deliverBy ? { MustArriveByDate: d.windows.deliverBy.toISOString() } : {}),
    ShippingServiceOptions: { DeliveryExperience: 'DeliveryConfirmationWithoutSignature', CarrierWillPickUp: false, LabelFormat: 'PDF',
      ...(d.value.amount > 0 ? { DeclaredValue: { CurrencyCode: d.value.currency, Amount: d.value.amount } } : {}) },
  } };
}
