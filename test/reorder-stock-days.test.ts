/**
 * The stock-out record over a real stack: `reorder:sample-stock` samples what the fba-stock and merchant-stock
 * flows stored (FBA fulfillable, merchant computed quantity); a SKU at zero across a day marks that day out of
 * stock, and GET /api/backends/:id/reorder-advice then leaves the day out of the velocity and shows it
 * (`daysOutOfStock`, `inStockDays`, the week's `inStockDays`). The housekeeping prune, as the worker boots it,
 * drops the record past what the forecast reads.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseOrder } from '../connector/src/amazon/parse-order.ts';
import type { Order } from '../connector/src/amazon/models/orders-v2026.ts';
import { orderDocuments } from '../connector/src/sync/orders/index.ts';
import { prune } from '../connector/src/sync/housekeeping/index.ts';
import { addWeeks, mondayOf } from '../connector/src/sync/reorder/mapping/weekly-series.ts';
import { sampleEveryBackend } from '../connector/src/sync/reorder/stock-days/sample-stock.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';

interface WeekUsed { week: string; units: number; inStockDays: number; weight: number }
interface AdviceBody {
  items: Array<{
    sku: string;
    inStockDays: number;
    daysOutOfStock: number;
    marketplaces: Array<{ unitsPerDay: number; inStockDays: number; daysOutOfStock: number; weeksUsed: WeekUsed[]; weeksExcluded: string[] }>;
  }>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let stack: Stack;
let api: ApiHandle;
const lastMonday = addWeeks(mondayOf(new Date()), -1);
/** The SKUs sold two weeks ago (the sandbox's catalogue decides which). */
let skus: string[] = [];

/** Samples every hour of `day` from `fromHour` on, `hours` times, as the hourly cron would. */
const sampleHours = async (day: string, fromHour: number, hours: number) => {
  for (let h = fromHour; h < fromHour + hours; h++) await sampleEveryBackend(stack.env, new Date(Date.parse(`${day}T00:29:00Z`) + h * HOUR));
};
const advice = async (): Promise<AdviceBody> => {
  const res = await api.get<AdviceBody>(`/api/backends/${stack.backendId}/reorder-advice?weeks=8&stock=false`);
  expect(res.status).toBe(200);
  return res.body;
};
/** The velocity as the weeks shown say it was computed: age weight x units over the in-stock-day weights. */
const velocityOf = (weeks: WeekUsed[]) => weeks.reduce((a, w) => a + (w.weight / w.inStockDays) * w.units, 0) / weeks.reduce((a, w) => a + w.weight, 0);

beforeAll(async () => {
  stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'reorder_stock_days' });
  api = await startApi(stack);
  const orders: Order[] = [];
  const sold = new Set<string>();
  for (const weeksBack of [1, 2]) {
    // Monday and Tuesday noon of the week: sold before the stock-out later that week
    const from = Date.parse(`${addWeeks(mondayOf(new Date()), -weeksBack)}T12:00:00Z`);
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 8, marketplaceId: 'A1PA6795UKMFR9', createdFrom: new Date(from).toISOString(), createdTo: new Date(from + DAY).toISOString(), status: 'SHIPPED' });
    for (const id of ids) {
      const parsed = parseOrder(stack.amazon.getOrder(id).order);
      if (!parsed.ok) throw new Error(`generated order ${id} does not parse: ${parsed.error.problems.join('; ')}`);
      orders.push(parsed.order);
      // the SKUs sold two weeks ago: their series hold last week whatever it sold
      if (weeksBack === 2) for (const i of parsed.order.orderItems) sold.add(i.product.sellerSku!);
    }
  }
  await orderDocuments(stack.env.core.documents).upsertMany(stack.backendId, orders);
  skus = [...sold].sort();
});
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

describe('stock-out days from the hourly stock samples', () => {
  it('marks a day at zero all day out of stock and leaves it out of the velocity', async () => {
    expect(skus.length).toBeGreaterThanOrEqual(3);
    const [fbaSku, mfnSku, briefSku] = skus as [string, string, string];
    const before = (await advice()).items.find((i) => i.sku === fbaSku)!;
    expect(before).toMatchObject({ daysOutOfStock: 0 });
    const db = stack.env.db.pool;
    // Amazon's EU pool as fba-stock's last snapshot stored it: fbaSku with nothing fulfillable (its units inbound)
    await db.query(`insert into fba_stock (backend_id, pool, seller_sku, fulfillable, inbound_working, inbound_shipped, inbound_receiving, reserved_total,
        reserved_pending_customer_order, reserved_pending_transshipment, reserved_fc_processing, researching, unfulfillable, total, snapshot_at)
      values ($1, 'EU', $2, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 20, now())`, [stack.backendId, fbaSku]);
    // merchant-stock's computed quantities: mfnSku at 0, briefSku at 4
    await db.query(`insert into merchant_stock_offer (backend_id, sku, product_id, desired_qty, computed_seq) values ($1, $2, 1, 0, 1), ($1, $3, 1, 4, 1)`, [stack.backendId, mfnSku, briefSku]);

    // last Friday: fbaSku and mfnSku at zero in all 24 samples
    const fridayDay = new Date(Date.parse(`${lastMonday}T00:00:00Z`) + 4 * DAY).toISOString().slice(0, 10);
    await sampleHours(fridayDay, 0, 24);
    // last Saturday: briefSku at zero for 11 of the 24 sampled hours only (not out), then in stock again
    const saturday = new Date(Date.parse(`${fridayDay}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    await db.query(`update merchant_stock_offer set desired_qty = 0 where backend_id = $1 and sku = $2`, [stack.backendId, briefSku]);
    await sampleHours(saturday, 0, 11);
    await db.query(`update merchant_stock_offer set desired_qty = 4 where backend_id = $1 and sku = $2`, [stack.backendId, briefSku]);
    await sampleHours(saturday, 11, 13);
    // a retried sample of an hour already taken changes nothing
    await sampleHours(saturday, 23, 1);

    const { rows } = await db.query<{ sku: string; day: string; zero_hours: number }>(`select sku, to_char(day, 'YYYY-MM-DD') as day, zero_hours from reorder_stock_day where backend_id = $1`, [stack.backendId]);
    const order = (a: { sku: string; day: string; zero_hours: number }, b: typeof a) => a.day.localeCompare(b.day) || b.zero_hours - a.zero_hours || (a.sku < b.sku ? -1 : 1);
    expect(rows.sort(order)).toEqual([
      { sku: fbaSku, day: fridayDay, zero_hours: 0xffffff },
      { sku: mfnSku, day: fridayDay, zero_hours: 0xffffff },
      { sku: fbaSku, day: saturday, zero_hours: 0xffffff },
      { sku: mfnSku, day: saturday, zero_hours: 0xffffff },
      { sku: briefSku, day: saturday, zero_hours: 0x7ff },
    ]);

    const after = await advice();
    for (const sku of [fbaSku, mfnSku]) {
      const item = after.items.find((i) => i.sku === sku)!;
      const m = item.marketplaces[0]!;
      // Friday and Saturday out: last week counts 5 in-stock days, and the rate is over those
      expect(m.weeksUsed.find((w) => w.week === lastMonday)).toMatchObject({ inStockDays: 5 });
      expect(item).toMatchObject({ daysOutOfStock: 2, inStockDays: m.weeksUsed.length * 7 - 2 });
      expect(m.unitsPerDay).toBeCloseTo(velocityOf(m.weeksUsed), 10);
    }
    // the same sales over fewer days: a higher rate (the SKU sold in the weeks read)
    expect(after.items.find((i) => i.sku === fbaSku)!.marketplaces[0]!.unitsPerDay).toBeGreaterThan(before.marketplaces[0]!.unitsPerDay);
    // 11 hours of 24 at zero: in stock
    expect(after.items.find((i) => i.sku === briefSku)).toMatchObject({ daysOutOfStock: 0 });
  });

  it('a week at zero every day is left out of the velocity and listed', async () => {
    const [fbaSku] = skus as [string];
    for (let d = 0; d < 7; d++) await sampleHours(new Date(Date.parse(`${lastMonday}T00:00:00Z`) + d * DAY).toISOString().slice(0, 10), 0, 12);
    const m = (await advice()).items.find((i) => i.sku === fbaSku)!.marketplaces[0]!;
    expect(m.weeksExcluded).toEqual([lastMonday]);
    expect(m.weeksUsed.map((w) => w.week)).not.toContain(lastMonday);
    expect(m.unitsPerDay).toBeCloseTo(velocityOf(m.weeksUsed), 10);
  });

  it('the housekeeping prune drops the record past what the forecast reads (483 days at a 4-week half-life)', async () => {
    const db = stack.env.db.pool;
    await db.query(`insert into reorder_stock_sample (backend_id, day, hours) values ($1, current_date - 484, 1), ($1, current_date - 482, 1)`, [stack.backendId]);
    await db.query(`insert into reorder_stock_day (backend_id, sku, day, zero_hours) values ($1, 'OLD', current_date - 484, 1), ($1, 'OLD', current_date - 482, 1)`, [stack.backendId]);
    const counts = await prune({ core: stack.env.core, log: { info: () => {} } });
    expect(counts.flowRows).toBe(2);
    const { rows } = await db.query(`select (current_date - day) as age from reorder_stock_day where backend_id = $1 and sku = 'OLD'`, [stack.backendId]);
    expect(rows).toEqual([{ age: 482 }]);
  });
});
