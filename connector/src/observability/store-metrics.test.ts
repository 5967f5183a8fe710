import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { Queryable } from '../core/sql.ts';
import { registerStoreMetrics, type CountedFlow } from './store-metrics.ts';

/** A flow whose counts are `byBackend` (read without the database). */
const flow = (name: string, byBackend: () => Map<number, Record<string, number>>): CountedFlow => ({ name, status: { counts: async () => byBackend() } });

/** A database stand-in that answers the snapshot query with `rows` (or fails) and counts the queries. */
function fakeDb(answer: () => Array<{ m: string; a: string; b: string; v: number }>): Queryable & { queries: number } {
  const db = { queries: 0, query: async () => (db.queries++, { rows: answer() }) };
  return db as unknown as Queryable & { queries: number };
}

describe('store metrics', () => {
  it('one query per scrape feeds every gauge, and a label set that disappears leaves the gauge', async () => {
    let rows = [
      { m: 'backend', a: '1', b: '', v: 0 },
      { m: 'conflicts', a: '1', b: 'SKU_UNMAPPED', v: 3 },
      { m: 'stalled', a: '1', b: 'orders.sweep', v: 1 },
      { m: 'jobs', a: 'orders:import', b: 'queued', v: 5 },
    ];
    let orders = new Map<number, Record<string, number>>([[1, { imported: 40, failed: 2 }]]);
    const db = fakeDb(() => rows);
    const registry = new Registry();
    registerStoreMetrics(registry, db, [flow('orders', () => orders), flow('shipments', () => new Map([[1, { shipped: 4 }]]))]);
    const first = await registry.metrics();
    expect(db.queries).toBe(1);
    expect(first).toContain('aec_records{backend="1",flow="orders",state="imported"} 40');
    expect(first).toContain('aec_records{backend="1",flow="orders",state="failed"} 2');
    expect(first).toContain('aec_records{backend="1",flow="shipments",state="shipped"} 4');
    expect(first).toContain('aec_conflicts_open{backend="1",code="SKU_UNMAPPED"} 3');
    expect(first).toContain('aec_flow_stalled{backend="1",flow="orders.sweep"} 1');
    expect(first).toContain('aec_jobs{task="orders:import",state="queued"} 5');
    expect(first).toContain('aec_store_metrics_ok 1');
    rows = [{ m: 'backend', a: '1', b: '', v: 0 }];
    orders = new Map([[1, { imported: 42 }]]);
    const second = await registry.metrics();
    expect(db.queries).toBe(2);
    expect(second).toContain('aec_records{backend="1",flow="orders",state="imported"} 42');
    expect(second).not.toContain('state="failed"');
    expect(second).not.toContain('SKU_UNMAPPED');
  });

  it("a flow's own gauges are read at each scrape, labelled by backend and their labels", async () => {
    let late = 2;
    const seen: number[][] = [];
    const shipments: CountedFlow = {
      name: 'shipments',
      metrics: [
        {
          name: 'aec_test_late',
          help: 'late orders',
          labels: ['marketplace'],
          collect: async (_db, ids) => (seen.push([...ids]), [{ backendId: 1, labels: { marketplace: 'DE' }, value: late }]),
        },
      ],
    };
    const registry = new Registry();
    registerStoreMetrics(registry, fakeDb(() => [{ m: 'backend', a: '1', b: '', v: 0 }, { m: 'backend', a: '4', b: '', v: 0 }]), [shipments]);
    expect(await registry.metrics()).toContain('aec_test_late{backend="1",marketplace="DE"} 2');
    late = 0;
    expect(await registry.metrics()).toContain('aec_test_late{backend="1",marketplace="DE"} 0');
    expect(seen).toEqual([[1, 4], [1, 4]]);
  });

  it('a failed query empties the business gauges and says so, without failing the scrape', async () => {
    const registry = new Registry();
    registerStoreMetrics(registry, fakeDb(() => {
      throw new Error('connection refused');
    }), [flow('orders', () => new Map([[1, { imported: 1 }]]))]);
    const text = await registry.metrics();
    expect(text).toContain('aec_store_metrics_ok 0');
    expect(text).not.toMatch(/^aec_records\{/m);
  });
});
