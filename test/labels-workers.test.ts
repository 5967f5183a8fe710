/**
 * Labels under real graphile-worker processes, end to end over HTTP: two workers take the buy jobs of a batch
 * (each delivery queued twice, so both workers go for the same deliveries at once), and the worker whose purchase
 * Amazon has just executed is SIGKILLed before it hears the answer (the sandbox holds purchaseShipment's answer
 * after buying, so the kill falls exactly between Amazon's purchase and the connector's row). The survivor takes
 * the delivery (its second job at once, the dead worker's job through the heartbeat's `force_unlock_workers`),
 * re-sends the stored idempotency key and request, gets the same shipment, and attaches it: one label per delivery
 * on Amazon and in the ERP, never two.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import { lockIdOf } from '../connector/src/core/lock.ts';
import { LabelTasks } from '../connector/src/sync/labels/index.ts';
import type { Child } from '../scripts/lib/processes.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { theErpOrder } from './support/lifecycle.ts';
import { DE, makeReady, SHIP_FROM } from './support/labels.ts';
import { openDelivery } from './support/shipments.ts';

const DELIVERIES = 4;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, ms: number, check: () => Promise<T | undefined | null | false>, live: Child[] = []): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    for (const w of live) if (w.proc.exitCode !== null || w.proc.signalCode !== null) throw new Error(`${w.name} exited:\n${w.tail()}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${live.map((w) => `${w.name}: ${w.tail()}`).join('\n')}`);
    await sleep(100);
  }
}

/** The worker process whose database session holds the delivery's advisory lock (pg_locks -> client port -> ss). */
async function holderOf(stack: Stack, pickingId: number, workers: Child[]): Promise<Child | undefined> {
  const id = BigInt(lockIdOf(`label:${stack.backendId}:${pickingId}`));
  const { rows } = await stack.env.db.pool.query<{ port: number }>(
    `select a.client_port as port from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.classid = $1::bigint::oid and l.objid = $2::bigint::oid and l.objsubid = 1`,
    [String(BigInt.asUintN(64, id) >> 32n), String(BigInt.asUintN(32, id))]);
  if (!rows[0]) return undefined;
  const out = execFileSync('ss', ['-tnpH', 'state', 'established', `( sport = :${rows[0].port} )`], { encoding: 'utf8' });
  const pids = [...out.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
  return workers.find((w) => pids.includes(w.proc.pid!));
}

describe('labels with two worker processes, one killed between Amazon\'s purchase and the answer', () => {
  it('buys exactly one label per delivery', async () => {
    const stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'labelworkers', workerConcurrency: 2, erpSandbox: { modules: ['stock_delivery'] },
      amazon: { returnShare: 0, refundShare: 0 } });
    try {
      await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { labels: { enabled: true } }, labels: { shipFrom: SHIP_FROM } } });
      const workers = [stack.startWorker('labels-worker-a'), stack.startWorker('labels-worker-b')];
      const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: DELIVERIES + 3, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false,
        createdFrom: new Date(Date.now() - 3 * 3_600_000).toISOString(), createdTo: new Date(Date.now() - 2 * 3_600_000).toISOString() });
      await stack.waitForIdle(90_000, ids.length);
      const deliveries: Array<{ id: string; pickingId: number }> = [];
      for (const id of ids) {
        const so = await theErpOrder(stack, id).catch(() => null);
        if (so?.state !== 'sale' || deliveries.length === DELIVERIES) continue;
        const pickingId = await openDelivery(stack, id);
        await makeReady(stack, pickingId);
        deliveries.push({ id, pickingId });
      }
      expect(deliveries).toHaveLength(DELIVERIES);
      // The first purchase is executed by Amazon and its answer held 60 s (past the connector's 20 s response timeout).
      stack.amazon.injectFault({ operation: 'purchaseShipment', kind: 'timeout_after_accept', count: 1, holdMs: 60_000 });
      // Each delivery queued twice: both workers go for the same deliveries.
      for (const d of [...deliveries, ...deliveries]) {
        await stack.env.db.pool.query(`select graphile_worker.add_job($1, json_build_object('backendId', $2::int, 'pickingIds', json_build_array($3::int)))`, [LabelTasks.buy, stack.backendId, d.pickingId]);
      }
      const held = await until('a purchase Amazon executed whose answer the worker waits for', 60_000, async () => {
        for (const d of deliveries) {
          const { rows } = await stack.env.db.pool.query(`select state from shipping_label where backend_id = $1 and picking_id = $2`, [stack.backendId, d.pickingId]);
          if (rows[0]?.state === 'buying' && stack.amazon.labels(d.id).length === 1) return d;
        }
        return undefined;
      }, workers);
      const doomed = await until('the worker holding the held delivery', 10_000, () => holderOf(stack, held.pickingId, workers), workers);
      doomed.proc.kill('SIGKILL');
      await doomed.exited;
      const survivor = workers.find((w) => w !== doomed)!;
      const killedAt = Date.now();

      await until('every delivery labelled', 90_000, async () => {
        const { rows } = await stack.env.db.pool.query<{ n: number }>(`select count(*)::int as n from record_state where backend_id = $1 and flow = 'labels' and state = 'labelled'`, [stack.backendId]);
        return rows[0]!.n === DELIVERIES;
      }, [survivor]);
      console.log(`[labels-workers] the held delivery labelled ${((Date.now() - killedAt) / 1000).toFixed(1)} s after its worker was killed`);
      // The dead worker's own job comes back through the heartbeat (15 s without a beat) and finds the label bought.
      await until("the dead worker's job taken back and run", 90_000, async () => {
        const { rows } = await stack.env.db.pool.query<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where task_identifier = $1`, [LabelTasks.buy]);
        return survivor.tail().includes('unlocked the jobs of dead workers') && rows[0]!.n === 0;
      }, [survivor]);
      for (const d of deliveries) {
        const labels = stack.amazon.labels(d.id);
        expect(labels).toHaveLength(1);
        const { rows } = await stack.env.db.pool.query(`select state, shipment_id from shipping_label where backend_id = $1 and picking_id = $2`, [stack.backendId, d.pickingId]);
        expect(rows).toEqual([{ state: 'bought', shipment_id: labels[0]!.shipmentId }]);
        const files = await stack.erpClient.searchRead('ir.attachment', [['res_model', '=', 'stock.picking'], ['res_id', '=', d.pickingId]], ['name']);
        expect(files).toHaveLength(1);
        const [p] = await stack.erpClient.read('stock.picking', [d.pickingId], ['carrier_tracking_ref']);
        expect(p!.carrier_tracking_ref).toBe(labels[0]!.trackingIds[0]);
      }
    } finally {
      await stack.close();
    }
  }, 240_000);
});
