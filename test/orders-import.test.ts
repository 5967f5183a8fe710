/**
 * The order import end to end, over real HTTP and PostgreSQL: two worker processes import 1,000 sandbox orders
 * at once, for an ERP presenting itself as Odoo 19 (JSON-2) and as Odoo 18 (JSON-RPC). Every importable order
 * becomes exactly one confirmed sales order with Amazon's total and tax; unknown SKUs become
 * conflicts while the rest import; a second sweep over the same window creates nothing.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { sweepOrders } from '../connector/src/sync/orders/sweep-orders.task.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { merchantOrders, verifyImport } from './support/verify-import.ts';

const ORDERS = Number(process.env.IT_ORDERS ?? 1000);

describe.each([19, 18] as const)('order import into Odoo %i', (version) => {
  let stack: Stack;
  afterAll(async () => stack?.close());

  it(`imports ${ORDERS} orders exactly once with two workers, then a second sweep creates nothing`, async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), erpVersion: version, label: `imp${version}` });
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: ORDERS });
    const merchant = merchantOrders(stack, ids);
    stack.startWorker('worker-a');
    stack.startWorker('worker-b');
    await stack.waitForIdle(240_000, merchant);
    const summary = await verifyImport(stack, ids);
    expect(summary.imported).toBeGreaterThan(ORDERS * 0.5);
    expect(summary.conflicts).toBeGreaterThan(0);

    const creates = stack.erp.sandbox.stats().calls['sale.order.create'] ?? 0;
    const from = new Date(Date.now() - 3 * 24 * 3600_000).toISOString();
    const to = new Date(Date.now() - 150_000).toISOString();
    const again = await sweepOrders(stack.env, { backendId: stack.backendId, window: { from, to } });
    expect(again.fetched).toBeGreaterThanOrEqual(summary.imported);
    expect(again.changed).toBe(0);
    await stack.waitForIdle(60_000, merchant);
    expect(stack.erp.sandbox.stats().calls['sale.order.create'] ?? 0).toBe(creates);
    const after = await verifyImport(stack, ids);
    expect(after.erpOrders).toBe(summary.erpOrders);
  });
});
