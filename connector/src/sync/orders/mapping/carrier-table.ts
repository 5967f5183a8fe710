/**
 * The backend's carrier map: Amazon's shipping service level (and optionally the marketplace) -> ERP
 * `delivery.carrier`, as the `service_level_carriers` rows key it ("NEXT_DAY", "STANDARD|A1PA6795UKMFR9", "*").
 *
 * The key is the order's `fulfillment.fulfillmentServiceLevel` (Orders v2026-01-01, the API the connector reads):
 * the category the buyer chose at checkout (STANDARD, EXPEDITED, NEXT_DAY...). v2026 carries no `ShipServiceLevel`
 * text (v0's "Std DE Dom_1"), so there is nothing finer to key by; v0's spelling of the category (`NextDay`,
 * `FreeEconomy`) is read as the same level. `*` is every level: a default carrier. The most specific row wins:
 * (level, marketplace), (level, any marketplace), (*, marketplace), (*, any). No row matching: no carrier (the ERP
 * order is created without one, as before the map existed).
 */

/** The categories Amazon documents for `fulfillmentServiceLevel` (v2026; v0's ShipmentServiceLevelCategory). */
export const SERVICE_LEVELS = ['STANDARD', 'EXPEDITED', 'FREE_ECONOMY', 'NEXT_DAY', 'SAME_DAY', 'SECOND_DAY', 'PRIORITY', 'SCHEDULED'] as const;
export type ServiceLevel = (typeof SERVICE_LEVELS)[number];
/** A row's level: one of Amazon's, or `*` for every level. */
export type CarrierLevelKey = ServiceLevel | '*';
export const ANY_LEVEL = '*';

export interface CarrierRow {
  serviceLevel: CarrierLevelKey;
  /** The marketplace the row is for; absent: every marketplace. */
  marketplaceId?: string;
  carrierId: number;
}

export interface CarrierTable {
  /** The carrier of an order of `marketplaceId` at Amazon's `serviceLevel` (as Amazon wrote it), or undefined. */
  find(serviceLevel: string | undefined, marketplaceId: string | undefined): CarrierRow | undefined;
}

/** Amazon's level in the map's spelling: "NextDay" (v0) and "NEXT_DAY" (v2026) are one level; undefined if blank. */
export function normaliseServiceLevel(level: string | undefined): string | undefined {
  const t = level?.trim();
  if (!t) return undefined;
  return t.includes('_') || t === t.toUpperCase() ? t.toUpperCase() : t.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** The `service_level_carriers` key of a row. */
export const carrierMapKey = (serviceLevel: CarrierLevelKey, marketplaceId?: string | null): string =>
  marketplaceId ? `${serviceLevel}|${marketplaceId}` : serviceLevel;

/** A `service_level_carriers` key read back, or undefined for a key of another shape. */
export function parseCarrierKey(key: string): { serviceLevel: CarrierLevelKey; marketplaceId?: string } | undefined {
  const [level, marketplaceId, ...rest] = key.split('|');
  if (!level || rest.length || (level !== ANY_LEVEL && !(SERVICE_LEVELS as readonly string[]).includes(level))) return undefined;
  if (marketplaceId === undefined) return { serviceLevel: level as CarrierLevelKey };
  return /^[A-Z0-9]{10,16}$/.test(marketplaceId) ? { serviceLevel: level as CarrierLevelKey, marketplaceId } : undefined;
}

/** Indexes the rows for the look-up above. */
export function buildCarrierTable(rows: readonly CarrierRow[]): CarrierTable {
  const byKey = new Map(rows.map((r) => [carrierMapKey(r.serviceLevel, r.marketplaceId), r]));
  return {
    find(serviceLevel, marketplaceId) {
      const level = normaliseServiceLevel(serviceLevel);
      const levels = level ? [level, ANY_LEVEL] : [ANY_LEVEL];
      for (const l of levels) {
        for (const m of marketplaceId ? [marketplaceId, undefined] : [undefined]) {
          const row = byKey.get(m ? `${l}|${m}` : l);
          if (row) return row;
        }
      }
      return undefined;
    },
  };
}
