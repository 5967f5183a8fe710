/** The carriers of the shipments flow: ERP carrier -> Amazon carrier, and tracking numbers checked before sending. */
export { carrierFor, type AmazonCarrier, type CarrierOverrides } from './carrier-for.ts';
export { validateTracking, normalizeTracking, type TrackingCheck } from './validate-tracking.ts';
export { carrierKey } from './carrier-name.ts';
export { CARRIER_MAP, CarrierMapValue, carrierLookupTables } from './carrier-overrides.lookups.ts';
export { DEFAULT_CARRIERS, OTHER, type CarrierEntry } from './carrier-table.ts';
