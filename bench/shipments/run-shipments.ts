/**
 * One shipments bench run on a whole stack (both sandboxes, the ERP one as slow as a real Odoo 19, two connector
 * processes: a worker and, with webhooks, the API that receives them): merchant orders imported, then deliveries
 * validated in the ERP the way a warehouse worker does, and the time until Amazon answered the confirmation.
 *
 * - latency: `--latency` deliveries validated one after the other, `--gap` seconds apart (below the quota, so the
 *   figure is the path's own delay): from the ERP's answer to `button_validate` (the delivery is done and
 *   committed) to Amazon's 204, seen by polling the Amazon sandbox's shipment log every 20 ms.
 * - throughput (webhook run only): `--throughput` deliveries validated in calls of 25 while the worker is stopped
 *   (their webhooks queue the jobs), then a worker started: the confirmations per second Amazon accepted after the
 *   burst (the first 10, the bucket) against the usage plan's 2/s, and the 429s the connector caused.
 */
import { setUpBackend } from '../../connector/src/sync/frame/backend-setup.ts';
import { flows } from '../../connector/src/sync/flows.ts';
import { startStack, type Stack } from '../../test/support/connector-stack.ts';
import { erpCarrier, openDelivery } from '../../test/support/shipments.ts';

const DE = 'A1PA6795UKMFR9';
/** Orders v0 confirmShipment: 2 requests/s, burst 10 (sp-api-notes.md). */
export const PLAN = { rate: 2, burst: 10 };

export interface ShipmentRunOptions {
  adminUrl: string;
  mode: 'webhook' | 'polling';
  latency: number;
  gapSeconds: number;
  throughput: number;
  pollSeconds: number;
  costScale: number;
  say: (s: string) => void;
}

export interface ShipmentRunFigures {
  mode: 'webhook' | 'polling';
  pollSeconds: number;
  costScale: number;
  latency: { n: number; p50: number; p95: number; max: number; fromCallStartP95: number };
  throughput: null | { n: number; seconds: number; perSecondAfterBurst: number; planShare: number; throttled: number; confirmCalls: number; accepted: number };
}

let serial = 0;
/** A DPD parcel number (14 digits, DPD's format). */
const dpdNumber = () => String(20_000_000_000_000 + ++serial * 7919);

const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN; };
const round2 = (x: number) => Math.round(x * 100) / 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runShipments(o: ShipmentRunOptions): Promise<ShipmentRunFigures> {
  const stack = await startStack({
    adminUrl: o.adminUrl,
    label: `bench_ship_${o.mode}`,
    erpSandbox: { modules: ['stock_delivery', 'base_automation'], cost: { scale: o.costScale } },
    settings: { changeFeed: { pollSeconds: o.pollSeconds } },
  });
  try {
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { shipments: { enabled: true } }, changeFeed: { pollSeconds: o.pollSeconds } } });
    const workerEnv: Record<string, string> = {};
    if (o.mode === 'webhook') {
      const api = await stack.startApiProcess('api');
      stack.env.core.changeFeed.publicUrl = api.url;
      workerEnv.CONNECTOR_PUBLIC_URL = api.url;
      const report = await setUpBackend(stack.env, flows, stack.backendId, { actor: 'bench' });
      const rules = report.created.concat(report.found).filter((c) => c.erpModel === 'base.automation').length;
      if (rules !== 1) throw new Error(`expected one webhook rule in the ERP, set-up says ${rules}: ${JSON.stringify(report.problems)}`);
    }
    const total = o.latency + (o.mode === 'webhook' ? o.throughput : 0);
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: total, status: 'UNSHIPPED', marketplaceId: DE, business: false, fulfilledBy: 'MERCHANT' });
    let worker = stack.startWorker('worker', workerEnv);
    o.say(`${o.mode}: importing ${total} merchant orders (ERP cost model x${o.costScale})`);
    await stack.waitForIdle(600_000, total);
    const carrier = await erpCarrier(stack, 'DPD Classic');
    const deliveries: Array<{ orderId: string; picking: number }> = [];
    for (const id of ids) {
      try { deliveries.push({ orderId: id, picking: await openDelivery(stack, id) }); } catch { /* not imported (a drawn odd order): left out */ }
    }
    if (deliveries.length < total) o.say(`${o.mode}: ${total - deliveries.length} orders without an open delivery left out`);
    // Wait out the first poll (it starts from "now") so the first measured delivery is not also the feed's start.
    await sleep(2_000);

    const latency = await measureLatency(stack, deliveries.slice(0, o.latency), carrier, o);
    // The wave is validated while no worker runs (the webhooks queue their jobs), so Amazon's quota, not the ERP's
    // pace of validation, is what the worker then meets.
    const pause = async () => { await worker.stop(); };
    const resume = () => { worker = stack.startWorker('worker-2', workerEnv); };
    const throughput = o.mode === 'webhook' && o.throughput > 0 ? await measureThroughput(stack, deliveries.slice(o.latency), carrier, o, pause, resume) : null;
    return { mode: o.mode, pollSeconds: o.pollSeconds, costScale: o.costScale, latency, throughput };
  } finally {
    await stack.close();
  }
}

/** Picks every unit and sets carrier and tracking (the warehouse worker's part before "Validate"). */
async function prepare(stack: Stack, picking: number, carrier: number): Promise<void> {
  const erp = stack.erpClient;
  const [p] = await erp.read('stock.picking', [picking], ['move_ids']);
  const moves = await erp.read('stock.move', p!.move_ids as number[], ['product_uom_qty']);
  for (const m of moves) await erp.write('stock.move', [m.id], { quantity: m.product_uom_qty, picked: true });
  await erp.write('stock.picking', [picking], { carrier_id: carrier, carrier_tracking_ref: dpdNumber() });
}

const acceptedCount = (stack: Stack, orderId: string) => stack.amazon.shipments(orderId).shipments.filter((s) => s.outcome === 'accepted').length;

/** Resolves with the time (ms) the first accepted confirmation of the order is seen, polling every 20 ms. */
async function acceptedAt(stack: Stack, orderId: string, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (acceptedCount(stack, orderId) > 0) return Date.now();
    await sleep(20);
  }
  throw new Error(`${orderId}: no confirmation accepted by Amazon within ${timeoutMs} ms`);
}

async function measureLatency(stack: Stack, ds: Array<{ orderId: string; picking: number }>, carrier: number, o: ShipmentRunOptions): Promise<ShipmentRunFigures['latency']> {
  const fromAnswer: number[] = [];
  const fromStart: number[] = [];
  const waits: Promise<void>[] = [];
  for (const d of ds) {
    await prepare(stack, d.picking, carrier);
    const start = Date.now();
    const r = await stack.erpClient.call('stock.picking', 'button_validate', [d.picking]);
    if (r !== true) throw new Error(`picking ${d.picking}: button_validate answered ${JSON.stringify(r)}`);
    const validated = Date.now();
    waits.push(acceptedAt(stack, d.orderId, (o.pollSeconds + 60) * 1000).then((t) => { fromAnswer.push(t - validated); fromStart.push(t - start); }));
    await sleep(o.gapSeconds * 1000);
  }
  await Promise.all(waits);
  const s = fromAnswer.map((x) => x / 1000);
  o.say(`${o.mode}: latency over ${s.length} deliveries: p50 ${round2(quantile(s, 0.5))} s, p95 ${round2(quantile(s, 0.95))} s, max ${round2(Math.max(...s))} s`);
  return { n: s.length, p50: round2(quantile(s, 0.5)), p95: round2(quantile(s, 0.95)), max: round2(Math.max(...s)), fromCallStartP95: round2(quantile(fromStart.map((x) => x / 1000), 0.95)) };
}

async function measureThroughput(
  stack: Stack, ds: Array<{ orderId: string; picking: number }>, carrier: number, o: ShipmentRunOptions, pause: () => Promise<void>, resume: () => void,
): Promise<NonNullable<ShipmentRunFigures['throughput']>> {
  for (const d of ds) await prepare(stack, d.picking, carrier);
  await pause();
  const before = stack.amazon.calls().operations.filter((x) => x.operation === 'confirmShipment');
  const calls0 = before.reduce((n, x) => n + x.calls, 0);
  const throttled0 = before.reduce((n, x) => n + x.throttled, 0);
  // Validated in calls of 25 pickings, as a warehouse validating a wave does (each call POSTs one webhook per picking).
  for (let i = 0; i < ds.length; i += 25) {
    const r = await stack.erpClient.call('stock.picking', 'button_validate', ds.slice(i, i + 25).map((d) => d.picking));
    if (r !== true) throw new Error(`button_validate of a wave answered ${JSON.stringify(r)}`);
  }
  resume();
  const times: number[] = [];
  const pending = new Set(ds.map((d) => d.orderId));
  const until = Date.now() + (ds.length / PLAN.rate + o.pollSeconds + 120) * 1000;
  while (pending.size && Date.now() < until) {
    for (const id of [...pending]) if (acceptedCount(stack, id) > 0) { pending.delete(id); times.push(Date.now()); }
    await sleep(20);
  }
  if (pending.size) throw new Error(`${pending.size} of ${ds.length} deliveries not confirmed in time`);
  times.sort((a, b) => a - b);
  const after = stack.amazon.calls().operations.filter((x) => x.operation === 'confirmShipment');
  const confirmCalls = after.reduce((n, x) => n + x.calls, 0) - calls0;
  const throttled = after.reduce((n, x) => n + x.throttled, 0) - throttled0;
  // After the burst the bucket refills at the plan's rate: what the connector can reach is exactly that rate.
  const k = Math.min(PLAN.burst, times.length - 2);
  const perSecond = (times.length - 1 - k) / ((times.at(-1)! - times[k]!) / 1000);
  const seconds = round2((times.at(-1)! - times[0]!) / 1000);
  o.say(`${o.mode}: ${ds.length} deliveries confirmed in ${seconds} s; ${round2(perSecond)}/s after the burst (plan ${PLAN.rate}/s: ${round2((100 * perSecond) / PLAN.rate)} %); ${confirmCalls} calls, ${throttled} answered 429`);
  return { n: ds.length, seconds, perSecondAfterBurst: round2(perSecond), planShare: round2((100 * perSecond) / PLAN.rate), throttled, confirmCalls, accepted: ds.length };
}
