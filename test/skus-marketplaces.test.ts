/**
 * The SKU and marketplace screens' API as an integrator uses it, over real HTTP against the sandboxes: an unknown
 * SKU from an imported order is listed unmatched first; auto-match maps the others by internal reference; mapping
 * it by hand re-queues the held order, which reaches the ERP; the CSV export imports back and a bad row is answered
 * by its line number; a marketplace row saved through the API is used by the next order.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { erpOrdersOf, openConflictCodes, sweepAndImport, syncStateOf, theErpOrder, erpLines } from './support/lifecycle.ts';
import { swapSkuPatch } from './support/order-edits.ts';

const DE = 'A1PA6795UKMFR9';

interface SkuRow { sku: string; product: { id: number; name: string | null } | null; matchedBy: string | null; waitingOrders: number }

describe('SKU and marketplace screens', () => {
  let stack: Stack;
  let api: ApiHandle;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'skus' });
    api = await startApi(stack);
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const base = () => `/api/backends/${stack.backendId}`;
  const generate = (count: number) => stack.amazon.generateOrders({ sellerId: stack.sellerId, count, status: 'UNSHIPPED', marketplaceId: DE });
  const csv = (path: string, text: string) => api.send<Record<string, unknown>>('POST', path, undefined, { rawBody: text, headers: { 'content-type': 'text/csv' } });

  it('lists an unknown SKU unmatched first, auto-matches the rest, and a hand mapping brings the held order into the ERP', async () => {
    const [held, other] = generate(2);
    stack.amazon.updateOrder(held!, swapSkuPatch(stack.amazon.getOrder(held!).order, 'GOLD-MUG-XL'));
    await sweepAndImport(stack);
    expect(await openConflictCodes(stack, held!)).toEqual(['SKU_UNMAPPED']);
    expect((await theErpOrder(stack, other!)).state).toBe('sale');

    // Before any sku_map row: the SKUs the order flow found by internal reference are matched, not "Unmatched".
    const implicit = await api.get<{ items: SkuRow[] }>(`${base()}/skus?filter=matched&limit=100`);
    expect(implicit.body.items.length).toBeGreaterThan(0);
    expect(implicit.body.items.every((s) => s.matchedBy === 'implicit_default_code' && s.product !== null)).toBe(true);
    const otherSku = (stack.amazon.getOrder(other!).order as { orderItems: Array<{ product: { sellerSku: string } }> }).orderItems[0]!.product.sellerSku;
    const [product] = await stack.erpClient.search('product.product', [['default_code', '=', otherSku]]);
    expect(implicit.body.items.find((s) => s.sku === otherSku)?.product?.id).toBe(product);
    // ...with the product's name as the ERP gave it when the order flow found it (the screen shows it, not "#id").
    const [erpProduct] = await stack.erpClient.read('product.product', [product!], ['name']);
    expect(implicit.body.items.find((s) => s.sku === otherSku)?.product?.name).toBe(erpProduct!.name);
    const none = await api.get<{ items: SkuRow[] }>(`${base()}/skus?filter=unmatched&limit=100`);
    expect(none.body.items.map((s) => s.sku)).toEqual(['GOLD-MUG-XL']);
    const detail = await api.get<{ items: SkuRow[] }>(`${base()}/skus?q=${encodeURIComponent(otherSku)}`);
    expect(detail.body.items.find((s) => s.sku === otherSku)).toMatchObject({ matchedBy: 'implicit_default_code', product: { id: product } });

    const auto = await api.post<{ matched: { sku: string; by: string }[]; unmatched: number; retried: number }>(`${base()}/skus/auto-match`, undefined);
    expect(auto.status).toBe(200);
    expect(auto.body.matched.length).toBeGreaterThan(0);
    expect(auto.body.matched.every((m) => m.by === 'default_code')).toBe(true);
    expect(auto.body.matched.map((m) => m.sku)).not.toContain('GOLD-MUG-XL');
    expect(auto.body.unmatched).toBe(1);

    const page = await api.get<{ items: SkuRow[] }>(`${base()}/skus?limit=2`);
    expect(page.body.items[0]).toMatchObject({ sku: 'GOLD-MUG-XL', product: null, matchedBy: null, waitingOrders: 1 });
    expect(page.body.items[1]).toMatchObject({ matchedBy: 'default_code', waitingOrders: 0 });
    expect(page.body.items[1]!.product!.name).toMatch(/^\[.+\] /);
    const searched = await api.get<{ items: SkuRow[] }>(`${base()}/skus?q=gold-mug&filter=unmatched`);
    expect(searched.body.items.map((s) => s.sku)).toEqual(['GOLD-MUG-XL']);

    const found = await api.get<{ id: number; defaultCode: string }[]>(`${base()}/erp-products?q=MUG-CER-BLUE`);
    const blue = found.body.find((p) => p.defaultCode === 'MUG-CER-BLUE')!;
    expect(blue).toBeDefined();
    expect((await api.send('PUT', `${base()}/skus/GOLD-MUG-XL`, { productId: 99_999_999 })).body).toMatchObject({ code: 'MAPPING_TARGET_NOT_FOUND' });
    const mapped = await api.send<{ sku: SkuRow; retried: number }>('PUT', `${base()}/skus/GOLD-MUG-XL`, { productId: blue.id });
    expect(mapped.status).toBe(200);
    expect(mapped.body).toMatchObject({ retried: 1, sku: { product: { id: blue.id }, matchedBy: 'hand' } });

    await sweepAndImport(stack);
    expect(await syncStateOf(stack, held!)).toEqual({ state: 'imported', code: null });
    const so = await theErpOrder(stack, held!);
    expect(((await erpLines(stack, so.order_line as number[]))[0]!.product_id as [number, string])[0]).toBe(blue.id);
    const audit = await stack.env.db.pool.query(`select actor, action from audit_log where backend_id = $1 and target = 'lookup:sku_map' order by id desc limit 1`, [stack.backendId]);
    expect(audit.rows[0]).toMatchObject({ action: 'mapping.lookup.put' });
  });

  it('exports the SKUs as CSV, imports the export back, and answers a bad row by its line number', async () => {
    const exported = await api.get<string>(`${base()}/skus.csv`);
    expect(exported.status).toBe(200);
    expect(exported.contentType).toContain('text/csv');
    const lines = exported.text.trim().split('\n');
    expect(lines[0]).toBe('sku,product_id,product_name,matched_by,asin,title,last_seen_at,waiting_orders');
    const back = await csv(`${base()}/skus/import`, exported.text);
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ failed: 0 });

    const blue = (await api.get<{ id: number; defaultCode: string }[]>(`${base()}/erp-products?q=MUG-CER-BLUE`)).body.find((p) => p.defaultCode === 'MUG-CER-BLUE')!;
    const file = `sku,default_code\nNEW-SKU-1,MUG-CER-BLUE\nNEW-SKU-2,NO-SUCH-CODE\n,MUG-CER-BLUE\nNEW-SKU-1,MUG-CER-BLUE\n`;
    const imported = await csv(`${base()}/skus/import`, file);
    expect(imported.body).toMatchObject({ mapped: 1, failed: 3 });
    expect((imported.body.rows as { row: number; ok: boolean; code: string | null; productId: number | null }[]).map((r) => [r.row, r.ok, r.code])).toEqual([
      [2, true, null],
      [3, false, 'MAPPING_TARGET_NOT_FOUND'],
      [4, false, 'BAD_REQUEST'],
      [5, false, 'CSV_INVALID'],
    ]);
    const row = (await api.get<{ items: SkuRow[] }>(`${base()}/skus?q=NEW-SKU-1`)).body.items[0];
    expect(row).toMatchObject({ sku: 'NEW-SKU-1', product: { id: blue.id }, matchedBy: 'hand' });
    expect((await csv(`${base()}/skus/import`, 'name,price\nx,1\n')).body).toMatchObject({ code: 'CSV_INVALID' });
    expect((await api.del(`${base()}/skus/NEW-SKU-1`)).status).toBe(204);
    expect((await api.del<{ code: string }>(`${base()}/skus/NEW-SKU-1`)).body.code).toBe('SKU_NOT_MAPPED');
  });

  it('a marketplace row saved through the API is used by the next order', async () => {
    const [teamId] = await stack.erpClient.create('crm.team', [{ name: 'Amazon DE' }]);
    const teams = await api.get<{ id: number; name: string }[]>(`${base()}/erp-choices/teams`);
    expect(teams.body.map((t) => t.name)).toContain('Amazon DE');
    const before = await api.get<{ marketplaces: { marketplaceId: string; values: Record<string, unknown> | null }[]; customerStrategy: string }>(`${base()}/marketplace-settings`);
    const de = before.body.marketplaces.find((m) => m.marketplaceId === DE)!;
    expect(de.values).not.toBeNull();
    const refused = await api.send('PUT', `${base()}/marketplace-settings/marketplaces/${DE}`, { ...de.values, teamId: 99_999 });
    expect(refused.body).toMatchObject({ code: 'MAPPING_TARGET_NOT_FOUND' });
    expect((await api.send('PUT', `${base()}/marketplace-settings/marketplaces/ATVPDKIKX0DER`, de.values)).body).toMatchObject({ code: 'MARKETPLACE_UNKNOWN' });
    const saved = await api.send<{ marketplaces: { marketplaceId: string; values: { teamId: number } | null }[] }>('PUT', `${base()}/marketplace-settings/marketplaces/${DE}`, { ...de.values, teamId });
    expect(saved.status).toBe(200);
    expect(saved.body.marketplaces.find((m) => m.marketplaceId === DE)!.values!.teamId).toBe(teamId);

    const [next] = generate(1);
    await sweepAndImport(stack);
    expect(await erpOrdersOf(stack, next!)).toHaveLength(1);
    const [so] = await stack.erpClient.read('sale.order', [(await theErpOrder(stack, next!)).id as number], ['team_id']);
    expect((so!.team_id as [number, string])[0]).toBe(teamId);
  });
});
