/**
 * FBA inventory pools: Amazon keeps a seller's FBA stock per pool, not per marketplace. Pan-EU pools the EU
 * marketplaces (each of them answers the same quantities); the UK is its own pool since 2021; the US, Canada and
 * Mexico are separate (no North-American pooling assumed); any other marketplace is a pool of its own country.
 */
import type { Catalogue } from '../catalogue.ts';

export type PoolId = string;

/** Member states of the Pan-EU programme's marketplaces (and the EU ones it may grow to). */
const PAN_EU = new Set(['DE', 'FR', 'IT', 'ES', 'NL', 'PL', 'SE', 'BE', 'IE', 'AT']);

/** The pool of a country: `EU`, `UK`, or the country code itself (`US`, `CA`, `MX`, `JP`, ...). */
export function poolOfCountry(country: string): PoolId {
  if (PAN_EU.has(country)) return 'EU';
  return country === 'GB' ? 'UK' : country;
}

/** The pool of a marketplace of the catalogue, or undefined for an unknown marketplace. */
export function poolOfMarketplace(catalogue: Catalogue, marketplaceId: string): PoolId | undefined {
  const mp = catalogue.marketplaces.find((m) => m.marketplaceId === marketplaceId);
  return mp ? poolOfCountry(mp.country) : undefined;
}

/** The distinct pools of a seller's marketplaces, in marketplace order. */
export function poolsOfSeller(catalogue: Catalogue, marketplaceIds: readonly string[]): PoolId[] {
  return [...new Set(marketplaceIds.map((m) => poolOfMarketplace(catalogue, m)).filter((p): p is PoolId => p !== undefined))];
}
