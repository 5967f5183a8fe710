/**
 * Merchant-fulfilled orders shipped from the ERP and confirmed to Amazon, as a seller checks it: one accepted
 * confirmShipment per delivery (a partial delivery and its backorder: two packages with the units each moved),
 * never two, also with two workers at once and after Amazon accepted a package whose answer was lost (read back
 * and bound, nothing sent again); a bad tracking number or an order Amazon cancelled is a conflict; a package left
 * `sending` with no job to settle it is handed back by the recovery sweep.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { openConflictCodes, sweepAndImport, syncStateOf } from './support/lifecycle.ts';
import { scaleQuantityPatch } from './support/order-edits.ts';
import { startWarehouseWorker } from '../scripts/demo-warehouse.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { Tasks } from '../connector/src/sync/shipments/index.ts';
import { amazonShipments, confirmDeliveries, confirmShipmentCalls, erpCarrier, openDelivery, validateDelivery } from './support/shipments.ts';

const DE = 'A1PA6795UKMFR9';
let serial = 0;
/** A DPD parcel number (14 digits): valid for DPD's format. */
const dpdNumber = () => String(10_000_000_000_000 + ++serial * 7919);

describe('shipments: ERP deliveries confirmed to Amazon', () => {
  let stack: Stack;
  let dpd: number;
  beforeAll(async () => {
    stack = await startStack({
      adminUrl: inject('pgAdminUrl'),
      label: 'shipments',
      erpSandbox: { modules: ['stock_delivery'] },
    });
    // Off by default: switched on for this backend as a seller would (PATCH /api/backends/:id does the same).
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { shipments: { enabled: true } } } });
    dpd = await erpCarrier(stack, 'DPD Classic');
  });
  afterAll(async () => stack?.close());

  /** Fresh merchant-fulfilled orders imported into the ERP (first item's quantity times `factor`). */
  const imported = async (count: number, factor = 1): Promise<string[]> => {
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count, status: 'UNSHIPPED', marketplaceId: DE, business: false, fulfilledBy: 'MERCHANT' });
    if (factor > 1) for (const id of ids) stack.amazon.updateOrder(id, scaleQuantityPatch(stack.amazon.getOrder(id).order, factor));
    await sweepAndImport(stack);
    const ok: string[] = [];
    for (const id of ids) if ((await syncStateOf(stack, id))?.state === 'imported') ok.push(id);
    if (!ok.length) throw new Error(`none imported: ${JSON.stringify(await Promise.all(ids.map((i) => syncStateOf(stack, i))))} ${JSON.stringify(await openConflictCodes(stack, ids[0]!))}`);
    return ok;
  };
  const accepted = (id: string) => amazonShipments(stack, id).filter((s) => s.outcome === 'accepted');
  const amazonStatus = (id: string) => (stack.amazon.getOrder(id).order.fulfillment as { fulfillmentStatus: string }).fulfillmentStatus;
  const unitsOrdered = (id: string) => (stack.amazon.getOrder(id).order.orderItems as Array<{ quantityOrdered: number }>).reduce((n, i) => n + i.quantityOrdered, 0);
  const unitsIn = (s: { body: unknown }) => (s.body as { packageDetail: { orderItems: Array<{ quantity: number }> } }).packageDetail.orderItems.reduce((n, i) => n + i.quantity, 0);

  it('a full delivery is one package with carrier, tracking and every unit; running again sends nothing', async () => {
    const ids = await imported(3);
    const pickings = [];
    for (const id of ids) {
      const p = await openDelivery(stack, id);
      await validateDelivery(stack, p, { carrierId: dpd, tracking: dpdNumber() });
      pickings.push(p);
    }
    await confirmDeliveries(stack, pickings);
    for (const id of ids) {
      const [pkg, ...more] = accepted(id);
      expect(more).toEqual([]);
      expect(pkg!.body).toMatchObject({ marketplaceId: DE, packageDetail: { carrierCode: 'DPD', packageReferenceId: expect.stringMatching(/^[1-9][0-9]*$/) } });
      expect(unitsIn(pkg!)).toBe(unitsOrdered(id));
      expect(amazonStatus(id)).toBe('SHIPPED');
    }
    const calls = confirmShipmentCalls(stack);
    await confirmDeliveries(stack, pickings);
    expect(confirmShipmentCalls(stack)).toBe(calls);
    const { rows } = await stack.env.db.pool.query<{ state: string; n: number }>(
      `select state, count(*)::int as n from record_state where backend_id = $1 and flow = 'shipments' and key = any($2::text[]) group by state`,
      [stack.backendId, pickings.map((p) => `mfn:${p}`)],
    );
    expect(rows).toEqual([{ state: 'confirmed', n: 3 }]);
  });

  it('a partial delivery and its backorder are two packages with the units each moved, never more than ordered', async () => {
    const [id] = await imported(1, 3);
    const first = await openDelivery(stack, id!);
    await validateDelivery(stack, first, { carrierId: dpd, tracking: dpdNumber(), units: (demand, i) => (i === 0 ? 1 : demand) });
    await confirmDeliveries(stack, [first]);
    expect(accepted(id!)).toHaveLength(1);
    expect(amazonStatus(id!)).toBe('PARTIALLY_SHIPPED');
    const backorder = await openDelivery(stack, id!);
    await validateDelivery(stack, backorder, { carrierId: dpd, tracking: dpdNumber() });
    // The change feed may name both deliveries again: the first is already confirmed.
    await confirmDeliveries(stack, [first, backorder]);
    const packages = accepted(id!);
    expect(packages).toHaveLength(2);
    expect(packages.map(unitsIn).reduce((a, b) => a + b, 0)).toBe(unitsOrdered(id!));
    expect(amazonStatus(id!)).toBe('SHIPPED');
  });

  it('two workers on the same deliveries at once: one confirmation per package', async () => {
    const ids = await imported(4);
    const pickings = [];
    for (const id of ids) {
      const p = await openDelivery(stack, id);
      await validateDelivery(stack, p, { carrierId: dpd, tracking: dpdNumber() });
      pickings.push(p);
    }
    await Promise.all([confirmDeliveries(stack, pickings), confirmDeliveries(stack, [...pickings].reverse())]);
    // A delivery the other worker held was handed to a later job: run it as the worker would.
    await confirmDeliveries(stack, pickings);
    for (const id of ids) expect(amazonShipments(stack, id)).toHaveLength(1);
  });

  it('Amazon accepts but the answer is lost: the retry reads the order back and binds the package, nothing sent again', async () => {
    const [id] = await imported(1);
    const p = await openDelivery(stack, id!);
    await validateDelivery(stack, p, { carrierId: dpd, tracking: dpdNumber() });
    stack.amazon.injectFault({ operation: 'confirmShipment', kind: 'drop_after_accept', count: 1 });
    await expect(confirmDeliveries(stack, [p])).rejects.toMatchObject({ code: 'AMAZON_UNAVAILABLE' });
    expect(amazonShipments(stack, id!)).toHaveLength(1);
    const { rows: sending } = await stack.env.db.pool.query(`select state from record_state where backend_id = $1 and flow = 'shipments' and key = $2`, [stack.backendId, `mfn:${p}`]);
    expect(sending).toEqual([{ state: 'sending' }]);
    const calls = confirmShipmentCalls(stack);
    await confirmDeliveries(stack, [p]);
    expect(confirmShipmentCalls(stack)).toBe(calls);
    expect(amazonShipments(stack, id!)).toHaveLength(1);
    const { rows } = await stack.env.db.pool.query(`select state, detail->>'packageReferenceId' as ref from record_state where backend_id = $1 and flow = 'shipments' and key = $2`, [stack.backendId, `mfn:${p}`]);
    expect(rows).toEqual([{ state: 'confirmed', ref: (amazonShipments(stack, id!)[0]!.body as { packageDetail: { packageReferenceId: string } }).packageDetail.packageReferenceId }]);
  });

  it('a package left sending with no job to settle it (the job skipped while the flow was off) is handed back by the recovery sweep', async () => {
    const [id] = await imported(1);
    const p = await openDelivery(stack, id!);
    await validateDelivery(stack, p, { carrierId: dpd, tracking: dpdNumber() });
    stack.amazon.injectFault({ operation: 'confirmShipment', kind: 'drop_after_accept', count: 1 });
    await expect(confirmDeliveries(stack, [p])).rejects.toMatchObject({ code: 'AMAZON_UNAVAILABLE' });
    // Its retry never comes (skipped as done while the flow was switched off); the record waited past the threshold.
    await stack.env.db.pool.query(`update record_state set updated_at = now() - interval '1 hour' where backend_id = $1 and flow = 'shipments' and key = $2`, [stack.backendId, `mfn:${p}`]);
    const tasks = taskList(stack.env);
    const pending = async () => (await stack.env.db.pool.query<{ id: string; payload: { backendId: number; ids: number[] } }>(
      `select j.id::text, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = $1 and j.key = $2`,
      [Tasks.confirmDeliveries, `shipments:recover-sending:${stack.backendId}`],
    )).rows;
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { shipments: { enabled: false } } } });
    try {
      await tasks[Tasks.recoverSending]!({}, undefined as never);
      expect(await pending()).toEqual([]);
    } finally {
      await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { shipments: { enabled: true } } } });
    }
    await tasks[Tasks.recoverSending]!({}, undefined as never);
    const [job] = await pending();
    expect(job!.payload).toEqual({ backendId: stack.backendId, ids: [p] });
    const calls = confirmShipmentCalls(stack);
    await stack.env.db.pool.query('select graphile_worker.complete_jobs(array[$1::bigint])', [job!.id]);
    await tasks[Tasks.confirmDeliveries]!(job!.payload, undefined as never);
    expect(confirmShipmentCalls(stack)).toBe(calls);
    expect(accepted(id!)).toHaveLength(1);
    const { rows } = await stack.env.db.pool.query(`select state from record_state where backend_id = $1 and flow = 'shipments' and key = $2`, [stack.backendId, `mfn:${p}`]);
    expect(rows).toEqual([{ state: 'confirmed' }]);
  });

  it('a bad tracking number is a TRACKING_INVALID conflict and nothing is sent; fixed in the ERP, the retry confirms it', async () => {
    const [id] = await imported(1);
    const p = await openDelivery(stack, id!);
    const calls = confirmShipmentCalls(stack);
    await validateDelivery(stack, p, { carrierId: dpd, tracking: '0123456' });
    await confirmDeliveries(stack, [p]);
    expect(await openConflictCodes(stack, `mfn:${p}`)).toEqual(['TRACKING_INVALID']);
    expect(confirmShipmentCalls(stack)).toBe(calls);
    expect(amazonShipments(stack, id!)).toEqual([]);
    await stack.erpClient.write('stock.picking', [p], { carrier_tracking_ref: dpdNumber() });
    await confirmDeliveries(stack, [p]);
    expect(accepted(id!)).toHaveLength(1);
    expect(await openConflictCodes(stack, `mfn:${p}`)).toEqual([]);
  });

  it('an order Amazon cancelled meanwhile: Amazon refuses, the read-back says cancelled, SHIPMENT_ORDER_CANCELLED', async () => {
    const [id] = await imported(1);
    const p = await openDelivery(stack, id!);
    await validateDelivery(stack, p, { carrierId: dpd, tracking: dpdNumber() });
    stack.amazon.updateOrder(id!, { fulfillmentStatus: 'CANCELLED' });
    await confirmDeliveries(stack, [p]);
    expect(await openConflictCodes(stack, `mfn:${p}`)).toEqual(['SHIPMENT_ORDER_CANCELLED']);
    expect(accepted(id!)).toEqual([]);
    const { rows } = await stack.env.db.pool.query(`select count(*)::int as n from binding where backend_id = $1 and kind = 'shipment' and erp_id = $2`, [stack.backendId, p]);
    expect(rows).toEqual([{ n: 0 }]);
  });

  it("the demo's warehouse worker ships imported orders (partial and mistyped ones too) and each delivery is confirmed or a conflict", async () => {
    const ids = await imported(8, 2);
    const before = await stack.erpClient.search('stock.picking', [['state', '=', 'done']]);
    const lines: string[] = [];
    const stop = startWarehouseWorker({ url: stack.erp.sandbox.url, database: stack.erp.sandbox.dbName, apiKey: stack.erp.sandbox.apiKey, log: (l) => lines.push(l), everySeconds: 3600 });
    for (let i = 0; i < 100 && !lines.some((l) => l.includes('shipped')); i++) await new Promise((r) => setTimeout(r, 100));
    // The first round is done once no open delivery of these orders is left but backorders.
    for (let i = 0; i < 100 && lines.filter((l) => l.includes('shipped')).length < ids.length; i++) await new Promise((r) => setTimeout(r, 100));
    stop();
    const done = (await stack.erpClient.search('stock.picking', [['state', '=', 'done']])).filter((p) => !before.includes(p));
    expect(done.length).toBeGreaterThanOrEqual(ids.length);
    await confirmDeliveries(stack, done);
    const { rows } = await stack.env.db.pool.query<{ state: string; code: string | null }>(
      `select state, code from record_state where backend_id = $1 and flow = 'shipments' and key = any($2::text[])`,
      [stack.backendId, done.map((p) => `mfn:${p}`)],
    );
    expect(rows.length).toBe(done.length);
    expect(rows.filter((r) => r.state === 'confirmed').length).toBeGreaterThan(0);
    expect(rows.every((r) => r.state === 'confirmed' || r.code === 'TRACKING_INVALID')).toBe(true);
    expect(lines.some((l) => l.includes('mistyped'))).toBe(true);
    expect(rows.some((r) => r.code === 'TRACKING_INVALID')).toBe(true);
  });

  it('through the change feed (polling alone): a validated delivery is enqueued for the flow and confirmed', async () => {
    const tasks = taskList(stack.env);
    const poll = () => tasks['changefeed:poll']!({ backendId: stack.backendId }, undefined as never);
    await poll();
    const [id] = await imported(1);
    const p = await openDelivery(stack, id!);
    // Odoo's write_date has whole seconds: the feed's cursor moves past the second it last saw.
    await new Promise((r) => setTimeout(r, 1100));
    await validateDelivery(stack, p, { carrierId: dpd, tracking: dpdNumber() });
    await new Promise((r) => setTimeout(r, 1100));
    await poll();
    const { rows } = await stack.env.db.pool.query<{ id: string; payload: { backendId: number; ids: number[] } }>(
      `select j.id::text, j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = $1`,
      ['shipments:confirm-deliveries'],
    );
    expect(rows.some((r) => r.payload.ids.includes(p))).toBe(true);
    for (const r of rows) {
      await stack.env.db.pool.query('select graphile_worker.complete_jobs(array[$1::bigint])', [r.id]);
      await tasks['shipments:confirm-deliveries']!(r.payload, undefined as never);
    }
    expect(accepted(id!)).toHaveLength(1);
  });

  it('a dry run checks and records the package it would send, and sends nothing', async () => {
    const [id] = await imported(1);
    const p = await openDelivery(stack, id!);
    await validateDelivery(stack, p, { carrierId: dpd, tracking: dpdNumber() });
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { shipments: { dryRun: true } } } });
    try {
      const calls = confirmShipmentCalls(stack);
      await confirmDeliveries(stack, [p]);
      expect(confirmShipmentCalls(stack)).toBe(calls);
      const { rows } = await stack.env.db.pool.query(`select state, code, detail->'wouldSend'->>'carrierCode' as carrier from record_state where backend_id = $1 and flow = 'shipments' and key = $2`, [stack.backendId, `mfn:${p}`]);
      expect(rows).toEqual([{ state: 'dry_run', code: 'DRY_RUN', carrier: 'DPD' }]);
    } finally {
      await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { shipments: { dryRun: false } } } });
    }
    await confirmDeliveries(stack, [p]);
    expect(accepted(id!)).toHaveLength(1);
  });
});
