/**
 * The shipments flow with real worker PROCESSES, webhooks (through an API process) and the change feed's polling
 * both on: a worker SIGKILLed while Amazon holds the answer to a confirmShipment it already accepted (the binding
 * still `sending`) is replaced, and the package is bound by reading the order back, never sent twice; and the
 * flow's exactly-once-under-load run: two workers, deliveries validated in waves (partial ones and their
 * backorders), Amazon faults, one worker killed mid-way, and in the end one accepted package per delivery.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Child } from '../scripts/lib/processes.ts';
import { setUpBackend } from '../connector/src/sync/frame/backend-setup.ts';
import { flows } from '../connector/src/sync/flows.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { amazonFaultRule, amazonFaults, clearFaults } from './support/faults.ts';
import { syncStateOf } from './support/lifecycle.ts';
import { scaleQuantityPatch } from './support/order-edits.ts';
import { amazonShipments, confirmShipmentCalls, erpCarrier, openDelivery, validateDelivery } from './support/shipments.ts';

const DE = 'A1PA6795UKMFR9';
/** searchOrders raised as every stack does (its workers sweep every 2 s). */
const RAISED_SEARCH = { rate: 5, burst: 100 };
/** Amazon's confirmShipment plan (2/s, burst 10) time-scaled x10, in the sandbox and the backend alike. */
const SCALED_CONFIRM = { rate: 20, burst: 10 };
const FULL = 36;
const PARTIAL = 36;

let serial = 0;
/** A DPD parcel number (14 digits): valid for DPD's format. */
const dpdNumber = () => String(30_000_000_000_000 + ++serial * 7919);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('shipments with worker processes: killed between acceptance and binding, and under load', () => {
  let stack: Stack;
  let dpd: number;
  let workerEnv: Record<string, string>;
  /** Worker processes that should be alive (a killed one leaves this list first). */
  const live: Child[] = [];
  let killOne: string;
  let full: string[] = [];
  let partial: string[] = [];

  beforeAll(async () => {
    stack = await startStack({
      adminUrl: inject('pgAdminUrl'),
      label: 'shipprocs',
      erpSandbox: { modules: ['stock_delivery', 'base_automation'] },
      amazon: { usagePlans: { searchOrders: RAISED_SEARCH, confirmShipment: SCALED_CONFIRM } },
      settings: { changeFeed: { pollSeconds: 2 }, rateOverrides: { searchOrders: RAISED_SEARCH, confirmShipment: SCALED_CONFIRM } },
      workerConcurrency: 4,
    });
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { shipments: { enabled: true } } } });
    // Webhooks need a public URL: the API process's (as the bench wires it); the set-up installs the ERP's rule.
    const api = await stack.startApiProcess('api');
    stack.env.core.changeFeed.publicUrl = api.url;
    workerEnv = { CONNECTOR_PUBLIC_URL: api.url };
    const report = await setUpBackend(stack.env, flows, stack.backendId, { actor: 'test' });
    expect(report.created.concat(report.found).filter((c) => c.erpModel === 'base.automation')).toHaveLength(1);
    dpd = await erpCarrier(stack, 'DPD Classic');
    const gen = (count: number) => stack.amazon.generateOrders({ sellerId: stack.sellerId, count, status: 'UNSHIPPED', marketplaceId: DE, business: false, fulfilledBy: 'MERCHANT' });
    const one = gen(2);
    const fullIds = gen(FULL);
    const partialIds = gen(PARTIAL);
    // Three times the first item's units: the first delivery ships one of them, its backorder the rest.
    for (const id of partialIds) stack.amazon.updateOrder(id, scaleQuantityPatch(stack.amazon.getOrder(id).order, 3));
    live.push(stack.startWorker('worker-a', workerEnv));
    const all = [...one, ...fullIds, ...partialIds];
    await stack.waitForIdle(120_000, all.length);
    const imported = async (ids: string[]) => {
      const ok: string[] = [];
      for (const id of ids) if ((await syncStateOf(stack, id))?.state === 'imported') ok.push(id);
      return ok;
    };
    const [first] = await imported(one);
    expect(first).toBeDefined();
    killOne = first!;
    full = await imported(fullIds);
    partial = await imported(partialIds);
    expect(full.length + partial.length).toBeGreaterThan((FULL + PARTIAL) * 0.8);
  }, 180_000);
  afterAll(async () => stack?.close());

  /** Polls until `check` holds; fails when a live worker died or `ms` passed. */
  const until = async (what: string, ms: number, check: () => Promise<boolean> | boolean) => {
    const end = Date.now() + ms;
    while (!(await check())) {
      for (const w of live) if (w.proc.exitCode !== null || w.proc.signalCode !== null) throw new Error(`${w.name} exited:\n${w.tail()}`);
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${live.map((w) => `${w.name}: ${w.tail()}`).join('\n')}`);
      await sleep(100);
    }
  };
  const kill = async (w: Child) => {
    live.splice(live.indexOf(w), 1);
    w.proc.kill('SIGKILL');
    await w.exited;
  };
  const recordStates = async (pickings: number[]) => {
    const { rows } = await stack.env.db.pool.query<{ key: string; state: string; code: string | null }>(
      `select key, state, code from record_state where backend_id = $1 and flow = 'shipments' and key = any($2::text[])`,
      [stack.backendId, pickings.map((p) => `mfn:${p}`)],
    );
    return rows;
  };
  const accepted = (id: string) => amazonShipments(stack, id).filter((s) => s.outcome === 'accepted');
  const unitsOrdered = (id: string) => (stack.amazon.getOrder(id).order.orderItems as Array<{ quantityOrdered: number }>).reduce((n, i) => n + i.quantityOrdered, 0);
  const unitsIn = (s: { body: unknown }) => (s.body as { packageDetail: { orderItems: Array<{ quantity: number }> } }).packageDetail.orderItems.reduce((n, i) => n + i.quantity, 0);
  const refOf = (s: { body: unknown }) => (s.body as { packageDetail: { packageReferenceId: string } }).packageDetail.packageReferenceId;
  const amazonStatus = (id: string) => (stack.amazon.getOrder(id).order.fulfillment as { fulfillmentStatus: string }).fulfillmentStatus;

  it('a worker killed while Amazon holds the answer to a package it accepted: a new worker binds it by reading back, nothing sent again', async () => {
    const [worker] = live;
    const p = await openDelivery(stack, killOne);
    const callsBefore = confirmShipmentCalls(stack);
    // Amazon records the package, then holds its answer (far past the kill): the worker waits on it, bound `sending`.
    stack.amazon.injectFault({ operation: 'confirmShipment', kind: 'timeout_after_accept', count: 1, holdMs: 300_000 });
    await validateDelivery(stack, p, { carrierId: dpd, tracking: dpdNumber() });
    await until('Amazon to accept the package', 30_000, () => accepted(killOne).length > 0);
    const [before] = await recordStates([p]);
    expect(before).toMatchObject({ state: 'sending' });
    expect(accepted(killOne)[0]!.answerLost).toBe('timeout_after_accept');
    await kill(worker!);

    // What is left of the delivery's jobs: the dead worker's, still locked in its name (graphile-worker would keep
    // it so for 4 h), and the feed's duplicates (webhook and poll both named the picking), handed on while it was
    // busy. The duplicates are taken away: the dead worker's own job must bring the delivery back by itself.
    const jobsOf = async () => (await stack.env.db.pool.query<{ id: string; locked: boolean }>(
      `select j.id::text, j.locked_by is not null as locked from graphile_worker._private_jobs j
         join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'shipments:confirm-deliveries' and (j.payload::jsonb)->'ids' @> to_jsonb($1::int)`,
      [p],
    )).rows;
    const left = await jobsOf();
    const dead = left.filter((j) => j.locked).map((j) => j.id);
    expect(dead).toHaveLength(1);
    const duplicates = left.filter((j) => !j.locked).map((j) => j.id);
    if (duplicates.length) await stack.env.db.pool.query('select graphile_worker.complete_jobs($1::bigint[])', [duplicates]);

    const killedAt = Date.now();
    const replacement = stack.startWorker('worker-b', workerEnv);
    live.push(replacement);
    // Its lock went with its connection; its job comes back through the heartbeat of the live processes (a worker
    // unbeaten for 15 s is dead: force_unlock_workers), and its retry finds the binding `sending`: read back.
    await until('the delivery to be confirmed by the new worker', 60_000, async () => (await recordStates([p]))[0]?.state === 'confirmed');
    console.log(`[shipments-processes] killed worker's package bound ${((Date.now() - killedAt) / 1000).toFixed(1)} s after the kill`);
    // The dead worker's job itself was handed back and run (then a no-op if a later poll's job got there first).
    await until("the dead worker's job to be run", 30_000, async () => !(await jobsOf()).some((j) => j.id === dead[0]));
    expect(replacement.tail()).toContain('unlocked the jobs of dead workers');

    expect(amazonShipments(stack, killOne)).toHaveLength(1);
    expect(confirmShipmentCalls(stack)).toBe(callsBefore + 1);
    const { rows } = await stack.env.db.pool.query<{ status: string; via: string; ref: string }>(
      `select state->>'status' as status, state->>'via' as via, state->'request'->'packageDetail'->>'packageReferenceId' as ref
         from binding where backend_id = $1 and kind = 'shipment' and erp_id = $2`,
      [stack.backendId, p],
    );
    expect(rows).toEqual([{ status: 'confirmed', via: 'read_back', ref: refOf(accepted(killOne)[0]!) }]);
    expect(amazonStatus(killOne)).toBe('SHIPPED');
  }, 120_000);

  it('exactly once under load: two workers, webhooks and polling, waves with backorders, Amazon faults, a worker killed mid-way', async () => {
    live.push(stack.startWorker('worker-c', workerEnv));
    const callsBefore = confirmShipmentCalls(stack);
    // A share of the confirmations fail: throttled, Amazon's 500, an answer held past the connector's patience
    // (closed unanswered after 1.5 s: Amazon did nothing), an answer lost after acceptance.
    await amazonFaultRule(stack.amazon, { operation: 'confirmShipment', percent: 10, kinds: ['429', '500', 'timeout', 'timeout_after_accept'], seed: 11, holdMs: 1_500 });
    const pickings: number[] = [];
    const firstOf = new Map<string, number>();
    // Wave 1: the full deliveries in calls of 12 (one webhook per picking), the partial ones one by one.
    const fullPickings: number[] = [];
    for (const id of full) {
      const p = await openDelivery(stack, id);
      const [pk] = await stack.erpClient.read('stock.picking', [p], ['move_ids']);
      const moves = await stack.erpClient.read('stock.move', pk!.move_ids as number[], ['product_uom_qty']);
      for (const m of moves) await stack.erpClient.write('stock.move', [m.id], { quantity: m.product_uom_qty, picked: true });
      await stack.erpClient.write('stock.picking', [p], { carrier_id: dpd, carrier_tracking_ref: dpdNumber() });
      fullPickings.push(p);
    }
    for (let i = 0; i < fullPickings.length; i += 12) {
      expect(await stack.erpClient.call('stock.picking', 'button_validate', fullPickings.slice(i, i + 12))).toBe(true);
    }
    pickings.push(...fullPickings);
    for (const id of partial) {
      const p = await openDelivery(stack, id);
      await validateDelivery(stack, p, { carrierId: dpd, tracking: dpdNumber(), units: (demand, i) => (i === 0 ? 1 : demand) });
      firstOf.set(id, p);
      pickings.push(p);
    }

    // Mid-way: kill the worker that is confirming something right now (its jobs' lock names its process).
    const total = () => [...full, ...partial].reduce((n, id) => n + accepted(id).length, 0);
    await until('a third of the first wave confirmed', 60_000, () => total() >= pickings.length / 3);
    const { rows: busy } = await stack.env.db.pool.query<{ pid: number }>(
      `select distinct h.pid from graphile_worker._private_jobs j
         join graphile_worker._private_tasks t on t.id = j.task_id
         join worker_heartbeat h on h.worker_id = j.locked_by
        where t.identifier = 'shipments:confirm-deliveries'`,
    );
    const victim = live.find((w) => busy.some((b) => b.pid === w.proc.pid)) ?? live[live.length - 1]!;
    await kill(victim);

    // Wave 2: the backorders, while one worker is left.
    for (const id of partial) {
      const p = await openDelivery(stack, id);
      expect(p).not.toBe(firstOf.get(id));
      await validateDelivery(stack, p, { carrierId: dpd, tracking: dpdNumber() });
      pickings.push(p);
    }
    await until('every delivery confirmed', 90_000, async () => (await recordStates(pickings)).filter((r) => r.state === 'confirmed').length === pickings.length);
    const fired = (await amazonFaults(stack.amazon)).fired;
    await clearFaults(stack.amazon);

    // Amazon's side: per order one accepted package per delivery, adding up to the order, nothing refused.
    for (const id of full) {
      expect(amazonShipments(stack, id)).toHaveLength(1);
      expect(unitsIn(accepted(id)[0]!)).toBe(unitsOrdered(id));
    }
    for (const id of partial) {
      const got = amazonShipments(stack, id);
      expect(got.map((s) => s.outcome)).toEqual(['accepted', 'accepted']);
      expect(new Set(got.map(refOf)).size).toBe(2);
      expect(got.map(unitsIn).reduce((a, b) => a + b, 0)).toBe(unitsOrdered(id));
    }
    for (const id of [...full, ...partial]) expect(amazonStatus(id)).toBe('SHIPPED');
    // Every confirmShipment that reached Amazon's operation was accepted once per delivery: faulted calls that did
    // nothing are the only extra calls, none of them refused.
    expect(total()).toBe(pickings.length);
    expect(confirmShipmentCalls(stack) - callsBefore).toBeGreaterThanOrEqual(pickings.length);
    // The connector's side: one confirmed binding per delivery, each with the package Amazon has.
    const { rows: bindings } = await stack.env.db.pool.query<{ n: number; confirmed: number }>(
      `select count(*)::int as n, count(*) filter (where state->>'status' = 'confirmed')::int as confirmed
         from binding where backend_id = $1 and kind = 'shipment' and erp_id = any($2::int[])`,
      [stack.backendId, pickings],
    );
    expect(bindings).toEqual([{ n: pickings.length, confirmed: pickings.length }]);
    expect(fired.byKind['timeout_after_accept'] ?? 0).toBeGreaterThanOrEqual(1);
    expect(fired.total).toBeGreaterThanOrEqual(3);
    console.log(`[shipments-processes] ${pickings.length} deliveries of ${full.length + partial.length} orders confirmed once each; ` +
      `killed ${victim.name}; faults ${JSON.stringify(fired.byKind)}; ${confirmShipmentCalls(stack) - callsBefore} confirmShipment calls`);
  }, 180_000);
});
