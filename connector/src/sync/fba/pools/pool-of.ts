/**
 * Which FBA inventory pool a marketplace draws from: Amazon pools stock per fulfilment network, not per
 * marketplace. Pan-EU shares one pool among the EU marketplaces, the UK is its own since 2021, the US, Canada and
 * Mexico are separate, and every other marketplace (JP, AU, IN, BR, AE, SA, SG, TR, EG, ZA) is its own. A seller
 * outside Pan-EU overrides per marketplace (`fba.pools`). Pure: no I/O.
 */
import { marketplaceInfo } from '../../../amazon/marketplaces.ts';

/** A pool: two capital letters (`EU`, `UK`, `US`...), short enough for a 5-character ERP warehouse code (`FBAEU`). */
export type PoolCode = string;

/** The EU marketplaces of the Pan-EU programme (Amazon's list; IE joined the programme in 2025). */
const PAN_EU = new Set(['DE', 'FR', 'IT', 'ES', 'NL', 'PL', 'SE', 'BE', 'IE']);

/** Amazon's default pool of a marketplace, or undefined for an id Amazon has not published. */
export function defaultPoolOf(marketplaceId: string): PoolCode | undefined {
  const info = marketplaceInfo(marketplaceId);
  if (!info) return undefined;
  if (PAN_EU.has(info.country)) return 'EU';
  if (info.country === 'GB') return 'UK';
  return info.country;
}

/** The pool of `marketplaceId`: the backend's override, else Amazon's default; undefined when neither knows it. */
export function poolOf(overrides: Readonly<Record<string, string>>, marketplaceId: string): PoolCode | undefined {
  return overrides[marketplaceId] ?? defaultPoolOf(marketplaceId);
}

/** The pools a seller's marketplaces use, each with its marketplaces (in the given order); unknown ids apart. */
export function poolsOf(overrides: Readonly<Record<string, string>>, marketplaceIds: readonly string[]): { pools: Map<PoolCode, string[]>; unknown: string[] } {
  const pools = new Map<PoolCode, string[]>();
  const unknown: string[] = [];
  for (const id of marketplaceIds) {
    const pool = poolOf(overrides, id);
    if (!pool) {
      unknown.push(id);
      continue;
    }
    pools.set(pool, [...(pools.get(pool) ?? []), id]);
  }
  return { pools, unknown };
}

/** The ERP warehouse of a pool: its name and its unique short code (Odoo allows 5 characters). */
export function poolWarehouse(pool: PoolCode): { name: string; code: string } {
  return { name: `Amazon FBA ${pool}`, code: `FBA${pool}` };
}
