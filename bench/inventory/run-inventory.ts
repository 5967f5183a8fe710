/**
 * One inventory bench run on a whole stack (both sandboxes, the ERP one as slow as a real Odoo 19; the worker and,
 * with webhooks, the API as child processes): the catalogue seeded, the connector's first view of it taken (the
 * offers computed and recorded as sent, not timed), then the bulk push (bulk-push.ts) and the latencies
 * (stock-latency.ts).
 */
import { setUpBackend } from '../../connector/src/sync/frame/backend-setup.ts';
import { flows } from '../../connector/src/sync/flows.ts';
import { recomputeOffers } from '../../connector/src/sync/merchant-stock/index.ts';
import { startStack } from '../../test/support/connector-stack.ts';
import { bulkPush, type BulkFigures } from './bulk-push.ts';
import { benchSku, seedAmazonSkus, seedErpProducts } from './seed-catalogue.ts';
import { measureLatency, type LatencyFigures } from './stock-latency.ts';

export interface InventoryOptions {
  adminUrl: string;
  mode: 'webhook' | 'polling';
  /** SKUs of the bulk part (0: none, only the latency products are seeded). */
  skus: number;
  changes: number;
  gapSeconds: number;
  /** A random 0-jitter s added to each gap. */
  jitterSeconds: number;
  costScale: number;
  /** merchantStock.urgentPollSeconds (0: off; it polls only while no webhook is live, i.e. in the polling mode). */
  urgentPollSeconds: number;
  say: (s: string) => void;
}

export interface InventoryFigures {
  mode: 'webhook' | 'polling';
  costScale: number;
  urgentPollSeconds: number;
  bulk: BulkFigures | null;
  latency: LatencyFigures[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runInventory(o: InventoryOptions): Promise<InventoryFigures> {
  const stack = await startStack({
    adminUrl: o.adminUrl,
    label: `bench_inv_${o.mode}`,
    erpSandbox: { modules: ['stock_delivery', 'base_automation'], cost: { scale: o.costScale } },
    // Amazon's processing of a feed is not measured: an hour, so that 50,000 messages are not applied mid-run.
    amazon: { feedProcessingSeconds: 3600 },
    settings: { goLive: { 'merchant-stock': { enabled: true } }, merchantStock: { urgentPollSeconds: o.urgentPollSeconds } },
  });
  try {
    const workerEnv: Record<string, string> = {};
    if (o.mode === 'webhook') {
      const api = await stack.startApiProcess('api');
      stack.env.core.changeFeed.publicUrl = api.url;
      workerEnv.CONNECTOR_PUBLIC_URL = api.url;
      const report = await setUpBackend(stack.env, flows, stack.backendId, { actor: 'bench' });
      const rules = report.created.concat(report.found).filter((c) => c.erpModel === 'base.automation').length;
      if (rules < 1) throw new Error(`no webhook rule in the ERP after the set-up: ${JSON.stringify(report.problems)}`);
    }
    const n = Math.max(o.skus, 2 * o.changes);
    let t = Date.now();
    const products = await seedErpProducts(stack.erp.databaseUrl, n);
    await seedAmazonSkus(stack.env.db.pool, stack.backendId, products);
    o.say(`${o.mode}: ${n} products and SKUs seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    // The connector's first view (not timed): every offer computed, then taken as already on Amazon.
    t = Date.now();
    const first = await recomputeOffers(stack.env, stack.backendId);
    if (first.skus !== n) throw new Error(`first recompute saw ${first.skus} SKUs, expected ${n}`);
    await stack.env.db.pool.query(
      `update merchant_stock_offer set sent_qty = desired_qty, sent_seq = computed_seq, sent_lane = 'feed', sent_at = now() where backend_id = $1`, [stack.backendId],
    );
    // Jobs the boot queued (the enabling's recompute) would do the measured work before the measure starts.
    await stack.env.db.pool.query(
      `delete from graphile_worker._private_jobs j using graphile_worker._private_tasks t where t.id = j.task_id and t.identifier like 'merchant-stock:%'`,
    );
    o.say(`${o.mode}: first view of ${n} SKUs taken in ${((Date.now() - t) / 1000).toFixed(1)} s (not timed)`);

    const bulk = o.skus > 0 ? await bulkPush(stack, o.skus, workerEnv, o.say) : null;
    if (bulk) o.say(`bulk: ${JSON.stringify(bulk)}`);

    const worker = stack.startWorker('worker', workerEnv);
    // Past the change feed's first poll: it starts the cursor from "now", so a change before it is never seen.
    const polled = async () => (await stack.env.core.health.list([stack.backendId])).some((h) => h.flow === 'changefeed.poll' && h.state === 'ok');
    const pollBefore = await polled();
    for (let waited = 0; !(await polled()) || (pollBefore && waited < 5_000); waited += 250) {
      if (waited > 120_000) throw new Error(`no change-feed poll within 2 minutes:\n${worker.tail()}`);
      await sleep(250);
    }
    // Polling alone with the urgent poll on: past its first poll too (it starts its own cursor from then).
    if (o.mode === 'polling' && o.urgentPollSeconds > 0) {
      const urgentStarted = async () => (await stack.env.db.pool.query('select 1 from merchant_stock_move_poll where backend_id = $1', [stack.backendId])).rowCount === 1;
      for (let waited = 0; !(await urgentStarted()); waited += 250) {
        if (waited > 120_000) throw new Error(`no urgent poll within 2 minutes:\n${worker.tail()}`);
        await sleep(250);
      }
    }
    await sleep(2_000);
    const current = async (i: number) => {
      const sku = benchSku(i);
      const { rows } = await stack.env.db.pool.query<{ q: number }>('select desired_qty as q from merchant_stock_offer where backend_id = $1 and sku = $2', [stack.backendId, sku]);
      return { sku, productId: products.get(sku)!, qty: rows[0]!.q };
    };
    const pick = async (from: number) => Promise.all(Array.from({ length: o.changes }, (_, k) => current(from + k)));
    const timeoutMs = (o.mode === 'polling' ? 120 : 60) * 1000;
    const receipts = await measureLatency(stack, 'receipt', await pick(1), o.gapSeconds, timeoutMs, (s) => o.say(`${o.mode}: ${s}`), o.jitterSeconds);
    const zeros = await measureLatency(stack, 'zero', await pick(1 + o.changes), o.gapSeconds, timeoutMs, (s) => o.say(`${o.mode}: ${s}`), o.jitterSeconds);
    return { mode: o.mode, costScale: o.costScale, urgentPollSeconds: o.urgentPollSeconds, bulk, latency: [receipts, zeros] };
  } finally {
    await stack.close();
  }
}
