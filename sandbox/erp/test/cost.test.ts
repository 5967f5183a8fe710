/**
 * The cost model through the server, on a virtual clock (exact, not wall-clock): answers wait for the modelled
 * Odoo, their effects show only when it would have committed, and concurrent callers share one capacity.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, VirtualClock, type CostSnapshot, type RunningErpSandbox } from '../src/index.ts';
import { json2 } from './client.ts';

const SCALE = 0.05;
const clock = new VirtualClock();
let sb: RunningErpSandbox;
let dbUrl: string;
let drop: () => Promise<void>;
let products: number[];
let partner: number;

const realPause = () => new Promise((r) => setTimeout(r, 2));
const snap = () => sb.cost() as CostSnapshot;

/**
 * Waits (in real time, the virtual clock standing still) until `n` calls are being served by the modelled Odoo,
 * each priced (the sandbox done with its own work on it: served from its arrival, it ends its cost after that).
 */
async function inFlight(n: number): Promise<void> {
  const ready = () => snap().inFlight === n && snap().pricing === 0;
  for (let i = 0; i < 5000 && !ready(); i++) await realPause();
  expect(snap().inFlight).toBe(n);
  expect(snap().pricing).toBe(0);
}

/** Lets a call through whatever its cost: virtual time runs fast until it is answered. */
async function settle<T>(p: Promise<T>): Promise<T> {
  let done = false;
  void p.finally(() => { done = true; }).catch(() => undefined);
  while (!done) {
    clock.advance(1000);
    await realPause();
  }
  return p;
}

const twoLineOrders = (n: number, tag: string) => Array.from({ length: n }, (_, i) => ({
  partner_id: partner, client_order_ref: `${tag}-${i}`,
  order_line: [0, 1].map((k) => [0, 0, { product_id: products[(i + k) % products.length], product_uom_qty: 1, price_unit: 10 }]),
}));

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_cost');
  dbUrl = db.url;
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, cost: { scale: SCALE } }, { clock });
  products = (await settle(json2(sb, 'product.product/search', { domain: [['is_storable', '=', true]], limit: 12 }))).body;
  [partner] = (await settle(json2(sb, 'res.partner/create', { vals_list: [{ name: 'Cost buyer' }] }))).body;
  drop = async () => { await sb.close(); await db.drop(); };
});
afterAll(async () => drop());

it('holds a 200-order confirmation for (60 + 200 x 55) ms x scale, showing it confirmed only then', async () => {
  const ids: number[] = (await settle(json2(sb, 'sale.order/create', { vals_list: twoLineOrders(200, 'BIG') }))).body;
  expect(ids).toHaveLength(200);
  sb.resetCost();
  const confirm = json2(sb, 'sale.order/action_confirm', { ids });
  await inFlight(1);
  const expected = (60 + 200 * 55) * SCALE; // 553 ms on the clock (11.06 s on a real Odoo; timing.md measured 11.2 s)
  clock.advance(expected - 1);
  expect(snap().inFlight).toBe(1);
  const outside = new pg.Client({ connectionString: dbUrl });
  await outside.connect();
  try {
    const states = async () => (await outside.query('SELECT DISTINCT state FROM sale_order WHERE id = ANY($1)', [ids])).rows.map((r) => r.state);
    expect(await states()).toEqual(['draft']); // a real Odoo has not committed yet either
    clock.advance(1);
    expect(snap().inFlight).toBe(0);
    expect((await confirm).body).toBe(true);
    expect(await states()).toEqual(['sale']);
  } finally {
    await outside.end();
  }
  const s = snap();
  expect(s.operations['sale.order.action_confirm']).toMatchObject({ calls: 1, records: 200, lines: 400, modelledMs: 11_060 });
  expect(s.busyMs).toBeCloseTo(expected, 3);
});

it('makes two concurrent callers each take about twice as long as one alone', async () => {
  const alone = (60 + 20 * 10.5) * SCALE; // a create of 20 two-line orders: 13.5 ms on the clock
  const one = json2(sb, 'sale.order/create', { vals_list: twoLineOrders(20, 'ALONE') });
  await inFlight(1);
  clock.advance(alone);
  await inFlight(0);
  expect((await one).status).toBe(200);

  const a = json2(sb, 'sale.order/create', { vals_list: twoLineOrders(20, 'A') });
  const b = json2(sb, 'sale.order/create', { vals_list: twoLineOrders(20, 'B') });
  await inFlight(2);
  clock.advance(alone * 1.9);
  expect(snap().inFlight).toBe(2); // alone either would be done by now
  clock.advance(alone * 0.1);
  expect(snap().inFlight).toBe(0); // both end together at twice the time
  expect([(await a).status, (await b).status]).toEqual([200, 200]);
  expect(snap().operations['sale.order.create']?.longestMs).toBeCloseTo(2 * alone, 3); // the clock stood still while they ran
});

it('charges a failed call its overhead: confirming orders that are already confirmed', async () => {
  const [id] = (await settle(json2(sb, 'sale.order/create', { vals_list: twoLineOrders(1, 'TWICE') }))).body;
  await settle(json2(sb, 'sale.order/action_confirm', { ids: [id] }));
  sb.resetCost();
  const again = await settle(json2(sb, 'sale.order/action_confirm', { ids: [id] }));
  expect(again.status).toBe(422);
  expect(snap().operations['sale.order.action_confirm']).toMatchObject({ calls: 1, failed: 1, modelledMs: 60 });
});

it('serves the totals at /_sandbox/cost, and is off unless asked for', async () => {
  const r = (await (await fetch(`${sb.url}/_sandbox/cost`)).json()) as CostSnapshot;
  expect(r).toMatchObject({ enabled: true, scale: SCALE });
  expect(r.operations['sale.order.action_confirm']?.calls).toBe(1);
  const reset = (await (await fetch(`${sb.url}/_sandbox/cost/reset`, { method: 'POST' })).json()) as CostSnapshot;
  expect(reset.calls).toBe(0);
  const plain = await startErpSandbox({ databaseUrl: dbUrl, port: 0 });
  try {
    expect(await (await fetch(`${plain.url}/_sandbox/cost`)).json()).toEqual({ enabled: false });
    expect((await json2(plain, 'sale.order/search_count', { domain: [] })).status).toBe(200); // no clock to wait on
    expect(plain.cost()).toEqual({ enabled: false });
  } finally {
    await plain.close();
  }
});
