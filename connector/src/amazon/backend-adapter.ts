/**
 * The SP-API adapter of one backend: its buckets keyed as Amazon counts usage plans (application = LWA client id,
 * seller, region; grantless operations per application), and its own rate overrides passed with every call.
 */
import type { BackendCredentials, BackendRecord } from '../core/backend/index.ts';
import { quotaKeysFor, type QuotaGate } from '../core/rate-limit/index.ts';
import { createAmazonAdapter, type AmazonAdapter, type AmazonAdapterOptions } from './amazon-adapter.ts';
import { quotaSettings } from './quota.settings.ts';

export interface BackendAdapterOptions {
  gate: QuotaGate;
  endpoint?: { host: string; port: number } | null;
  maxQuotaWaitMs?: number;
  onResponse?: AmazonAdapterOptions['onResponse'];
}

/** Builds the adapter of `backend` with its credentials. */
export function amazonAdapterOf(backend: BackendRecord, creds: BackendCredentials, opts: BackendAdapterOptions): AmazonAdapter {
  const keys = quotaKeysFor(backend.amazonRegion, creds.amazon.lwaClientId, backend.sellerId);
  return createAmazonAdapter({
    region: backend.amazonRegion,
    credentials: { clientId: creds.amazon.lwaClientId, clientSecret: creds.amazon.lwaClientSecret, refreshToken: creds.amazon.refreshToken },
    ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
    gate: opts.gate,
    sellerKey: keys.seller,
    applicationKey: keys.application,
    rateOverrides: quotaSettings.of(backend.settings).rateOverrides,
    ...(opts.maxQuotaWaitMs !== undefined ? { maxQuotaWaitMs: opts.maxQuotaWaitMs } : {}),
    ...(opts.onResponse ? { onResponse: opts.onResponse } : {}),
  });
}

/**
 * Hands `backend`'s current overrides to an adapter built from an older record: calls still running on it (a
 * sweep waiting for its searchOrders token) re-plan their quota waits at once instead of sitting them out.
 */
export function applyPacing(adapter: AmazonAdapter, backend: BackendRecord): void {
  adapter.caller.updateRateOverrides(quotaSettings.of(backend.settings).rateOverrides);
}
