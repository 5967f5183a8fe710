/**
 * The carrier map over real HTTP against the sandboxes. An ERP without the delivery module: the carrier routes say
 * MODULE_MISSING, a carrier row kept from before (another database) makes the set-up report it with its fix, and
 * orders still import (without a carrier). The fix installs stock_delivery; then rows saved through the API give a
 * new merchant order the carrier of its service level (the most specific row), the ERP copies it to the order's
 * delivery, and a level no row matches gets no carrier. A tax row of one marketplace wins over the any row.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { sweepAndImport, syncStateOf, theErpOrder, visibleNow } from './support/lifecycle.ts';

const DE = 'A1PA6795UKMFR9';
type Settings = { carriers: { serviceLevel: string; marketplaceId: string | null; carrierId: number }[]; carrierSupport: string; marketplaces: { marketplaceId: string }[] };
type Report = { problems: { code: string; message: string }[]; fixes: { id: string }[]; changed: { what: string }[] };

describe('carrier map', () => {
  let stack: Stack;
  let api: ApiHandle;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'carriers' });
    api = await startApi(stack);
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const base = () => `/api/backends/${stack.backendId}`;
  /** New merchant orders on Amazon.de at the given service levels. */
  const ordersAt = (levels: string[]) => {
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: levels.length, status: 'UNSHIPPED', marketplaceId: DE });
    ids.forEach((id, n) => {
      const fulfillment = { ...(stack.amazon.getOrder(id).order as { fulfillment: Record<string, unknown> }).fulfillment, fulfilledBy: 'MERCHANT', fulfillmentServiceLevel: levels[n] };
      stack.amazon.updateOrder(id, { set: { fulfillment }, lastUpdatedTime: visibleNow() });
    });
    return ids;
  };
  const carrierOf = async (model: 'sale.order' | 'stock.picking', id: number) => {
    const [r] = await stack.erpClient.read(model, [id], ['carrier_id']);
    return r!.carrier_id === false ? false : (r!.carrier_id as [number, string])[0];
  };

  it('without the delivery module: MODULE_MISSING on the carrier routes, a set-up problem with its fix, and orders still import', async () => {
    const settings = await api.get<Settings>(`${base()}/marketplace-settings`);
    expect(settings.body).toMatchObject({ carriers: [], carrierSupport: 'module_missing' });
    expect((await api.get<{ code: string }>(`${base()}/erp-choices/carriers`)).body.code).toBe('MODULE_MISSING');
    const refused = await api.send<{ code: string; message: string }>('PUT', `${base()}/marketplace-settings/carriers`, { serviceLevel: 'STANDARD', carrierId: 1 });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('MODULE_MISSING');
    expect(refused.body.message).toContain('stock_delivery');

    // A row kept from an ERP database that had the module (the backend pointed at another one since).
    await stack.env.core.lookups.put(stack.backendId, 'service_level_carriers', [{ key: '*', value: { carrierId: 1 } }], { actor: 'test' });
    const setup = await api.post<Report>(`${base()}/setup`, {});
    expect(setup.status).toBe(200);
    const problem = setup.body.problems.find((p) => p.code === 'MODULE_MISSING');
    expect(problem?.message).toMatch(/carrier map has 1 row.*stock_delivery.*orders import without a carrier/);
    expect(setup.body.fixes.map((f) => f.id)).toContain('install-modules');

    const [id] = ordersAt(['STANDARD']);
    await sweepAndImport(stack);
    expect(await syncStateOf(stack, id!)).toEqual({ state: 'imported', code: null });
    expect((await theErpOrder(stack, id!)).state).toBe('sale');
  });

  it('the fix installs stock_delivery; saved rows give new orders the carrier of their level, copied to the delivery', async () => {
    const fixed = await api.post<Report>(`${base()}/setup/fixes/install-modules`, undefined);
    expect(fixed.status).toBe(200);
    expect(fixed.body.changed.map((c) => c.what).join('\n')).toContain('module stock_delivery installed');
    expect(fixed.body.problems.filter((p) => p.code === 'MODULE_MISSING')).toEqual([]);
    expect((await api.get<Settings>(`${base()}/marketplace-settings`)).body).toMatchObject({ carrierSupport: 'ok', carriers: [{ serviceLevel: '*', marketplaceId: null, carrierId: 1 }] });

    const [standard] = await stack.erpClient.read('delivery.carrier', [1], ['product_id']);
    const [express] = await stack.erpClient.create('delivery.carrier', [{ name: 'DHL Express', product_id: (standard!.product_id as [number, string])[0], delivery_type: 'fixed' }]);
    const choices = await api.get<{ id: number; name: string }[]>(`${base()}/erp-choices/carriers`);
    expect(choices.body.map((c) => c.name)).toEqual(expect.arrayContaining(['DHL Express', 'Standard delivery']));

    const put = (row: object) => api.send<Settings & { code?: string }>('PUT', `${base()}/marketplace-settings/carriers`, row);
    expect((await put({ serviceLevel: 'NEXT_DAY', marketplaceId: DE, carrierId: 99_999 })).body.code).toBe('MAPPING_TARGET_NOT_FOUND');
    expect((await put({ serviceLevel: 'NEXT_DAY', marketplaceId: 'ATVPDKIKX0DER', carrierId: express })).body.code).toBe('MARKETPLACE_UNKNOWN');
    expect((await put({ serviceLevel: 'NEXT_DAY', carrierId: 1 })).status).toBe(200);
    expect((await put({ serviceLevel: 'NEXT_DAY', marketplaceId: DE, carrierId: express })).status).toBe(200);
    const removed = await api.del<Settings>(`${base()}/marketplace-settings/carriers?serviceLevel=*`);
    expect(removed.body.carriers).toEqual([
      { serviceLevel: 'NEXT_DAY', marketplaceId: null, carrierId: 1 },
      { serviceLevel: 'NEXT_DAY', marketplaceId: DE, carrierId: express },
    ]);

    const [nextDay, expedited] = ordersAt(['NEXT_DAY', 'EXPEDITED']);
    await sweepAndImport(stack);
    const so = await theErpOrder(stack, nextDay!);
    expect(so.state).toBe('sale');
    expect(await carrierOf('sale.order', so.id as number)).toBe(express);
    const [withPickings] = await stack.erpClient.read('sale.order', [so.id as number], ['picking_ids']);
    const pickings = withPickings!.picking_ids as number[];
    expect(pickings.length).toBeGreaterThan(0);
    for (const p of pickings) expect(await carrierOf('stock.picking', p)).toBe(express);
    // No row for EXPEDITED (the * row removed): no carrier, the order imported all the same.
    const plain = await theErpOrder(stack, expedited!);
    expect(plain.state).toBe('sale');
    expect(await carrierOf('sale.order', plain.id as number)).toBe(false);
  });

  it("a tax row of the order's marketplace wins over the any-marketplace row", async () => {
    const settings = await api.get<{ taxes: { regime: string; country: string; rate: string; marketplaceId: string | null; taxId: number }[] }>(`${base()}/marketplace-settings`);
    const row = settings.body.taxes.find((t) => t.country === 'DE' && t.rate === '19' && t.marketplaceId === null && t.regime === 'domestic');
    expect(row).toBeDefined();
    const taxId = row!.taxId;
    // The same tax under another name, as a seller keeping Amazon.de's sales apart would make it.
    const [tax] = await stack.erpClient.read('account.tax', [taxId], ['amount', 'amount_type', 'type_tax_use', 'price_include_override', 'tax_group_id', 'country_id']);
    const m2o = (v: unknown) => (v as [number, string])[0];
    const [copy] = await stack.erpClient.create('account.tax', [{
      name: 'DE VAT 19% (Amazon.de)', amount: tax!.amount, amount_type: tax!.amount_type, type_tax_use: tax!.type_tax_use,
      price_include_override: tax!.price_include_override, tax_group_id: m2o(tax!.tax_group_id), country_id: m2o(tax!.country_id),
    }]);
    const saved = await api.send<{ taxes: { marketplaceId: string | null; taxId: number }[] }>('PUT', `${base()}/marketplace-settings/taxes`, { ...row, marketplaceId: DE, taxId: copy, priceIncluded: true });
    expect(saved.status).toBe(200);
    expect(saved.body.taxes.filter((t) => t.marketplaceId === DE).map((t) => t.taxId)).toEqual([copy]);

    const [id] = ordersAt(['STANDARD']);
    await sweepAndImport(stack);
    const so = await theErpOrder(stack, id!);
    const lines = await stack.erpClient.read('sale.order.line', so.order_line as number[], ['tax_ids', 'product_id']);
    const taxed = lines.filter((l) => (l.tax_ids as number[]).length);
    expect(taxed.length).toBeGreaterThan(0);
    expect(taxed.every((l) => (l.tax_ids as number[]).includes(copy!) || !(l.tax_ids as number[]).includes(taxId))).toBe(true);
    expect(taxed.some((l) => (l.tax_ids as number[]).includes(copy!))).toBe(true);
  });
});
