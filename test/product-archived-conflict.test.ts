/**
 * A SKU whose ERP product is archived, against the sandboxes over real HTTP: the order waits as PRODUCT_ARCHIVED
 * (naming SKU and product) instead of SKU_UNMAPPED or selling an archived product, whether the SKU is found by
 * internal reference (Odoo's search hides archived products) or mapped in the SKU table; activate_and_retry
 * activates the product in the ERP and the order reaches the ERP, exactly once.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { expectationOf, type SandboxOrder } from './support/expected-orders.ts';
import { conflictsOf, erpOrdersOf, openConflictCodes, runJobs, sweepAndImport, syncStateOf } from './support/lifecycle.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { Tasks } from '../connector/src/sync/orders/orders.payloads.ts';

const DE = 'A1PA6795UKMFR9';

describe('PRODUCT_ARCHIVED and activate_and_retry', () => {
  let stack: Stack;
  let api: ApiHandle;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'archived' });
    api = await startApi(stack);
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  /** A new order that would import as it is (no unknown SKU), not swept yet; its first SKU. */
  function importableOrder(): { id: string; sku: string } {
    for (let i = 0; i < 20; i++) {
      const [id] = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 1, status: 'UNSHIPPED', marketplaceId: DE, business: false });
      const order = stack.amazon.getOrder(id!).order as unknown as SandboxOrder;
      if (expectationOf(order).kind === 'import') return { id: id!, sku: order.orderItems[0]!.product.sellerSku as string };
      stack.amazon.updateOrder(id!, { fulfillmentStatus: 'CANCELLED' }); // out of the way: never imported
    }
    throw new Error('no importable order generated');
  }

  const productOf = async (sku: string) => {
    const [p] = await stack.erpClient.searchRead('product.product', [['default_code', '=', sku]], ['name', 'active']);
    if (!p) throw new Error(`no product ${sku}`);
    return p;
  };
  const activeOf = async (id: number) => (await stack.erpClient.read('product.product', [id], ['active'], { context: { active_test: false } }))[0]!.active;

  /** Sweeps, checks the order waits as PRODUCT_ARCHIVED, activates from the conflict, and checks the order imported once. */
  async function archivedThenActivated(id: string, sku: string, productId: number, name: string): Promise<void> {
    await sweepAndImport(stack);
    expect(await erpOrdersOf(stack, id)).toEqual([]);
    expect(await openConflictCodes(stack, id)).toEqual(['PRODUCT_ARCHIVED']);
    const [c] = await conflictsOf(stack, id);
    const detail = await api.get<{ message: string; diff: Record<string, unknown>; actions: Array<{ action: string; available: boolean }> }>(`/api/conflicts/${c!.id}`);
    expect(detail.body.message).toContain(sku);
    expect(detail.body.message).toContain(name);
    expect(detail.body.diff).toMatchObject({ sku, productId, product: name });
    expect(detail.body.actions).toContainEqual(expect.objectContaining({ action: 'activate_and_retry', available: true }));

    const first = await api.post(`/api/conflicts/${c!.id}/resolve`, { action: 'activate_and_retry' });
    expect(first).toMatchObject({ status: 200, body: { status: 'resolved', resolution: { action: 'activate_and_retry' } } });
    expect(await api.post(`/api/conflicts/${c!.id}/resolve`, { action: 'activate_and_retry' })).toMatchObject({ status: 409, body: { code: 'CONFLICT_NOT_OPEN' } });
    await runJobs(stack, [Tasks.activateProduct]);

    expect(await activeOf(productId)).toBe(true);
    const orders = await erpOrdersOf(stack, id, ['state']);
    expect(orders).toHaveLength(1);
    expect(orders[0]!.state).toBe('sale');
    expect(await syncStateOf(stack, id)).toEqual({ state: 'imported', code: null });
    expect(await openConflictCodes(stack, id)).toEqual([]);
    // Nothing left to run, and a second sweep creates nothing more.
    expect(await runJobs(stack, [Tasks.activateProduct])).toBe(0);
    await sweepAndImport(stack);
    expect(await erpOrdersOf(stack, id)).toHaveLength(1);
  }

  it('a SKU whose product (found by internal reference) was archived with its template: PRODUCT_ARCHIVED, then activated and imported once', async () => {
    const { id, sku } = importableOrder();
    const product = await productOf(sku);
    const [tmpl] = await stack.erpClient.read('product.product', [product.id], ['product_tmpl_id']);
    // Archived as a person does in Odoo: the product (template) form's "Archive".
    await stack.erpClient.write('product.template', [(tmpl!.product_tmpl_id as [number, string])[0]], { active: false });
    expect(await stack.erpClient.searchRead('product.product', [['default_code', '=', sku]], ['id'])).toEqual([]);
    await archivedThenActivated(id, sku, product.id, String(product.name));
  });

  it('a SKU mapped in the SKU table to an archived product: PRODUCT_ARCHIVED (not sold archived), then activated and imported once', async () => {
    const { id, sku } = importableOrder();
    // Mapped to another product, which is then archived (the variant alone).
    const [other] = await stack.erpClient.searchRead('product.product', [['default_code', '!=', sku], ['type', '=', 'consu']], ['name'], { limit: 1 });
    await stack.env.core.lookups.put(stack.backendId, 'sku_map', [{ key: sku, value: { productId: other!.id } }], { actor: 'test' });
    await stack.erpClient.write('product.product', [other!.id], { active: false });
    await archivedThenActivated(id, sku, other!.id, String(other!.name));
  });

  it('one activation cures every order waiting on the same product: their conflicts closed (audited) and their orders imported', async () => {
    const a = importableOrder();
    const b = importableOrder();
    const [shared] = await stack.erpClient.searchRead('product.product', [['default_code', 'not in', [a.sku, b.sku]], ['type', '=', 'consu']], ['name'], { limit: 1, order: 'id desc' });
    await stack.env.core.lookups.put(stack.backendId, 'sku_map', [a.sku, b.sku].map((sku) => ({ key: sku, value: { productId: shared!.id } })), { actor: 'test' });
    await stack.erpClient.write('product.product', [shared!.id], { active: false });
    await sweepAndImport(stack);
    const [ca] = await conflictsOf(stack, a.id);
    const [cb] = await conflictsOf(stack, b.id);
    expect([ca?.code, cb?.code]).toEqual(['PRODUCT_ARCHIVED', 'PRODUCT_ARCHIVED']);

    expect((await api.post(`/api/conflicts/${ca!.id}/resolve`, { action: 'activate_and_retry' })).status).toBe(200);
    expect(await conflictsOf(stack, b.id)).toEqual([{ id: cb!.id, code: 'PRODUCT_ARCHIVED', status: 'resolved' }]);
    const { rows } = await stack.env.db.pool.query(`select actor, action from audit_log where target = $1`, [`conflict:${cb!.id}`]);
    expect(rows).toEqual([{ actor: expect.any(String), action: 'conflict.resolve' }]);
    await runJobs(stack, [Tasks.activateProduct]);
    expect(await activeOf(shared!.id)).toBe(true);
    for (const id of [a.id, b.id]) {
      expect(await erpOrdersOf(stack, id)).toHaveLength(1);
      expect(await syncStateOf(stack, id)).toEqual({ state: 'imported', code: null });
    }
  });
});
