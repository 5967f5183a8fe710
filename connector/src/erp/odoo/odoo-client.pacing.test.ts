// The pacing of a connected client against a fake Odoo over real HTTP: batch sizes follow the durations the ERP
// takes (INJECTED: the fake advances a clock by the modelled cost of each call, no wall-clock time), and writes
// to one ERP endpoint never run more than the limit at once, whatever the number of jobs and backends.
import { afterEach, describe, expect, it } from 'vitest';
import { createErpPacing, type ErpPacing } from '../erp-pacing.ts';
import { connectOdoo } from './connect-odoo.ts';
import type { OdooClient } from './odoo-client.ts';
import { startSlowSaleOdoo, type SlowSaleOdoo } from './testing/slow-sale-odoo.ts';

let odoo: SlowSaleOdoo | undefined;
let pacing: ErpPacing | undefined;
const clients: OdooClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await odoo?.close();
  await pacing?.close();
  odoo = pacing = undefined;
});

/** Odoo 19 on two cores (timing.md), in ms: per-call overhead + per-order cost. */
const COST: Record<string, (n: number) => number> = { create: (n) => 70 + 11 * n, action_confirm: (n) => 100 + 55 * n };

describe('ERP batches sized from the time the ERP takes', () => {
  it('confirms 1,000 orders in batches that each take about the target, not in batches of the maximum', async () => {
    let clock = 0;
    const modelled: number[] = [];
    odoo = await startSlowSaleOdoo({
      onCall: (method, n) => {
        const ms = COST[method]?.(n) ?? 0;
        modelled.push(ms);
        clock += ms;
      },
    }, 1_000);
    pacing = createErpPacing();
    const client = await connectOdoo(
      { url: odoo.fake.url, database: 'db', apiKey: 'k' },
      { pacing, pacingSettings: { targetCallSeconds: 6, maxConcurrentWrites: 1 }, now: () => clock },
    );
    clients.push(client);

    const results = await client.callMany('sale.order', 'action_confirm', [...odoo.orders.keys()], { batchSize: 500 });

    expect(results.every((r) => r.ok)).toBe(true);
    const sizes = odoo.calls.action_confirm!;
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1_000);
    // A probe, then growth; never a call past the 6 s target (a fixed 500 would take 27.6 s).
    expect(sizes[0]).toBe(50);
    expect(Math.max(...modelled)).toBeLessThanOrEqual(6_000);
    // Once learnt, each full batch uses at least 90 % of the target: few calls, little overhead.
    // Once learnt, the rest is split evenly over the fewest calls that fit: each takes ~90 % of the target, no
    // small last call (50 + 10 x 95; cut at the full size, as many calls: 50 + 100 + 8 x 105 + a last one of 10).
    expect(sizes.length).toBeLessThanOrEqual(11);
    for (const ms of modelled.slice(1)) expect(ms).toBeGreaterThanOrEqual(5_100);
  });

  it('learns per endpoint: a second backend on the same Odoo starts from what the first learnt', async () => {
    let clock = 0;
    odoo = await startSlowSaleOdoo({ onCall: (m, n) => (clock += COST[m]?.(n) ?? 0) }, 600);
    pacing = createErpPacing();
    const settings = { targetCallSeconds: 6, maxConcurrentWrites: 1 };
    const first = await connectOdoo({ url: odoo.fake.url, database: 'db', apiKey: 'k' }, { pacing, pacingSettings: settings, now: () => clock });
    const second = await connectOdoo({ url: `${odoo.fake.url}/`, database: 'db', apiKey: 'k', companyId: 2 }, { pacing, pacingSettings: settings, now: () => clock });
    clients.push(first, second);
    const ids = [...odoo.orders.keys()];

    await first.callMany('sale.order', 'action_confirm', ids.slice(0, 300), { batchSize: 500 });
    const before = odoo.calls.action_confirm!.length;
    await second.callMany('sale.order', 'action_confirm', ids.slice(300), { batchSize: 500 });

    // No probe of 50 for the second backend: its first batch is already sized to the target.
    expect(odoo.calls.action_confirm![before]).toBeGreaterThan(90);
  });
});

describe('concurrent ERP writes limited per endpoint', () => {
  const parallelWrites = async (limit: number) => {
    odoo = await startSlowSaleOdoo({ delayMs: () => 40 }, 64);
    pacing = createErpPacing();
    const settings = { targetCallSeconds: 6, maxConcurrentWrites: limit };
    // Two backends on the same Odoo, each with four jobs writing at once.
    for (const companyId of [1, 2]) {
      clients.push(await connectOdoo({ url: odoo.fake.url, database: 'db', apiKey: 'k', companyId }, { pacing, pacingSettings: settings }));
    }
    const ids = [...odoo.orders.keys()];
    await Promise.all(
      Array.from({ length: 8 }, (_, job) => {
        const client = clients[job % 2]!;
        const mine = ids.filter((id) => id % 8 === job);
        return Promise.all([
          client.callMany('sale.order', 'action_confirm', mine, { batchSize: 4 }),
          client.createMany('sale.order', [{ client_order_ref: `J${job}` }]),
          client.read('sale.order', mine, ['state']),
        ]);
      }),
    );
    return odoo.maxWritesInFlight();
  };

  it('one write at a time by default, across jobs and backends of the process', async () => {
    expect(await parallelWrites(1)).toBe(1);
    expect([...odoo!.orders.values()].filter((o) => o.state === 'sale')).toHaveLength(64);
  });

  it('up to the configured limit, and no more', async () => {
    expect(await parallelWrites(2)).toBe(2);
  });
});
