/** Options of the Amazon sandbox and their defaults (two demo sellers, documented usage plans, real time). */
import type { SandboxApplication } from './authorization/applications.ts';
import type { WorldShares } from './generator/world-shares.ts';
import type { UsagePlan } from './rate/usage-plans.ts';
import { SANDBOX_RATES_PER_EUR } from './finances/deposit-fx.ts';

export type Region = 'na' | 'eu' | 'fe';

/**
 * How Amazon reports an item's money in a VAT marketplace (EU, GB, JP); see the README "Amounts: the money shapes".
 * - `net_plus_tax`: ITEM, SHIPPING... net of tax, TAX added; proceedsTotal = the components + TAX.
 * - `gross_with_tax`: components VAT-inclusive (ITEM = unitPrice x quantity), TAX gives the tax they include;
 *   proceedsTotal = the components only (TAX is not added again).
 * - `gross_no_tax`: components VAT-inclusive, no TAX breakdown at all (the model's UK, JP, BR and TR examples).
 * - `gross_zero_tax`: components VAT-inclusive, TAX present with 0.00 (as sellers report EU orders).
 * Sales-tax marketplaces (US, CA) always use `net_plus_tax`: their prices are net and the tax is added on top.
 */
export type MoneyShape = 'net_plus_tax' | 'gross_with_tax' | 'gross_no_tax' | 'gross_zero_tax';

export const MONEY_SHAPES: readonly MoneyShape[] = ['net_plus_tax', 'gross_with_tax', 'gross_no_tax', 'gross_zero_tax'];

/** The shape a seller's orders use: its setting, else its region's default. */
export function moneyShapeOf(seller: Pick<SellerConfig, 'moneyShape' | 'region'>): MoneyShape {
  return seller.moneyShape ?? defaultMoneyShape(seller.region);
}

/**
 * The shape a seller's VAT marketplaces use when its config names none: the official model's examples (UK, JP, BR,
 * TR items VAT-inclusive with no TAX breakdown; the US item net with TAX added).
 */
export function defaultMoneyShape(region: Region): MoneyShape {
  return region === 'na' ? 'net_plus_tax' : 'gross_no_tax';
}

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
  /**
   * Country where the seller is established (ISO 3166 alpha-2). When set, the VAT place-of-supply rules apply:
   * Amazon is the deemed supplier (withholds the VAT, `taxCollections` MARKETPLACE_FACILITATOR) for UK sales by a
   * seller established outside the UK or imported in consignments of up to GBP 135, and for EU sales of a non-EU
   * seller (goods in EU stock, or imported up to EUR 150: IOSS); EU cross-border B2C sales carry the reporting
   * scheme (`taxCalculationBreakdowns` UOSS) and some EU buyers order from another EU country's marketplace (taxed
   * at their country's rate). Unset: the seller owes every VAT and no scheme is given (the sandbox before issue 8).
   */
  establishedIn?: string;
  /** Money shape of the seller's VAT marketplaces; default `defaultMoneyShape(region)`. */
  moneyShape?: MoneyShape;
  /**
   * Whether orders carry the rarer charges (default true): COD_FEE on cash-on-delivery orders (Amazon.co.jp),
   * OTHER on a few merchant orders, DELIVERY_TIP (order level) on a few US orders.
   */
  extraCharges?: boolean;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** How often each kind of order happens (FBA share, statuses, cancellations...): REALISTIC_WORLD plus these. */
  world?: Partial<WorldShares>;
  /**
   * The bank account currency per marketplace currency (Amazon Currency Converter for Sellers): `{ GBP: 'EUR' }`
   * pays the seller's GBP settlements into its EUR account (`ConvertedTotal` in EUR at the sandbox's rate,
   * finances/deposit-fx.ts). Unset: each currency is paid out in itself.
   */
  depositCurrencies?: Record<string, string>;
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
  /** SP-API applications sellers can authorise on the consent page (default: the demo application, DEMO_APPLICATION). */
  applications?: SandboxApplication[];
  /** Orders generated at start for every seller, created over the past hours. */
  seedOrders?: number;
  /** Continuous mode: new orders a minute for every seller (0 = off), plus state changes of pending ones. */
  ordersPerMinute?: number;
  /** Region served to hosts that are not Amazon's (e.g. 127.0.0.1:port); unset = any seller's token is accepted. */
  region?: Region;
  /** Clock (Date.now); tests may pin it. */
  now?: () => number;
  /**
   * Feeds API: seconds of Amazon time a feed takes from createFeed to DONE (90; divided by `timeScale`; the first
   * third IN_QUEUE, then IN_PROGRESS).
   */
  feedProcessingSeconds?: number;
  /** Feeds API: processing reports stored gzip-compressed (`compressionAlgorithm: GZIP` in getFeedDocument); default none. */
  feedReportCompression?: 'GZIP';
  /** Reports API: seconds of Amazon time a report takes from createReport to its end (120; divided by `timeScale`). */
  reportProcessingSeconds?: number;
  /** Share of shipped orders the generated world returns, 0..1 (0.06; see "Returns" in the README). */
  returnShare?: number;
  /** Share of shipped orders refunded in the generated world, returns included, 0..1 (0.08; see "Finances" in the README). */
  refundShare?: number;
  /** Fastify request logging (off: answers carry no buyer data to logs anyway, and it costs throughput). */
  logger?: boolean;
  /** AWS region of the SQS endpoint and queue URLs/ARNs (`eu-west-1`). */
  awsRegion?: string;
  /** AWS account owning the sandbox's queues (`123456789012`). */
  awsAccountId?: string;
  /** The only AWS access key id SQS accepts (`DEMO_AWS_CREDENTIALS`). */
  awsAccessKeyId?: string;
  awsSecretAccessKey?: string;
  /** Share of SQS messages delivered twice (at-least-once), 0..1 (0.02). */
  sqsDuplicateRate?: number;
  /** Default visibility timeout of a queue, in real seconds (30). */
  sqsVisibilityTimeoutSeconds?: number;
  /** Real ms between an order change and its notification reaching the queue (100). */
  notificationDelayMs?: number;
  /** Share of notifications delivered late, after later ones (0 = none). */
  notificationLateShare?: number;
  /** Extra real ms a late notification waits (3000). */
  notificationLateMs?: number;
  /**
   * Marketplaces whose orders Shipping API v2 does not serve (getRates answers 400 there: Merchant Fulfillment v0
   * only). Amazon publishes no such table; default none, a test names the marketplaces it wants MFN-only.
   */
  shippingV2Unserved?: string[];
  /** Continuous mode: open orders Amazon cancels per hour and seller (0). */
  cancellationsPerHour?: number;
  /** Continuous mode: buyer cancel requests per hour and seller, on UNSHIPPED merchant orders (0). */
  buyerCancelRequestsPerHour?: number;
}

/** The AWS credentials of the demo (the SQS endpoint accepts only the configured access key id). */
export const DEMO_AWS_CREDENTIALS = {
  accessKeyId: 'AKIASANDBOXDEMO00001',
  secretAccessKey: 'sandbox-demo-aws-secret-access-key-0000001',
  region: 'eu-west-1',
  accountId: '123456789012',
} as const;

/** The LWA application both demo sellers authorised (one app, many sellers, as in real life). */
const DEMO_APP = {
  clientId: 'amzn1.application-oa2-client.aecsandbox0000000000000000000001',
  clientSecret: 'amzn1.oa2-cs.v1.sandbox-demo-client-secret',
};

/** The demo application as the consent page knows it: a published app that takes any redirect URI it is given. */
export const DEMO_APPLICATION: Readonly<SandboxApplication> = {
  applicationId: 'amzn1.sp.solution.aec0sand-b0x0-4000-8000-000000000001',
  name: 'Amazon ERP Connector (sandbox)',
  ...DEMO_APP,
  redirectUris: [],
  draft: false,
};

export const DEFAULT_SELLERS: readonly SellerConfig[] = [
  {
    sellerId: 'A2EUSANDBOX001',
    name: 'Demo Kaffee & Tee GmbH',
    region: 'eu',
    marketplaceIds: ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH', 'APJ6JRA9NG5V4', 'A1F83G8C2ARO7P', 'A1C3SOZRARQ6R3',
      'A2NODRKZP88ZB9'],
    shipFromCountry: 'DE',
    // A German company: its UK sales are Amazon's to tax (deemed supplier), the rest its own VAT. Its items come in
    // its region's default shape, the model's own: gross without the TAX (the connector takes the VAT out at the
    // rate of each product's sales tax in the ERP).
    establishedIn: 'DE',
    ...DEMO_APP,
    refreshToken: 'Atzr|sandbox-refresh-token-eu-A2EUSANDBOX001',
  },
  {
    sellerId: 'A3NASANDBOX002',
    name: 'Demo Coffee & Tea Inc.',
    region: 'na',
    marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'],
    moneyShape: 'net_plus_tax',
    ...DEMO_APP,
    refreshToken: 'Atzr|sandbox-refresh-token-na-A3NASANDBOX002',
  },
];

/**
 * A Far East seller (Amazon.co.jp, JPY, consumption tax included in prices), not among the default sellers: pass
 * `sellers: [...DEFAULT_SELLERS, JP_SELLER]`. It uses the defaults of its region: the model's JP shape (gross, no
 * TAX), COD fees, a Japanese company shipping from Japan.
 */
export const JP_SELLER: Readonly<SellerConfig> = {
  sellerId: 'A1FESANDBOX003',
  name: 'デモ珈琲株式会社',
  region: 'fe',
  marketplaceIds: ['A1VC38T7YXB528'],
  shipFromCountry: 'JP',
  establishedIn: 'JP',
  ...DEMO_APP,
  refreshToken: 'Atzr|sandbox-refresh-token-fe-A1FESANDBOX003',
};

/** Options with defaults applied. */
export type ResolvedOptions = Required<Omit<AmazonSandboxOptions, 'region' | 'usagePlans' | 'feedReportCompression'>> &
  Pick<AmazonSandboxOptions, 'region' | 'usagePlans' | 'feedReportCompression'>;

/** Applies defaults and rejects nonsense early (a negative scale would make buckets drain forever). */
export function resolveOptions(opts: AmazonSandboxOptions = {}): ResolvedOptions {
  const timeScale = opts.timeScale ?? 1;
  if (!(timeScale > 0) || !Number.isFinite(timeScale)) throw new Error(`timeScale must be > 0, got ${timeScale}`);
  const sellers = opts.sellers ?? DEFAULT_SELLERS.map((s) => ({ ...s, marketplaceIds: [...s.marketplaceIds] }));
  const feedProcessingSeconds = opts.feedProcessingSeconds ?? 90;
  if (!(feedProcessingSeconds >= 0) || !Number.isFinite(feedProcessingSeconds)) {
    throw new Error(`feedProcessingSeconds must be >= 0, got ${feedProcessingSeconds}`);
  }
  if (opts.feedReportCompression !== undefined && opts.feedReportCompression !== 'GZIP') {
    throw new Error(`feedReportCompression must be GZIP or absent, got ${String(opts.feedReportCompression)}`);
  }
  if (sellers.length === 0) throw new Error('at least one seller is needed');
  const ids = new Set(sellers.map((s) => s.sellerId));
  if (ids.size !== sellers.length) throw new Error('seller ids must be unique');
  for (const s of sellers) {
    if (s.moneyShape !== undefined && !MONEY_SHAPES.includes(s.moneyShape)) {
      throw new Error(`seller ${s.sellerId}: moneyShape must be one of ${MONEY_SHAPES.join(', ')}, got ${String(s.moneyShape)}`);
    }
    for (const [from, to] of Object.entries(s.depositCurrencies ?? {})) {
      if (SANDBOX_RATES_PER_EUR[from] === undefined || SANDBOX_RATES_PER_EUR[to] === undefined) {
        throw new Error(`seller ${s.sellerId}: depositCurrencies ${from} -> ${to}: the sandbox has no rate for it`);
      }
    }
  }
  return {
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 4010,
    seed: opts.seed ?? 1,
    timeScale,
    usagePlans: opts.usagePlans,
    sellers,
    applications: opts.applications ?? [{ ...DEMO_APPLICATION, redirectUris: [...DEMO_APPLICATION.redirectUris] }],
    seedOrders: opts.seedOrders ?? 0,
    ordersPerMinute: opts.ordersPerMinute ?? 0,
    region: opts.region,
    now: opts.now ?? Date.now,
    logger: opts.logger ?? false,
    feedProcessingSeconds,
    feedReportCompression: opts.feedReportCompression,
    reportProcessingSeconds: nonNegative(opts.reportProcessingSeconds ?? 120, 'reportProcessingSeconds'),
    returnShare: share(opts.returnShare ?? 0.06, 'returnShare'),
    refundShare: share(opts.refundShare ?? 0.08, 'refundShare'),
    awsRegion: opts.awsRegion ?? DEMO_AWS_CREDENTIALS.region,
    awsAccountId: opts.awsAccountId ?? DEMO_AWS_CREDENTIALS.accountId,
    awsAccessKeyId: opts.awsAccessKeyId ?? DEMO_AWS_CREDENTIALS.accessKeyId,
    awsSecretAccessKey: opts.awsSecretAccessKey ?? DEMO_AWS_CREDENTIALS.secretAccessKey,
    shippingV2Unserved: [...(opts.shippingV2Unserved ?? [])],
    sqsDuplicateRate: share(opts.sqsDuplicateRate ?? 0.02, 'sqsDuplicateRate'),
    sqsVisibilityTimeoutSeconds: opts.sqsVisibilityTimeoutSeconds ?? 30,
    notificationDelayMs: opts.notificationDelayMs ?? 100,
    notificationLateShare: share(opts.notificationLateShare ?? 0, 'notificationLateShare'),
    notificationLateMs: opts.notificationLateMs ?? 3000,
    cancellationsPerHour: opts.cancellationsPerHour ?? 0,
    buyerCancelRequestsPerHour: opts.buyerCancelRequestsPerHour ?? 0,
  };
}

function nonNegative(v: number, name: string): number {
  if (!(v >= 0) || !Number.isFinite(v)) throw new Error(`${name} must be >= 0, got ${v}`);
  return v;
}

function share(v: number, name: string): number {
  if (!(v >= 0 && v <= 1)) throw new Error(`${name} must be from 0 to 1, got ${v}`);
  return v;
}
