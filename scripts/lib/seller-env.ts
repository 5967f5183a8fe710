/**
 * The environment that points a connector at a seller account of the Amazon sandbox: the very variables a real
 * seller's set-up uses (LWA credentials, refresh token, region, seller id, marketplaces), so the demo, the tests
 * and the bench configure the connector exactly as production does.
 */
import type { SellerConfig } from '../../sandbox/amazon/src/index.ts';

export function sellerEnv(seller: SellerConfig): Record<string, string> {
  return {
    AMAZON_LWA_CLIENT_ID: seller.clientId,
    AMAZON_LWA_CLIENT_SECRET: seller.clientSecret,
    AMAZON_REFRESH_TOKEN: seller.refreshToken,
    AMAZON_REGION: seller.region,
    AMAZON_SELLER_ID: seller.sellerId,
    AMAZON_MARKETPLACE_IDS: seller.marketplaceIds.join(','),
  };
}
