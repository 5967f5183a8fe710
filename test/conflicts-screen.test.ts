/**
 * The conflicts screen's API as an integrator meets it: the list most urgent first (money, then the soonest ship-by
 * deadline, then the oldest) with filters, facets and cursor pages that join up; a conflict's detail with both sides,
 * the differing fields marked, what the connector tried and who resolved it; "ignore" only with a reason; "map the
 * SKU and retry" from the conflict, which imports the order (and the other orders waiting on that SKU) into the ERP
 * sandbox over HTTP; bulk actions on a selection. Real PostgreSQL, both sandboxes over HTTP.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { conflictsOf, openConflictCodes, runJobs, sweepAndImport, syncStateOf, theErpOrder } from './support/lifecycle.ts';
import { swapSkuPatch } from './support/order-edits.ts';

const DE = 'A1PA6795UKMFR9';

interface Summary { id: number; code: string; money: boolean; dueAt: string | null; flow: string | null; amazonKey: string }
interface Page { items: Summary[]; nextCursor: string | null }
interface Detail {
  status: string; money: boolean; fields: Array<{ field: string; amazon: unknown; erp: unknown }>; amazonSide: unknown; erpSide: unknown;
  attempts: Array<{ runId: number; step: string; status: string }>; history: Array<{ actor: string; action: string; after: unknown }>;
  actions: Array<{ action: string; available: boolean }>; resolution: { action: string; by: string; note?: string; data?: unknown } | null;
}

describe('the conflicts screen API', () => {
  let stack: Stack;
  let api: ApiHandle;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'conflicts_screen' });
    api = await startApi(stack);
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const b = () => stack.backendId;
  const unmappedSkuOrders = (count: number, sku: string) => {
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count, status: 'UNSHIPPED', fulfilledBy: 'MERCHANT', marketplaceId: DE });
    for (const id of ids) stack.amazon.updateOrder(id, swapSkuPatch(stack.amazon.getOrder(id).order, sku));
    return ids;
  };
  const raise = (amazonKey: string, code: string, extra: Record<string, unknown> = {}) =>
    stack.env.core.conflicts.raise({ backendId: b(), kind: 'order', amazonKey, code: code as 'SKU_UNMAPPED', message: `${code} on ${amazonKey}`, ...extra });
  const shipBy = (iso: string) => ({ fulfillment: { shipByWindow: { latestDateTime: iso } } });
  const list = (q: string) => api.get<Page>(`/api/conflicts?backendId=${b()}&status=open${q}`);

  it('lists most urgent first (money, soonest ship-by, oldest), filters by code, flow and money, and pages by cursor', async () => {
    const late = await raise('L-1', 'ORDER_PENDING', { amazonSnapshot: shipBy('2030-01-03T10:00:00Z') });
    const plain = await raise('L-2', 'ORDER_PENDING');
    const soon = await raise('L-3', 'ORDER_PENDING', { amazonSnapshot: shipBy('2030-01-01T10:00:00Z') });
    const money = await raise('L-4', 'TOTAL_MISMATCH');
    const page = await list('&flow=orders&limit=50');
    expect(page.status).toBe(200);
    const mine = page.body.items.filter((c) => c.amazonKey.startsWith('L-'));
    expect(mine.map((c) => c.id)).toEqual([money, soon, late, plain].map((r) => r.conflict.id));
    expect(mine[0]).toMatchObject({ money: true, flow: 'orders', dueAt: null });
    expect(mine[1]).toMatchObject({ money: false, dueAt: '2030-01-01T10:00:00.000Z' });

    expect((await list('&money=true')).body.items.map((c) => c.id)).toEqual([money.conflict.id]);
    expect((await list('&code=ORDER_PENDING')).body.items.map((c) => c.id)).toEqual([soon, late, plain].map((r) => r.conflict.id));
    expect((await list('&flow=shipments')).body.items).toEqual([]);
    expect((await list('&flow=nosuchflow')).body).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await list('&cursor=bm90LWEtY3Vyc29y')).body).toMatchObject({ code: 'CURSOR_INVALID' });
    // Urgency orders within one status: without it, the list is newest first, and asking for urgency is refused.
    expect((await api.get(`/api/conflicts?backendId=${b()}&sort=urgency`)).body).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await api.get<Page>(`/api/conflicts?backendId=${b()}&limit=1`)).body.items[0]!.id).toBe(money.conflict.id);

    // One by one, the cursor chain walks the same order as the whole page.
    const walked: number[] = [];
    let cursor: string | null = null;
    do {
      const p: Page = (await list(`&code=ORDER_PENDING&limit=1${cursor ? `&cursor=${cursor}` : ''}`)).body;
      walked.push(...p.items.map((c) => c.id));
      cursor = p.nextCursor;
    } while (cursor);
    expect(walked).toEqual([soon, late, plain].map((r) => r.conflict.id));

    const facets = await api.get<{ total: number; byCode: Array<{ code: string; count: number; money: boolean }>; byFlow: Array<{ flow: string; count: number }> }>(`/api/conflicts/facets?backendId=${b()}`);
    expect(facets.status).toBe(200);
    expect(facets.body.byCode).toEqual(expect.arrayContaining([{ code: 'ORDER_PENDING', count: 3, money: false }, { code: 'TOTAL_MISMATCH', count: 1, money: true }]));
    expect(facets.body.byFlow.find((f) => f.flow === 'orders')!.count).toBeGreaterThanOrEqual(4);
    for (const r of [late, plain, soon, money]) await stack.env.core.conflicts.dismiss(r.conflict.id, { action: 'dismiss', by: 'test' });
  });

  it("shows both sides of a both-sides change with the differing fields marked; ignore needs a reason and is recorded", async () => {
    const { conflict } = await raise('D-1', 'ORDER_EDITED_IN_ERP', {
      amazonSnapshot: { orderId: 'D-1', status: 'UNSHIPPED', note: 'same', quantity: 2 },
      diff: { erp: { orderId: 'D-1', status: 'sale', note: 'same', writeDate: '2030-01-01 10:00:00' } },
    });
    const detail = await api.get<Detail>(`/api/conflicts/${conflict.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.fields).toEqual([{ field: 'status', amazon: 'UNSHIPPED', erp: 'sale' }]);
    expect(detail.body.erpSide).toMatchObject({ status: 'sale', writeDate: '2030-01-01 10:00:00' });
    expect(detail.body.actions.map((a) => a.action)).toEqual(expect.arrayContaining(['retry', 'dismiss']));

    const bare = await api.post(`/api/conflicts/${conflict.id}/resolve`, { action: 'ignore' });
    expect(bare.status).toBe(400);
    expect(bare.body).toMatchObject({ code: 'CONFLICT_INPUT_MISSING' });
    expect((await api.post(`/api/conflicts/${conflict.id}/resolve`, { action: 'ignore', note: '   ' })).status).toBe(400);
    const ignored = await api.post<Detail>(`/api/conflicts/${conflict.id}/resolve`, { action: 'ignore', note: 'fixed by hand in the ERP' });
    expect(ignored.status).toBe(200);
    expect(ignored.body).toMatchObject({ status: 'dismissed', resolution: { action: 'ignore', by: 'admin-token', note: 'fixed by hand in the ERP' } });
    expect(ignored.body.history).toEqual([expect.objectContaining({ actor: 'admin-token', action: 'conflict.dismiss', after: expect.objectContaining({ status: 'dismissed' }) })]);
  });

  it('acts in bulk on the selected conflicts only: ignore needs its reason there too, each one recorded', async () => {
    const [one, two, three] = await Promise.all(['B-1', 'B-2', 'B-3'].map((k) => raise(k, 'ORDER_PENDING')));
    const ids = [one!.conflict.id, two!.conflict.id];
    const bare = await api.post('/api/conflicts/resolve', { action: 'ignore', backendId: b(), ids });
    expect(bare.body).toMatchObject({ code: 'CONFLICT_INPUT_MISSING' });
    const done = await api.post<{ count: number; byCode: Record<string, number> }>('/api/conflicts/resolve', { action: 'ignore', note: 'Amazon test orders', backendId: b(), ids });
    expect(done.body).toMatchObject({ count: 2, byCode: { ORDER_PENDING: 2 } });
    const after = await list('&code=ORDER_PENDING');
    expect(after.body.items.map((c) => c.id)).toEqual([three!.conflict.id]);
    const detail = await api.get<Detail>(`/api/conflicts/${one!.conflict.id}`);
    expect(detail.body.resolution).toMatchObject({ action: 'ignore', by: 'admin-token', note: 'Amazon test orders' });
    await stack.env.core.conflicts.dismiss(three!.conflict.id, { action: 'dismiss', by: 'test' });
  });

  it('maps an unknown SKU from its conflict: the order, and the others waiting on that SKU, reach the ERP', async () => {
    const [first, second] = unmappedSkuOrders(2, 'GOLD-MUG-NEW');
    await sweepAndImport(stack);
    expect(await openConflictCodes(stack, first!)).toEqual(['SKU_UNMAPPED']);
    const [conflict] = await conflictsOf(stack, first!);
    const detail = await api.get<Detail>(`/api/conflicts/${conflict!.id}`);
    expect(detail.body.actions).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'map_sku', available: true })]));
    // What the connector tried: the import's steps on this order, the failing one with its code.
    expect(detail.body.attempts.length).toBeGreaterThan(0);
    expect(detail.body.attempts.every((a) => a.runId > 0)).toBe(true);

    const noProduct = await api.post(`/api/conflicts/${conflict!.id}/resolve`, { action: 'map_sku' });
    expect(noProduct.status).toBe(400);
    expect(noProduct.body).toMatchObject({ code: 'CONFLICT_INPUT_MISSING' });
    const bulkNoSku = await api.post('/api/conflicts/resolve', { action: 'map_sku', backendId: b(), productId: 1 });
    expect(bulkNoSku.body).toMatchObject({ code: 'CONFLICT_INPUT_MISSING' });

    const [product] = await stack.erpClient.searchRead('product.product', [['default_code', '=', 'MUG-CER-BLUE']], ['id']);
    const mapped = await api.post<Detail>(`/api/conflicts/${conflict!.id}/resolve`, { action: 'map_sku', productId: product!.id });
    expect(mapped.status).toBe(200);
    expect(mapped.body).toMatchObject({ status: 'resolved', resolution: { action: 'map_sku', by: 'admin-token', data: { productId: product!.id } } });
    expect((await stack.env.core.lookups.getMany(b(), 'sku_map', ['GOLD-MUG-NEW'])).get('GOLD-MUG-NEW')).toEqual({ productId: product!.id });
    // The second order's conflict names the same SKU: closed with it, recorded as such.
    const [other] = await conflictsOf(stack, second!);
    expect(other).toMatchObject({ status: 'resolved' });

    await runJobs(stack);
    for (const id of [first!, second!]) {
      expect((await theErpOrder(stack, id)).state).toBe('sale');
      expect(await syncStateOf(stack, id)).toEqual({ state: 'imported', code: null });
      expect(await openConflictCodes(stack, id)).toEqual([]);
    }
  });
});
