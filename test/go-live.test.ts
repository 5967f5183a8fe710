/**
 * The go-live controls of a flow, end to end on the order flow (real PostgreSQL, both sandboxes over HTTP): a flow
 * switched off for a backend creates nothing in the ERP; a dry run maps and looks up but writes nothing, and its
 * run says what it would have written (ids and amounts, no buyer data); a cut-over date leaves older orders alone
 * while newer ones import.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { erpOrdersOf, sweepAndImport, syncStateOf, theErpOrder } from './support/lifecycle.ts';
import { expectationOf } from './support/expected-orders.ts';

const DE = 'A1PA6795UKMFR9';
const HOUR = 3600_000;

describe('go-live controls of the order flow', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'golive' });
  });
  afterAll(async () => stack?.close());

  const goLive = (orders: Record<string, unknown>) => stack.env.core.backends.update(stack.backendId, { settings: { goLive: { orders } } });
  const creates = () => (stack.erp.sandbox.stats().calls['sale.order.create'] ?? 0) + (stack.erp.sandbox.stats().calls['res.partner.create'] ?? 0);
  /** Fresh UNSHIPPED merchant orders the import would take (no unknown SKU or currency), placed in `created`. */
  const importable = (count: number, created?: { from: number; to: number }) =>
    stack.amazon
      .generateOrders({
        sellerId: stack.sellerId, count, status: 'UNSHIPPED', marketplaceId: DE, business: false, fulfilledBy: 'MERCHANT',
        ...(created ? { createdFrom: new Date(created.from).toISOString(), createdTo: new Date(created.to).toISOString() } : {}),
      })
      .filter((id) => expectationOf(stack.amazon.getOrder(id).order as never).kind === 'import');

  it('switched off: the jobs do nothing, no ERP order is created', async () => {
    await goLive({ enabled: false });
    const ids = importable(4);
    const before = creates();
    await sweepAndImport(stack);
    expect(creates()).toBe(before);
    for (const id of ids) {
      expect(await erpOrdersOf(stack, id)).toEqual([]);
      expect((await syncStateOf(stack, id))?.state).toBe('queued');
    }
  });

  it('dry run: nothing is written to the ERP; the run says what would have been created', async () => {
    await goLive({ enabled: true, dryRun: true });
    const ids = importable(4);
    expect(ids.length).toBeGreaterThan(0);
    const before = creates();
    await sweepAndImport(stack);
    expect(creates()).toBe(before);
    for (const id of ids) {
      expect(await erpOrdersOf(stack, id)).toEqual([]);
      expect(await syncStateOf(stack, id)).toEqual({ state: 'not_imported', code: 'DRY_RUN' });
    }
    const { rows } = await stack.env.db.pool.query<{ id: string; outcome: { dryRun: Array<{ amazonOrderId: string; action: string; total: string; currency: string; lines: number }> } }>(
      `select id::text, outcome from sync_run where backend_id = $1 and flow = 'orders.import' and outcome ? 'dryRun' order by id`,
      [stack.backendId],
    );
    const would = rows.flatMap((r) => r.outcome.dryRun);
    for (const id of ids) {
      expect(would).toContainEqual({ amazonOrderId: id, action: 'create', total: expect.stringMatching(/^\d+\.\d+$/), currency: 'EUR', lines: expect.any(Number) });
    }
    // What the run keeps is ids and amounts: no buyer name, e-mail or address of any of these orders.
    const buyer = ids.map((id) => (stack.amazon.getOrder(id).order as { buyer?: { buyerEmail?: string } }).buyer?.buyerEmail).filter(Boolean) as string[];
    for (const email of buyer) expect(JSON.stringify(would)).not.toContain(email);
    // Each order's step log says where it stopped.
    const steps = await stack.env.core.runs.steps(Number(rows[rows.length - 1]!.id));
    expect(steps.filter((s) => s.step === 'dry-run').map((s) => [s.status, s.errorCode])).toContainEqual(['skipped', 'DRY_RUN']);
  });

  it('cut-over: orders placed before it are left alone, newer ones import', async () => {
    const cutoverAt = new Date(Date.now() - 24 * HOUR);
    await goLive({ dryRun: false, cutoverAt: cutoverAt.toISOString() });
    const older = importable(3, { from: Date.now() - 50 * HOUR, to: Date.now() - 49 * HOUR });
    const newer = importable(3);
    expect(older.length).toBeGreaterThan(0);
    expect(newer.length).toBeGreaterThan(0);
    await sweepAndImport(stack);
    for (const id of older) {
      expect(await erpOrdersOf(stack, id)).toEqual([]);
      expect(await syncStateOf(stack, id)).toEqual({ state: 'not_imported', code: 'BEFORE_CUTOVER' });
    }
    for (const id of newer) expect((await theErpOrder(stack, id)).state).toBe('sale');
  });
});
