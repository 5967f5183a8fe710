/**
 * The Amazon side of a connection test: LWA takes the app's client and the seller's refresh token (told apart by
 * LWA's `error`), the marketplaces are Amazon's and of the backend's region, and the seller takes part in each
 * (Sellers getMarketplaceParticipations, one try, a short quota wait: a test never queues behind a sweep).
 */
import { createAmazonAdapter } from '../../amazon/amazon-adapter.ts';
import { requestLwaTokens } from '../../amazon/lwa-client.ts';
import { marketplaceInfo } from '../../amazon/marketplaces.ts';
import { isSyncError } from '../../core/errors.ts';
import { quotaKeysFor, type QuotaGate } from '../../core/rate-limit/index.ts';
import { CheckFailure, passed, skipped, timeboxed, type CheckRow } from './check-row.ts';
import type { ConnectionDraft } from './connection-draft.ts';

export interface AmazonCheckOptions {
  gate: QuotaGate;
  endpoint: { host: string; port: number } | null;
  timeoutMs: number;
}

const AUTH = 'amazon.authorization';
const MARKETPLACES = 'amazon.marketplaces';

export async function amazonChecks(d: ConnectionDraft, opts: AmazonCheckOptions): Promise<CheckRow[]> {
  const auth = await timeboxed(AUTH, opts.timeoutMs, 'AMAZON_UNREACHABLE', () => checkAuthorization(d, opts));
  const known = checkMarketplaceIds(d);
  if (!known.ok) return [auth, known];
  if (!auth.ok) return [auth, skipped(MARKETPLACES, AUTH)];
  return [auth, await timeboxed(MARKETPLACES, opts.timeoutMs, 'AMAZON_UNREACHABLE', () => checkParticipations(d, opts))];
}

async function checkAuthorization(d: ConnectionDraft, opts: AmazonCheckOptions): Promise<CheckRow> {
  const { lwaClientId, lwaClientSecret, refreshToken } = d.amazon;
  if (!refreshToken) {
    throw new CheckFailure('REFRESH_TOKEN_NOT_SET', 'the seller has not authorised the connector yet (no refresh token)', 'use "Connect with Amazon" (the seller consents on Amazon), or paste a refresh token of a private application');
  }
  try {
    await requestLwaTokens({ clientId: lwaClientId, clientSecret: lwaClientSecret }, { grantType: 'refresh_token', refreshToken }, { endpoint: opts.endpoint, timeoutMs: opts.timeoutMs });
  } catch (e) {
    if (!isSyncError(e)) throw e;
    if (e.kind === 'retryable') throw new CheckFailure('AMAZON_UNREACHABLE', `Login with Amazon could not be reached (${e.code})`, 'check the network towards api.amazon.com, then test again');
    const lwa = e.details.lwaError;
    if (lwa === 'invalid_client') throw new CheckFailure('LWA_CLIENT_INVALID', 'Login with Amazon refused the client id or client secret (invalid_client)', "copy the LWA client id and secret of the app again (Developer Console > your app > View LWA credentials); a rotated secret replaces the old one");
    if (lwa === 'invalid_grant') throw new CheckFailure('LWA_REFRESH_TOKEN_INVALID', 'Login with Amazon refused the refresh token (invalid_grant): revoked, of another app, or mistyped', 'authorise again: "Connect with Amazon", or paste a new refresh token');
    throw new CheckFailure('LWA_REFUSED', `Login with Amazon refused the request (${String(lwa)})`, 'check the LWA credentials of the app and the refresh token');
  }
  return passed(AUTH, 'Login with Amazon accepted the app and the refresh token');
}

/** Every id is an Amazon marketplace of the backend's region (no call: Amazon's published list). */
function checkMarketplaceIds(d: ConnectionDraft): CheckRow {
  const unknown = d.amazon.marketplaceIds.filter((m) => !marketplaceInfo(m));
  if (unknown.length) return { check: MARKETPLACES, ok: false, code: 'MARKETPLACE_UNKNOWN', message: `not an Amazon marketplace id: ${unknown.join(', ')}`, hint: 'use the marketplace ids Amazon publishes (e.g. A1PA6795UKMFR9 for Amazon.de)' };
  const elsewhere = d.amazon.marketplaceIds.filter((m) => marketplaceInfo(m)!.region !== d.amazon.region);
  if (elsewhere.length) {
    const where = elsewhere.map((m) => `${m} (${marketplaceInfo(m)!.name}: region ${marketplaceInfo(m)!.region})`).join(', ');
    return { check: MARKETPLACES, ok: false, code: 'MARKETPLACE_NOT_IN_REGION', message: `not in region ${d.amazon.region}: ${where}`, hint: 'one backend serves one region: remove them, or create a backend for their region' };
  }
  return passed(MARKETPLACES, 'the marketplace ids are known');
}

async function checkParticipations(d: ConnectionDraft, opts: AmazonCheckOptions): Promise<CheckRow> {
  const keys = quotaKeysFor(d.amazon.region, d.amazon.lwaClientId, d.amazon.sellerId);
  const adapter = createAmazonAdapter({
    region: d.amazon.region,
    credentials: { clientId: d.amazon.lwaClientId, clientSecret: d.amazon.lwaClientSecret, refreshToken: d.amazon.refreshToken },
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    gate: opts.gate,
    sellerKey: keys.seller,
    applicationKey: keys.application,
    retry: { maxAttempts: 1 },
    maxQuotaWaitMs: Math.min(3000, opts.timeoutMs),
    timeouts: { response: opts.timeoutMs, idle: opts.timeoutMs, deadline: opts.timeoutMs },
  });
  let rows;
  try {
    rows = await adapter.sellers.getMarketplaceParticipations();
  } catch (e) {
    if (!isSyncError(e)) throw e;
    if (e.code === 'QUOTA_WAIT' || e.code === 'AMAZON_THROTTLED') throw new CheckFailure('AMAZON_THROTTLED', 'Amazon throttled the marketplace check (getMarketplaceParticipations allows one call a minute)', 'test again in a minute');
    if (e.code === 'AMAZON_AUTH_FAILED') throw new CheckFailure('AMAZON_ACCESS_DENIED', `Amazon refused the call in region ${d.amazon.region} (${e.message.slice(0, 120)})`, "check the region (the seller's account is registered in one) and that the app has the Selling Partner Insights role");
    if (e.kind === 'retryable') throw new CheckFailure('AMAZON_UNREACHABLE', `the Selling Partner API could not be reached (${e.code})`, 'test again; Amazon may be down for a moment');
    throw e;
  } finally {
    adapter.close();
  }
  const taking = new Map(rows.map((r) => [r.marketplace.id, r.participation]));
  const out = d.amazon.marketplaceIds.filter((m) => taking.get(m)?.isParticipating !== true);
  if (out.length) {
    return { check: MARKETPLACES, ok: false, code: 'MARKETPLACE_NOT_PARTICIPATING', message: `the seller does not sell in: ${out.map((m) => `${m} (${marketplaceInfo(m)!.name})`).join(', ')}`, hint: `remove them, or register the account in them in Seller Central; it sells in: ${rows.filter((r) => r.participation.isParticipating).map((r) => r.marketplace.id).join(', ') || 'none'}` };
  }
  const suspended = d.amazon.marketplaceIds.filter((m) => taking.get(m)?.hasSuspendedListings);
  return passed(MARKETPLACES, `the seller sells in ${d.amazon.marketplaceIds.length} marketplace(s)`, suspended.length ? `suspended listings in ${suspended.join(', ')}` : '');
}
