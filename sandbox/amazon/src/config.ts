/** Options of the Amazon sandbox and their defaults (two demo sellers, documented usage plans, real time). */
import type { UsagePlan } from './rate/usage-plans.ts';

export type Region = 'na' | 'eu' | 'fe';

/** One selling partner the sandbox knows: LWA credentials and the marketplaces it sells on. */
export interface SellerConfig {
  sellerId: string;
  name?: string;
  region: Region;
  marketplaceIds: string[];
  /**
   * Where the seller's merchant-fulfilled goods leave from: a business buyer there is a domestic sale, charged VAT
   * like any other, so the intra-EU 0 % (reverse charge) only goes to business buyers in other countries.
   */
  shipFromCountry?: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** What `startAmazonSandbox` accepts; every field is optional. */
export interface AmazonSandboxOptions {
  /** Interface to listen on (127.0.0.1). */
  host?: string;
  /** Port (4010); 0 picks a free one. */
  port?: number;
  /** Seed of the order generator (1): the same seed gives the same orders. */
  seed?: number;
  /** Buckets refill this many times faster (1); x-amzn-RateLimit-Limit then announces the scaled rate. */
  timeScale?: number;
  /** Usage plans by operation name, replacing the documented ones (the bench raises them). */
  usagePlans?: Record<string, UsagePlan>;
  sellers?: SellerConfig[];
  /** Orders generated at start for every seller, created over the past hours. */
  seedOrders?: number;
  /** Continuous mode: new orders a minute for every seller (0 = off), plus state changes of pending ones. */
  ordersPerMinute?: number;
  /** Region served to hosts that are not Amazon's (e.g. 127.0.0.1:port); unset = any seller's token is accepted. */
  region?: Region;
  /** Clock (Date.now); tests may pin it. */
  now?: () => number;
  /** Fastify request logging (off: answers carry no buyer data to logs anyway, and it costs throughput). */
  logger?: boolean;
}

/** The LWA application both demo sellers authorised (one app, many sellers, as in real life). */
const DEMO_APP = {
  clientId: 'amzn1.application-oa2-client.aecsandbox0000000000000000000001',
  clientSecret: 'amzn1.oa2-cs.v1.sandbox-demo-client-secret',
};

export const DEFAULT_SELLERS: readonly SellerConfig[] = [
  {
    sellerId: 'A2EUSANDBOX001',
    name: 'Demo Kaffee & Tee GmbH',
    region: 'eu',
    marketplaceIds: ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH', 'APJ6JRA9NG5V4', 'A1F83G8C2ARO7P', 'A1C3SOZRARQ6R3',
      'A2NODRKZP88ZB9'],
    shipFromCountry: 'DE',
    ...DEMO_APP,
    refreshToken: 'Atzr|sandbox-refresh-token-eu-A2EUSANDBOX001',
  },
  {
    sellerId: 'A3NASANDBOX002',
    name: 'Demo Coffee & Tea Inc.',
    region: 'na',
    marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'],
    ...DEMO_APP,
    refreshToken: 'Atzr|sandbox-refresh-token-na-A3NASANDBOX002',
  },
];

/** Options with defaults applied. */
export type ResolvedOptions = Required<Omit<AmazonSandboxOptions, 'region' | 'usagePlans'>> &
  Pick<AmazonSandboxOptions, 'region' | 'usagePlans'>;

/** Applies defaults and rejects nonsense early (a negative scale would make buckets drain forever). */
export function resolveOptions(opts: AmazonSandboxOptions = {}): ResolvedOptions {
  const timeScale = opts.timeScale ?? 1;
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new Error(`timeScale must be > 0, got ${timeScale}`);
  const sellers = opts.sellers ?? DEFAULT_SELLERS.map((s) => ({ ...s, marketplaceIds: [...s.marketplaceIds] }));
  if (sellers.length === 0) throw new Error('at least one seller is needed');
  const ids = new Set(sellers.map((s) => s.sellerId));
  if (ids.size !== sellers.length) throw new Error('seller ids must be unique');
  return {
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 4010,
    seed: opts.seed ?? 1,
    timeScale,
    usagePlans: opts.usagePlans,
    sellers,
    seedOrders: opts.seedOrders ?? 0,
    ordersPerMinute: opts.ordersPerMinute ?? 0,
    region: opts.region,
    now: opts.now ?? Date.now,
    logger: opts.logger ?? false,
  };
}
