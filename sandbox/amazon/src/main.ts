/**
 * CLI: `tsx sandbox/amazon/src/main.ts`. Environment: AMAZON_SANDBOX_PORT (4010), AMAZON_SANDBOX_SEED (1),
 * AMAZON_SANDBOX_TIME_SCALE (1), AMAZON_SANDBOX_ORDERS_PER_MINUTE (0), AMAZON_SANDBOX_SEED_ORDERS (0),
 * AMAZON_SANDBOX_FEED_SECONDS (90: seconds of Amazon time a feed takes to process),
 * AMAZON_SANDBOX_REPORT_SECONDS (120: a report's), AMAZON_SANDBOX_RETURN_SHARE (0.06: shipped orders returned),
 * AMAZON_SANDBOX_REFUND_SHARE (0.08: shipped orders refunded, returns included),
 * AMAZON_SANDBOX_CANCELLATIONS_PER_HOUR (0), AMAZON_SANDBOX_BUYER_CANCEL_REQUESTS_PER_HOUR (0),
 * AMAZON_SANDBOX_HISTORY_WEEKS (0: none; else every seller gets that many weeks of sales history, README "Sales history"),
 * AMAZON_SANDBOX_DEPOSIT_CURRENCIES (JSON, per seller id its `depositCurrencies`, e.g. `{"A2EUSANDBOX001":{"GBP":"EUR"}}`:
 * its GBP payouts converted into an EUR bank account; README "Finances API").
 */
import { DEFAULT_SELLERS, startAmazonSandbox } from './index.ts';

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) {
    console.error(`${name} must be a number, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

function depositCurrencies(): Record<string, Record<string, string>> {
  const raw = process.env.AMAZON_SANDBOX_DEPOSIT_CURRENCIES;
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Record<string, Record<string, string>>;
  } catch {
    console.error(`AMAZON_SANDBOX_DEPOSIT_CURRENCIES must be JSON ({"<sellerId>":{"GBP":"EUR"}}), got "${raw}"`);
    process.exit(2);
  }
}

const historyWeeks = num('AMAZON_SANDBOX_HISTORY_WEEKS', 0);
const deposits = depositCurrencies();
const sandbox = await startAmazonSandbox({
  // The config checks each seller's depositCurrencies (a currency without a sandbox rate is refused).
  ...(historyWeeks > 0 || Object.keys(deposits).length ? { sellers: DEFAULT_SELLERS.map((s) => ({ ...s, marketplaceIds: [...s.marketplaceIds],
    ...(historyWeeks > 0 ? { world: { ...s.world, salesHistory: { weeks: historyWeeks } } } : {}),
    ...(deposits[s.sellerId] ? { depositCurrencies: deposits[s.sellerId] } : {}) })) } : {}),
  port: num('AMAZON_SANDBOX_PORT', 4010),
  seed: num('AMAZON_SANDBOX_SEED', 1),
  timeScale: num('AMAZON_SANDBOX_TIME_SCALE', 1),
  ordersPerMinute: num('AMAZON_SANDBOX_ORDERS_PER_MINUTE', 0),
  seedOrders: num('AMAZON_SANDBOX_SEED_ORDERS', 0),
  feedProcessingSeconds: num('AMAZON_SANDBOX_FEED_SECONDS', 90),
  reportProcessingSeconds: num('AMAZON_SANDBOX_REPORT_SECONDS', 120),
  returnShare: num('AMAZON_SANDBOX_RETURN_SHARE', 0.06),
  refundShare: num('AMAZON_SANDBOX_REFUND_SHARE', 0.08),
  cancellationsPerHour: num('AMAZON_SANDBOX_CANCELLATIONS_PER_HOUR', 0),
  buyerCancelRequestsPerHour: num('AMAZON_SANDBOX_BUYER_CANCEL_REQUESTS_PER_HOUR', 0),
});
console.log(`amazon sandbox listening on ${sandbox.url}`);
for (const s of sandbox.sellers) {
  console.log(`  seller ${s.sellerId} (${s.region}): client_id=${s.clientId} refresh_token=${s.refreshToken}`);
}
console.log(`  SQS queue ${sandbox.sqs.queueUrl()} (${sandbox.sqs.queueArn()}), AWS key ${sandbox.sqs.credentials.accessKeyId}`);
const stop = async (): Promise<void> => {
  await sandbox.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
