/**
 * Bench: the reorder forecast's back-test on the Amazon sandbox's generated sales history (bench/README.md,
 * "Reorder back-test"). The sandbox runs in this process with `world.salesHistory` (trend, seasonality, stock-outs);
 * its orders are read back as the connector reads them (searchOrders pages, parsed by the connector's parser),
 * summed per SKU, marketplace and Monday-week with the connector's rules (every line, cancelled orders left out,
 * Amazon's createdTime), turned into series by the connector's `weeklySeries`, and back-tested walk-forward by the
 * connector's `backtest`: weighted MAPE per SKU-week of ours against a naive "last 30 days average".
 *
 *   npm run bench:reorder -- [--weeks 104] [--orders-per-week 60] [--seed 1] [--half-life 4] [--warmup 8]
 *
 * Two readings: stock-outs known (the sandbox's plan marks them: what the connector sees once its stock snapshots
 * cover the weeks, excluded from the velocity and from scoring) and unknown (the orders alone: a stock-out reads as
 * a week without demand, and is scored).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SELLERS, startAmazonSandbox } from '../sandbox/amazon/src/index.ts';
import { accessToken, call } from '../sandbox/amazon/test/helpers/http-client.ts';
import { parseOrder } from '../connector/src/amazon/parse-order.ts';
import type { Order } from '../connector/src/amazon/models/orders-v2026.ts';
import { backtest, type BacktestResult, type BacktestSeries } from '../connector/src/sync/reorder/index.ts';
import { mondayOf, weeklySeries } from '../connector/src/sync/reorder/mapping/weekly-series.ts';

const { values: args } = parseArgs({
  options: {
    weeks: { type: 'string', default: '104' }, 'orders-per-week': { type: 'string', default: '60' }, seed: { type: 'string', default: '1' },
    'half-life': { type: 'string', default: '4' }, warmup: { type: 'string', default: '8' },
  },
});
const say = (s: string) => console.log(`[bench] ${s}`);
const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)} %`);

const seller = { ...DEFAULT_SELLERS[0]!, world: { salesHistory: { weeks: Number(args.weeks), ordersPerWeek: Number(args['orders-per-week']) } } };
const started = Date.now();
const sb = await startAmazonSandbox({ port: 0, seed: Number(args.seed), seedOrders: 0, sellers: [seller], usagePlans: { searchOrders: { rate: 1000, burst: 1000 } } });
try {
  const plan = sb.salesHistory(seller.sellerId).weeks;
  const token = await accessToken(sb.port, seller);
  const orders: Order[] = [];
  let next: string | undefined;
  do {
    const q = `createdAfter=${plan[0]!.weekStart}&includedData=FULFILLMENT&maxResultsPerPage=100${next ? `&paginationToken=${encodeURIComponent(next)}` : ''}`;
    const page = await call(sb.port, { path: `/orders/2026-01-01/orders?${q}`, host: 'sellingpartnerapi-eu.amazon.com', token });
    if (page.status !== 200) throw new Error(`searchOrders: ${page.status} ${page.text}`);
    const body = page.body as { orders: unknown[]; pagination?: { nextToken?: string } };
    for (const raw of body.orders) {
      const parsed = parseOrder(raw);
      if (!parsed.ok) throw new Error(`an order does not parse: ${parsed.error.problems.join('; ')}`);
      orders.push(parsed.order);
    }
    next = body.pagination?.nextToken;
  } while (next);

  // The connector's weekly sales (history/weekly-sales.query.ts), in memory: every line, cancelled orders out.
  const until = mondayOf(new Date());
  const units = new Map<string, { sku: string; marketplaceId: string; week: string; units: number }>();
  for (const o of orders) {
    if (o.fulfillment?.fulfillmentStatus === 'CANCELLED') continue;
    const week = mondayOf(new Date(o.createdTime));
    for (const i of o.orderItems) {
      const sku = i.product.sellerSku;
      if (!sku) continue;
      const key = `${sku}\u0000${o.salesChannel.marketplaceId ?? ''}\u0000${week}`;
      const row = units.get(key) ?? { sku, marketplaceId: o.salesChannel.marketplaceId ?? '', week, units: 0 };
      row.units += i.quantityOrdered;
      units.set(key, row);
    }
  }
  const rows = [...units.values()];
  const out = new Set(plan.filter((w) => w.outOfStock).map((w) => `${w.sku}\u0000${w.weekStart.slice(0, 10)}`));
  const mark = (s: { sku: string; weeks: Array<{ week: string; units: number; daysOutOfStock: number }> }, known: boolean): BacktestSeries =>
    ({ sku: s.sku, weeks: s.weeks.map((w) => ({ ...w, daysOutOfStock: known && out.has(`${s.sku.split('/')[0]}\u0000${w.week}`) ? 7 : 0 })) });
  const perMarketplace = weeklySeries(rows, until).map((s) => ({ sku: `${s.sku}/${s.marketplaceId}`, weeks: s.weeks }));
  const perSku = weeklySeries(rows.map((r) => ({ ...r, marketplaceId: '' })), until).map((s) => ({ sku: s.sku, weeks: s.weeks }));
  const opts = { halfLifeWeeks: Number(args['half-life']), warmupWeeks: Number(args.warmup) };
  const runs: Array<{ series: string; stockOuts: string; r: BacktestResult }> = [];
  for (const [name, list] of [['SKU x marketplace', perMarketplace], ['SKU (marketplaces summed)', perSku]] as const) {
    for (const known of [true, false]) runs.push({ series: name, stockOuts: known ? 'known' : 'unknown', r: backtest(list.map((s) => mark(s, known)), opts) });
  }

  say(`${orders.length} orders (${plan.length} planned SKU-weeks, ${out.size} out of stock), ${perMarketplace.length} SKU x marketplace series, ${perSku.length} SKUs, ${Number(args.weeks)} weeks; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  say(`half-life ${opts.halfLifeWeeks} weeks, first ${opts.warmupWeeks} weeks of each series not scored`);
  say('');
  say('| series | stock-outs | scored SKU-weeks | units | ours (weighted MAPE) | naive, last 30 days |');
  say('| --- | --- | --- | --- | --- | --- |');
  for (const { series, stockOuts, r } of runs) say(`| ${series} | ${stockOuts} | ${r.scoredWeeks} | ${r.actualUnits} | ${pct(r.ours)} | ${pct(r.naive)} |`);
  const root = join(import.meta.dirname, '..');
  mkdirSync(join(root, '.artifacts'), { recursive: true });
  writeFileSync(join(root, '.artifacts', 'bench-reorder.json'), JSON.stringify({ at: new Date().toISOString(), args, orders: orders.length, runs: runs.map(({ series, stockOuts, r }) => ({ series, stockOuts, ours: r.ours, naive: r.naive, scoredWeeks: r.scoredWeeks, actualUnits: r.actualUnits })) }, null, 2));
} finally {
  await sb.close();
}
