/**
 * What Amazon counts a usage plan by, as bucket keys of `rate_bucket`: per selling partner and application (the
 * LWA client id) for operations called with the seller's authorisation, per application alone for grantless
 * ones, and per region endpoint for both (each region's endpoint keeps its own counters). So two backends of one
 * seller share buckets when they use one application, and not when they use two.
 */
export interface QuotaKeys {
  /** Operations called with the seller's refresh token. */
  seller: string;
  /** Grantless operations (client credentials): shared by every seller of the application. */
  application: string;
}

/** The bucket keys of one (region, application, seller). */
export function quotaKeysFor(region: string, applicationId: string, sellerId: string): QuotaKeys {
  const application = `${region}:app:${applicationId}`;
  return { seller: `${application}:seller:${sellerId}`, application };
}
