/**
 * The mapping editor's API on a real stack (PostgreSQL, both sandboxes over HTTP): the ERP lists a custom `x_`
 * field through fields_get, the preview runs path / template / lookup rows on a stored order with the real
 * mapper, an invalid row is refused with its reasons, and a saved row is used by the next imported order.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { sweepAndImport, theErpOrder } from './support/lifecycle.ts';
import type { Order } from '../connector/src/amazon/models/orders-v2026.ts';

const MKT = 'ATVPDKIKX0DER';
const CUSTOM = { model: 'sale.order', name: 'x_amazon_channel', type: 'char' as const, string: 'Amazon channel' };
const amazonOrder = (stack: Stack, id: string) => stack.amazon.getOrder(id).order as unknown as Order;
const row = (over: Record<string, unknown>) => ({ target: 'sale.order', transforms: [], onlyCreate: false, enabled: true, position: 0, ...over });

interface Preview {
  record: { key: string };
  complete: boolean;
  targets: Array<{ target: string; records: Array<{ label: string; vals: Record<string, unknown>; fromRules: string[] }> }>;
  ruleProblems: Array<{ index: number; field: string; severity: string; message: string }>;
}

describe('field mappings over the API', () => {
  let stack: Stack;
  let api: ApiHandle;
  let base: string;
  let first: string;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'mappings', sellerIndex: 1, settings: { sweepIntervalSeconds: 60 }, erpSandbox: { customFields: [CUSTOM] } });
    api = await startApi(stack);
    base = `/api/backends/${stack.backendId}`;
    [first] = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 1, marketplaceId: MKT, status: 'UNSHIPPED', fulfilledBy: 'MERCHANT' }) as [string];
    await sweepAndImport(stack);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  it("lists the target's ERP fields from the ERP itself, the custom x_ field included", async () => {
    const res = await api.get<{ erpModel: string; fields: Array<{ name: string; label: string; type: string; custom: boolean; relation: string | null }> }>(
      `${base}/mappings/orders/targets/sale.order/fields`,
    );
    expect(res.status).toBe(200);
    expect(res.body.erpModel).toBe('sale.order');
    expect(res.body.fields.find((f) => f.name === 'x_amazon_channel')).toMatchObject({ label: 'Amazon channel', type: 'char', custom: true });
    expect(res.body.fields.find((f) => f.name === 'partner_id')).toMatchObject({ type: 'many2one', relation: 'res.partner', custom: false });
    const delivery = await api.get<{ erpModel: string }>(`${base}/mappings/orders/targets/delivery/fields`);
    expect(delivery.body.erpModel).toBe('res.partner');
    expect((await api.get(`${base}/mappings/orders/targets/stock.move/fields`)).status).toBe(404);
  });

  it('previews path, template and lookup rows on a stored order with the real mapper; problems per row', async () => {
    const put = await api.send('PUT', `${base}/lookups/channel_names`, { entries: [{ key: MKT, value: 'Amazon US' }] });
    expect(put.status, put.text).toBe(200);
    const rules = [
      row({ erpField: 'x_amazon_channel', source: { kind: 'lookup', table: 'channel_names', keyPath: 'salesChannel.marketplaceId' } }),
      row({ erpField: 'note', source: { kind: 'template', template: 'Amazon {{orderId}} via {{salesChannel.channelName}}' }, position: 1 }),
      row({ target: 'sale.order.line', erpField: 'name', source: { kind: 'path', path: 'product.sellerSku' }, transforms: ['lower'] }),
      row({ erpField: 'x_not_there', source: { kind: 'constant', value: 'x' } }),
      row({ erpField: 'Bad Field', source: { kind: 'path', path: 'a..b' } }),
    ];
    const res = await api.post<Preview>(`${base}/mappings/orders/preview`, { rules, amazonOrderId: first });
    expect(res.status).toBe(200);
    expect(res.body.record.key).toBe(first);
    expect(res.body.complete).toBe(true);
    const order = amazonOrder(stack, first);
    const header = res.body.targets.find((t) => t.target === 'sale.order')!.records[0]!;
    expect(header.vals).toMatchObject({ x_amazon_channel: 'Amazon US', note: `Amazon ${first} via ${order.salesChannel.channelName}`, client_order_ref: first });
    expect(header.fromRules).toEqual(expect.arrayContaining(['x_amazon_channel', 'note']));
    const line = res.body.targets.find((t) => t.target === 'sale.order.line')!.records[0]!;
    expect(line.vals.name).toBe(order.orderItems[0]!.product.sellerSku!.toLowerCase());
    expect(line.vals.product_id).toEqual(expect.any(Number));
    // The unknown ERP field is the ERP's refusal to come; the malformed row is the validator's.
    expect(res.body.ruleProblems.filter((p) => p.index === 3)).toEqual([expect.objectContaining({ field: '/erpField', severity: 'error' })]);
    expect(res.body.ruleProblems.filter((p) => p.index === 4).map((p) => p.field).sort()).toEqual(['/erpField', '/source/path']);
    expect(res.body.ruleProblems.filter((p) => p.index < 3)).toEqual([]);
    // The latest stored order when none is named.
    expect((await api.post<Preview>(`${base}/mappings/orders/preview`, { rules: [] })).body.record.key).toBe(first);
    expect((await api.post(`${base}/mappings/orders/preview`, { rules: [], amazonOrderId: '999-0000000-0000000' })).status).toBe(404);
  });

  it('refuses an invalid row with MAPPING_RULE_INVALID and every reason; nothing is stored', async () => {
    const res = await api.post<{ code: string; details: { problems: Array<{ field: string }> } }>(`${base}/mappings/orders`, row({ target: 'stock.move', erpField: 'x', source: { kind: 'template', template: '{{a' } }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('MAPPING_RULE_INVALID');
    expect(res.body.details.problems.map((p) => p.field).sort()).toEqual(['/source/template', '/target']);
    expect((await api.get<{ items: unknown[] }>(`${base}/mappings/orders`)).body.items).toEqual([]);
  });

  it('a saved row is used by the next imported order', async () => {
    const saved = await api.post<{ id: number }>(`${base}/mappings/orders`, row({ erpField: 'x_amazon_channel', source: { kind: 'template', template: '{{salesChannel.channelName}}/{{salesChannel.marketplaceId}}' }, transforms: ['upper'] }));
    expect(saved.status).toBe(201);
    const [next] = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 1, marketplaceId: MKT, status: 'UNSHIPPED', fulfilledBy: 'MERCHANT' }) as [string];
    await sweepAndImport(stack);
    const channel = amazonOrder(stack, next).salesChannel.channelName;
    expect((await theErpOrder(stack, next, ['x_amazon_channel'])).x_amazon_channel).toBe(`${channel}/${MKT}`.toUpperCase());
    // The earlier order was imported before the row existed.
    expect((await theErpOrder(stack, first, ['x_amazon_channel'])).x_amazon_channel).toBe(false);
    expect((await api.del(`${base}/mappings/orders/${saved.body.id}`)).status).toBe(204);
    expect((await api.del(`${base}/mappings/orders/${saved.body.id}`)).status).toBe(404);
  });
});
