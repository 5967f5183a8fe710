/**
 * Orders that cannot be mapped, as an integrator meets them: an unknown SKU is a conflict while the rest of its
 * page imports, and once mapped, "retry" through the HTTP API fetches the order again and imports it; a malformed
 * order is a conflict that blocks neither its page nor the cursor; several SKUs may share one ERP product, and a
 * corrected mapping takes effect at once.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { conflictsOf, erpLines, erpOrdersOf, openConflictCodes, sweepAndImport, syncStateOf, theErpOrder } from './support/lifecycle.ts';
import { copyOrder, swapSkuPatch } from './support/order-edits.ts';

const DE = 'A1PA6795UKMFR9';

describe('order conflicts and SKU mapping', () => {
  let stack: Stack;
  let api: ApiHandle;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'conflicts' });
    api = await startApi(stack);
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const generate = (count: number) => stack.amazon.generateOrders({ sellerId: stack.sellerId, count, status: 'UNSHIPPED', marketplaceId: DE });
  const raw = (id: string) => stack.amazon.getOrder(id).order;
  const productId = async (sku: string) => {
    const [p] = await stack.erpClient.searchRead('product.product', [['default_code', '=', sku]], ['default_code']);
    if (!p) throw new Error(`no ERP product ${sku}`);
    return p.id;
  };
  const firstLineProduct = async (amazonOrderId: string) => {
    const so = await theErpOrder(stack, amazonOrderId);
    const [line] = await erpLines(stack, so.order_line as number[]);
    return (line!.product_id as [number, string])[0];
  };

  it('an unknown SKU is a SKU_UNMAPPED conflict while its page imports; mapped and retried through the API, it imports', async () => {
    const [unknown, ...others] = generate(3);
    stack.amazon.updateOrder(unknown!, swapSkuPatch(raw(unknown!), 'LIMITED-GOLD-MUG'));
    await sweepAndImport(stack);
    expect(await openConflictCodes(stack, unknown!)).toEqual(['SKU_UNMAPPED']);
    expect(await syncStateOf(stack, unknown!)).toEqual({ state: 'conflict', code: 'SKU_UNMAPPED' });
    expect(await erpOrdersOf(stack, unknown!)).toEqual([]);
    for (const id of others) expect((await theErpOrder(stack, id)).state).toBe('sale');

    const target = await productId('MUG-CER-BLUE');
    await stack.env.core.lookups.put(stack.backendId, 'sku_map', [{ key: 'LIMITED-GOLD-MUG', value: { productId: target } }]);
    const [conflict] = await conflictsOf(stack, unknown!);
    const getOrderCalls = () => stack.amazon.calls().operations.filter((o) => o.operation === 'getOrder').reduce((n, o) => n + o.calls, 0);
    const callsBefore = getOrderCalls();
    const resolved = await api.post<{ status: string; resolution: { action: string } }>(`/api/conflicts/${conflict!.id}/resolve`, { action: 'retry' });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: { action: 'retry' } });

    await sweepAndImport(stack);
    expect(getOrderCalls()).toBe(callsBefore + 1);
    expect((await theErpOrder(stack, unknown!)).state).toBe('sale');
    expect(await firstLineProduct(unknown!)).toBe(target);
    expect(await syncStateOf(stack, unknown!)).toEqual({ state: 'imported', code: null });
    expect(await openConflictCodes(stack, unknown!)).toEqual([]);
    // The retry is a run one can follow, closed with the order's outcome.
    const runs = await api.get<{ items: Array<{ flow: string; trigger: string; subject: string; status: string; outcome: { state: string } }> }>(`/api/sync-runs?backendId=${stack.backendId}`);
    expect(runs.body.items.find((r) => r.flow === 'orders.resync')).toMatchObject({ trigger: 'conflict-resolved', subject: unknown, status: 'succeeded', outcome: { state: 'imported' } });
  });

  it('a malformed order is an ORDER_MALFORMED conflict; the rest of its page imports and the cursor advances', async () => {
    const [good, base] = generate(2);
    const template = raw(base!) as Record<string, unknown> & { orderItems: Array<Record<string, unknown>> };
    const noItemId = copyOrder(template, '302-9000001-0000001');
    for (const item of noItemId.orderItems) delete item.orderItemId;
    const badAmount = copyOrder(template, '302-9000002-0000002');
    badAmount.orderItems[0].proceeds.breakdowns[0].subtotal.amount = '12,50';
    stack.amazon.addOrders(stack.sellerId, [noItemId, badAmount]);

    const sweep = await sweepAndImport(stack, { cursor: true });
    expect(sweep.malformed).toBeGreaterThanOrEqual(1);
    for (const id of [noItemId.orderId as string, badAmount.orderId as string]) {
      expect(await openConflictCodes(stack, id)).toEqual(['ORDER_MALFORMED']);
      expect(await erpOrdersOf(stack, id)).toEqual([]);
    }
    for (const id of [good!, base!]) expect((await theErpOrder(stack, id)).state).toBe('sale');
    const cursor = await stack.env.core.cursors.get(stack.backendId, 'orders');
    expect(cursor?.lastUpdatedAfter.toISOString()).toBe(sweep.window!.to);
    expect(Date.now() - cursor!.lastUpdatedAfter.getTime()).toBeLessThan(3 * 60_000);
  });

  it('two SKUs mapped to one product both import onto it, and a corrected mapping takes effect at once', async () => {
    const shared = await productId('SCALE-KITCHEN');
    await stack.env.core.lookups.put(stack.backendId, 'sku_map', [
      { key: 'SCALE-KITCHEN-B', value: { productId: shared } },
      { key: 'SCALE-KITCHEN', value: { productId: shared } },
    ]);
    const [a, b] = generate(2);
    stack.amazon.updateOrder(a!, swapSkuPatch(raw(a!), 'SCALE-KITCHEN-B'));
    stack.amazon.updateOrder(b!, swapSkuPatch(raw(b!), 'SCALE-KITCHEN'));
    await sweepAndImport(stack);
    expect(await firstLineProduct(a!)).toBe(shared);
    expect(await firstLineProduct(b!)).toBe(shared);

    // The integrator notices SCALE-KITCHEN-B is really the blue mug: the next order must follow the new row.
    const corrected = await productId('MUG-CER-BLUE');
    await stack.env.core.lookups.put(stack.backendId, 'sku_map', [{ key: 'SCALE-KITCHEN-B', value: { productId: corrected } }]);
    const [c] = generate(1);
    stack.amazon.updateOrder(c!, swapSkuPatch(raw(c!), 'SCALE-KITCHEN-B'));
    await sweepAndImport(stack);
    expect(await firstLineProduct(c!)).toBe(corrected);
    expect(await firstLineProduct(a!)).toBe(shared);
  });
});
