/**
 * The demo sellers as they generated orders before issue 8: `LEGACY_WORLD` (3 % FBA, every order priced...), items
 * net with the TAX added, no COD/OTHER/tip, no deemed supplier. For the tests and the bench whose counts, expected
 * totals and figures were written against that mix; the demo and new tests use the realistic defaults.
 */
import { DEFAULT_SELLERS, type SellerConfig } from './config.ts';
import { LEGACY_WORLD } from './generator/world-shares.ts';

export function legacySellers(): SellerConfig[] {
  return DEFAULT_SELLERS.map(({ establishedIn: _established, ...s }) => ({
    ...s,
    marketplaceIds: [...s.marketplaceIds],
    world: LEGACY_WORLD,
    moneyShape: 'net_plus_tax' as const,
    extraCharges: false,
  }));
}
