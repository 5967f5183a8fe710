import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { settlementReconciliation } from '../connector/src/sync/settlements/reconciliation/reconciliation.ts';
import { startMonth, type Month } from './support/settlement-month.ts';

describe('explore', () => {
  let m: Month;
  beforeAll(async () => {
    const t0 = Date.now();
    m = await startMonth({ adminUrl: inject('pgAdminUrl'), label: 'month-x', erpTransport: 'json2', orders: 80 });
    console.log('seeded', Date.now() - t0, m.generated.length, (await m.invoiced()).length);
    console.log(JSON.stringify((await m.stack.env.db.pool.query(`select a.sync_state, a.fulfilled_by, a.marketplace_id, a.sync_code, count(*) from amazon_order a where a.backend_id = $1 group by 1,2,3,4`, [m.stack.backendId])).rows));
    
  }, 600_000);
  afterAll(async () => m?.stack.close());
  it('reconciles', async () => {
    const s1 = await m.closePeriod(15);
    console.log('p1', s1);
    await m.runRefunds();
    await m.shipRest(16);
    const s2 = await m.closePeriod(29);
    console.log('p2', s2);
    await m.runRefunds();
    console.log(JSON.stringify((await m.stack.env.db.pool.query(`select a.sync_state, a.fulfilled_by, a.marketplace_id, a.sync_code, count(*) from amazon_order a where a.backend_id = $1 group by 1,2,3,4`, [m.stack.backendId])).rows));
    for (const id of [...s1, ...s2]) {
      const r = await settlementReconciliation(m.stack.env.db.pool, m.stack.backendId, id);
      const by: Record<string, number> = {};
      for (const v of r!.variances) by[v.reason] = (by[v.reason] ?? 0) + 1;
      console.log(id, r!.currency, JSON.stringify(by));
      for (const v of r!.variances.filter((x) => x.reason !== 'FEE_WITHOUT_ORDER').slice(0, 6)) console.log(JSON.stringify(v));
    }
    const refunds = (await m.stack.env.db.pool.query(`select key, state, code from record_state where backend_id = $1 and flow = 'refunds'`, [m.stack.backendId])).rows;
    console.log(JSON.stringify(refunds));
    console.log(JSON.stringify((await m.stack.env.db.pool.query(`select code, count(*) from sync_conflict where backend_id = $1 and status = 'open' group by 1`, [m.stack.backendId])).rows));
    expect(1).toBe(1);
  }, 600_000);
});
