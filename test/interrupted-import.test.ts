/**
 * Exactly once, deterministically: an import that died right after the ERP create and its binding (before the
 * confirmation and the read-back) is finished by the next run — the draft is found by reference and confirmed,
 * its name and total recorded — and nothing is created twice. A second variant dies before the binding too; a
 * third after the read-back, before the outcome was recorded.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildOrderContext } from '../connector/src/sync/orders/order-context.ts';
import type { ImportDeps, OrderRecord } from '../connector/src/sync/orders/import-records.ts';
import { createOrderSteps, importOrderSteps } from '../connector/src/sync/orders/import-orders.workflow.ts';
import { sweepOrders } from '../connector/src/sync/orders/sweep-orders.task.ts';
import { orderDocuments } from '../connector/src/sync/orders/order-documents.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { expectationOf, type SandboxOrder } from './support/expected-orders.ts';
import { erpOrdersOf, runJobs, syncStateOf } from './support/lifecycle.ts';
import { toUnits } from './support/money.ts';
import { referenceCacheOf } from '../connector/src/sync/orders/index.ts';

const DE = 'A1PA6795UKMFR9';

describe('an import interrupted after the ERP create', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'interrupted' });
  });
  afterAll(async () => stack?.close());

  /**
   * Stores the orders (the sweep) and runs only the first steps of their import, as a run that died would: up to
   * the create, or (`throughVerify`) up to the read-back, whose binding carries the ERP's write_date.
   */
  async function halfImport(ids: string[], bind: boolean, throughVerify = false): Promise<void> {
    const window = { from: new Date(Date.now() - 3 * 24 * 3600_000).toISOString(), to: new Date(Date.now() - 150_000).toISOString() };
    await sweepOrders(stack.env, { backendId: stack.backendId, window });
    const core = stack.env.core;
    const rt = await stack.env.runtimes.get(stack.backendId);
    const { found: stored } = await orderDocuments(core.documents).getMany(stack.backendId, ids, { withPii: true });
    const records: OrderRecord[] = [...stored.values()].map((s) => ({ key: s.amazonOrderId, stored: s, order: s.order }));
    const skus = records.flatMap((r) => r.order.orderItems.map((i) => i.product.sellerSku ?? ''));
    const locks = await core.locker.session();
    try {
      const deps: ImportDeps = { core, rt, ctx: await buildOrderContext(core, rt, referenceCacheOf(stack.env), skus), batchSize: 200, locks };
      const result = await (throughVerify ? importOrderSteps(deps) : createOrderSteps(deps)).run(records);
      expect(result.counts.ok).toBe(ids.length);
    } finally {
      await locks.close();
    }
    if (!bind) await stack.env.db.pool.query(`delete from binding where kind = 'order' and amazon_key = any($1::text[])`, [ids]);
  }

  it.each([
    ['bound', true],
    ['not yet bound', false],
  ])('finishes a draft left %s: confirmed once, with its name and total', async (_label, bind) => {
    // Orders that import cleanly (the generator sells a few SKUs the ERP lacks: those would be conflicts).
    const ids = stack.amazon
      .generateOrders({ sellerId: stack.sellerId, count: 6, status: 'UNSHIPPED', marketplaceId: DE, business: false })
      .filter((id) => expectationOf(stack.amazon.getOrder(id).order as unknown as SandboxOrder).kind === 'import');
    expect(ids.length).toBeGreaterThan(0);
    await halfImport(ids, bind);
    for (const id of ids) expect((await erpOrdersOf(stack, id, ['state'])).map((o) => o.state)).toEqual(['draft']);
    const creates = stack.erp.sandbox.stats().calls['sale.order.create'] ?? 0;

    await runJobs(stack); // the jobs the sweep enqueued, run as a fresh worker would

    expect(stack.erp.sandbox.stats().calls['sale.order.create'] ?? 0).toBe(creates);
    for (const id of ids) {
      const [so, ...more] = await erpOrdersOf(stack, id, ['state', 'name', 'amount_total']);
      expect(more).toEqual([]);
      expect(so!.state).toBe('sale');
      const e = expectationOf(stack.amazon.getOrder(id).order as unknown as SandboxOrder);
      expect(e.kind).toBe('import');
      if (e.kind === 'import') expect(toUnits(String(so!.amount_total))).toBe(toUnits(e.total));
      expect((await syncStateOf(stack, id))?.state).toBe('imported');
      const { rows } = await stack.env.db.pool.query<{ erp_order_name: string; total: string; shipped: unknown }>(
        'select erp_order_name, total, shipped from amazon_order where amazon_order_id = $1',
        [id],
      );
      expect(rows[0]).toMatchObject({ erp_order_name: so!.name, total: e.kind === 'import' ? e.total : null });
      expect(rows[0]!.shipped).not.toBeNull();
    }
  });

  it('records what shipped for an order verified by a run that died before recording it', async () => {
    const ids = stack.amazon
      .generateOrders({ sellerId: stack.sellerId, count: 4, status: 'UNSHIPPED', marketplaceId: DE, business: false })
      .filter((id) => expectationOf(stack.amazon.getOrder(id).order as unknown as SandboxOrder).kind === 'import');
    expect(ids.length).toBeGreaterThan(0);
    await halfImport(ids, true, true);
    const creates = stack.erp.sandbox.stats().calls['sale.order.create'] ?? 0;

    await runJobs(stack);

    expect(stack.erp.sandbox.stats().calls['sale.order.create'] ?? 0).toBe(creates);
    for (const id of ids) {
      expect((await erpOrdersOf(stack, id, ['state'])).map((o) => o.state)).toEqual(['sale']);
      expect((await syncStateOf(stack, id))?.state).toBe('imported');
      const { rows } = await stack.env.db.pool.query<{ shipped: unknown }>('select shipped from amazon_order where amazon_order_id = $1', [id]);
      expect(rows[0]!.shipped).not.toBeNull();
    }
  });
});
