/**
 * The Amazon sandbox for integration tests and the bench, and the connector's SP-API adapter pointed at it through
 * the endpoint override (the real amazon-sp-api client, Amazon's host names, plain HTTP to the loopback port).
 */
import { createAmazonAdapter, type AmazonAdapter, type AmazonAdapterOptions } from '../../connector/src/amazon/amazon-adapter.ts';
import type { QuotaGate } from '../../connector/src/core/rate-limit/quota-gate.ts';
import { startAmazonSandbox, type AmazonSandbox, type AmazonSandboxOptions, type SellerConfig } from '../../sandbox/amazon/src/index.ts';

/** Starts the Amazon sandbox on a free loopback port (any option of startAmazonSandbox may be given). */
export function startAmazon(opts: AmazonSandboxOptions = {}): Promise<AmazonSandbox> {
  return startAmazonSandbox({ port: 0, ...opts });
}

/** The demo sellers as before issue 8 (the sandbox's `legacySellers`), for tests whose counts and totals assume them. */
export { legacySellers } from '../../sandbox/amazon/src/index.ts';

/** Extra adapter settings a test may tune (retry policy, quota wait, timeouts). */
export type AdapterTuning = Pick<AmazonAdapterOptions, 'retry' | 'maxQuotaWaitMs' | 'timeouts' | 'logger'>;

export interface SellerAdapter {
  adapter: AmazonAdapter;
  seller: SellerConfig;
}

/**
 * The adapter of the sandbox's seller number `sellerIndex` (0: the EU seller, 1: the NA seller by default), with
 * that seller's LWA credentials, keyed in the quota gate by its seller id. Close the adapter when done.
 */
export function amazonAdapterFor(sandbox: AmazonSandbox, sellerIndex: number, gate: QuotaGate, tuning: AdapterTuning = {}): SellerAdapter {
  const seller = sandbox.sellers[sellerIndex];
  if (!seller) throw new Error(`the sandbox has no seller #${sellerIndex} (it has ${sandbox.sellers.length})`);
  const adapter = createAmazonAdapter({
    region: seller.region,
    credentials: { clientId: seller.clientId, clientSecret: seller.clientSecret, refreshToken: seller.refreshToken },
    endpoint: { host: '127.0.0.1', port: sandbox.port },
    gate,
    sellerKey: seller.sellerId,
    ...tuning,
  });
  return { adapter, seller };
}

/** POSTs to the sandbox's admin API (`/_sandbox/...`) over HTTP and returns the JSON answer; non-2xx throws. */
export async function amazonAdmin<T = unknown>(sandbox: AmazonSandbox, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${sandbox.url}/_sandbox/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`admin ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
