/**
 * The getRates request of one package of a delivery (pure): the backend's ship-from address, the package's box and
 * weight from the ERP's product data, the order's total as insured value, and the Amazon order (Amazon takes the
 * ship-to from it: the connector never sends the buyer's address).
 */
import type { RatesRequest } from '../../amazon/shipping-api.ts';
import type { LabelDelivery } from './label-delivery.ts';
import type { ShipFrom } from './labels.settings.ts';
import type { PackageSpec } from './package-of.ts';

/** The package's client reference: the delivery and its package number. */
export const packageRefOf = (pickingId: number, packageNo = 1) => `${pickingId}-${packageNo}`;

export function ratesRequestOf(shipFrom: ShipFrom, d: LabelDelivery, pkg: PackageSpec): RatesRequest {
  const { phoneNumber, addressLine2, ...from } = shipFrom;
  return {
    shipFrom: { ...from, ...(addressLine2 ? { addressLine2 } : {}), ...(phoneNumber ? { phoneNumber } : {}) },
    packages: [{ packageClientReferenceId: packageRefOf(d.picking.id, pkg.no),
      dimensions: { length: pkg.lengthCm, width: pkg.widthCm, height: pkg.heightCm, unit: 'CENTIMETER' },
      weight: { value: pkg.weightGrams, unit: 'GRAM' },
      insuredValue: { value: d.value.amount, unit: d.value.currency },
      items: [{ quantity: Math.max(1, Math.round(pkg.units)), itemIdentifier: d.picking.name }] }],
    channelDetails: { channelType: 'AMAZON', amazonOrderDetails: { orderId: d.amazonOrderId } },
  };
}
