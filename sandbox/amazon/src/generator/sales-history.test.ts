import { describe, expect, it } from 'vitest';
import { DEFAULT_SELLERS, startAmazonSandbox } from '../index.ts';
import { loadCatalogue } from '../catalogue.ts';
import { planSalesHistory, type HistoryWeek } from './sales-history.ts';
import { accessToken, call } from '../../test/helpers/http-client.ts';

const NOW = Date.parse('2026-09-16T10:00:00Z');
type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const sumBy = (weeks: HistoryWeek[], pick: (w: HistoryWeek) => number) => weeks.reduce((a, w) => a + pick(w), 0);

describe('sales history plan', () => {
  const plan = planSalesHistory(5, 'A2EUSANDBOX001', loadCatalogue(), NOW, {});

  it('covers 104 weeks of every SKU orders may carry, ending a week before the current one, from the seed', () => {
    const skus = new Set(plan.map((w) => w.sku));
    expect(skus.size).toBe(loadCatalogue().products.length - loadCatalogue().notInErp.length);
    const starts = [...new Set(plan.map((w) => w.weekStart))].sort();
    expect(starts).toHaveLength(104);
    expect(Date.parse(starts.at(-1)!)).toBe(Date.parse('2026-09-14T00:00:00Z') - 14 * 86_400_000);
    expect(new Date(starts[0]!).getUTCDay()).toBe(1); // Mondays
    expect(planSalesHistory(5, 'A2EUSANDBOX001', loadCatalogue(), NOW, {})).toEqual(plan);
  });

  it('grows by the trend, peaks in the season, and sells nothing while out of stock', () => {
    const year = (y: number) => plan.filter((w) => Date.parse(w.weekStart) >= Date.parse(plan[0]!.weekStart) + y * 52 * 7 * 86_400_000
      && Date.parse(w.weekStart) < Date.parse(plan[0]!.weekStart) + (y + 1) * 52 * 7 * 86_400_000);
    const [first, second] = [sumBy(year(0), (w) => w.orders), sumBy(year(1), (w) => w.orders)];
    expect(second / first).toBeGreaterThan(1.15);
    expect(second / first).toBeLessThan(1.45);
    const month = (m: number) => sumBy(plan.filter((w) => new Date(w.weekStart).getUTCMonth() === m), (w) => w.expectedOrders);
    expect(month(10) + month(11)).toBeGreaterThan(1.6 * (month(4) + month(5))); // Nov-Dec against May-June
    const out = plan.filter((w) => w.outOfStock);
    expect(out.length).toBeGreaterThan(0);
    expect(out.every((w) => w.orders === 0 && w.expectedOrders === 0)).toBe(true);
    // Some SKUs sell much more than others.
    const bySku = new Map<string, number>();
    for (const w of plan) bySku.set(w.sku, (bySku.get(w.sku) ?? 0) + w.orders);
    const counts = [...bySku.values()].sort((a, b) => a - b);
    expect(counts.at(-1)! / Math.max(1, counts[0]!)).toBeGreaterThan(4);
  });
});

describe('a sandbox with a sales history', () => {
  it('stores the planned orders (long done), the first line of each the planned SKU; default sellers get none', async () => {
    const sellers = [{ ...DEFAULT_SELLERS[0]!, world: { salesHistory: { weeks: 30, ordersPerWeek: 20 } } }, DEFAULT_SELLERS[1]!];
    const sb = await startAmazonSandbox({ port: 0, seed: 9, seedOrders: 0, now: () => NOW, sellers,
      usagePlans: { searchOrders: { rate: 100, burst: 100 } } });
    try {
      const eu = sb.salesHistory(sellers[0]!.sellerId).weeks;
      expect(sb.salesHistory(sellers[1]!.sellerId).weeks).toEqual([]);
      const planned = sumBy(eu, (w) => w.orders);
      expect(planned).toBeGreaterThan(400);
      // Every planned SKU-week has exactly its orders (searchOrders, by the first line's SKU and the creation week).
      const token = await accessToken(sb.port, sellers[0]!);
      const tally = new Map<string, number>();
      let next: string | undefined;
      const statuses = new Set<string>();
      let onDe = 0;
      do {
        const q = `createdAfter=${eu[0]!.weekStart}&includedData=FULFILLMENT${next ? `&paginationToken=${encodeURIComponent(next)}` : ''}`;
        const page = await call(sb.port, { path: `/orders/2026-01-01/orders?${q}&maxResultsPerPage=100`, host: 'sellingpartnerapi-eu.amazon.com', token });
        expect(page.status, page.text).toBe(200);
        for (const o of (page.body as Obj).orders as Obj[]) {
          const created = Date.parse(o.createdTime);
          const week = eu.find((w) => created >= Date.parse(w.weekStart) && created < Date.parse(w.weekStart) + 7 * 86_400_000)!;
          const key = `${week.weekStart}/${o.orderItems[0].product.sellerSku}`;
          tally.set(key, (tally.get(key) ?? 0) + 1);
          statuses.add(o.fulfillment.fulfillmentStatus);
          if (o.salesChannel.marketplaceId === 'A1PA6795UKMFR9') onDe++;
        }
        next = (page.body as Obj).pagination?.nextToken;
      } while (next);
      expect(Object.fromEntries(tally)).toEqual(Object.fromEntries(eu.filter((w) => w.orders > 0).map((w) => [`${w.weekStart}/${w.sku}`, w.orders])));
      expect([...statuses].sort()).toEqual(['CANCELLED', 'SHIPPED']);
      expect(onDe / planned).toBeGreaterThan(0.33); // the first marketplace weighs 1 of 2.45 (six marketplaces)
      expect(onDe / planned).toBeLessThan(0.49);
      const found = await call(sb.port, { path: `/_sandbox/history/${sellers[0]!.sellerId}` });
      expect((found.body as Obj).weeks).toEqual(eu);
      const listings = sb.listingQuantities(sellers[0]!.sellerId).listings;
      expect(listings.every((l) => l.changedBy === 'seed' || l.changedBy === null)).toBe(true); // history moves no stock
    } finally {
      await sb.close();
    }
  });
});
