/**
 * The per-backend override table: ERP carrier name -> what Amazon is told. Read before the default table, so a
 * seller fixes a carrier the defaults get wrong (or map an in-house name such as "Truck 3") without a release.
 * Keys are matched folded (see carrierKey: "DHL Paket" and "dhl-paket" are one key); `*` applies to a delivery
 * without a carrier.
 */
import { Type, type Static } from 'typebox';
import type { LookupTableSpec } from '../../../core/lookup/index.ts';

export const CarrierMapValue = Type.Object(
  {
    carrierCode: Type.String({ minLength: 1, maxLength: 64 }),
    /** Required by Amazon when the code is `Other`; defaults to the code otherwise. */
    carrierName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    /** Fixed shipping method; without it, the words of the ERP name after the carrier's (e.g. "Standard"). */
    shippingMethod: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type CarrierMapValue = Static<typeof CarrierMapValue>;

export const CARRIER_MAP = 'carrier_map';

export const carrierLookupTables: readonly LookupTableSpec[] = [
  {
    name: CARRIER_MAP,
    description:
      'ERP carrier name (or * for a delivery without carrier) -> Amazon carrier ({carrierCode, carrierName?, shippingMethod?}); read before the default table of common carriers',
    value: CarrierMapValue,
  },
];
