import { describe, expect, it } from 'vitest';
import type { Order } from '../../amazon/models/orders-v2026.ts';
import { applyMappingRules, parseMappingRule, readPath, type MappingRule } from './index.ts';

// Shaped like an Orders v2026-01-01 searchOrders element (buyer part omitted: PII stays out of fixtures).
const order: Order = {
  orderId: '302-1234567-7654321',
  createdTime: '2026-11-20T09:58:00Z',
  lastUpdatedTime: '2026-11-20T10:02:00Z',
  salesChannel: { channelName: 'Amazon.de', marketplaceId: 'A1PA6795UKMFR9', marketplaceName: 'Amazon.de' },
  fulfillment: { fulfillmentStatus: 'UNSHIPPED', fulfilledBy: 'MERCHANT', fulfillmentServiceLevel: 'Standard' },
  orderItems: [
    {
      orderItemId: '11111111111111',
      quantityOrdered: 2,
      product: { asin: 'B000000001', title: '  Tasse „Kaffee“ Größe L  ', sellerSku: 'MUG-RED-L' },
    },
  ],
};

const rule = (r: Record<string, unknown>): MappingRule =>
  parseMappingRule({ flow: 'order', target: 'sale.order', transforms: [], onlyCreate: false, enabled: true, position: 0, ...r });

describe('mapping rules', () => {
  it('path, constant, template and lookup rows with transforms produce the ERP values', () => {
    const rules = [
      rule({ erpField: 'client_order_ref', sourceKind: 'path', source: { path: 'orderId' } }),
      rule({ erpField: 'x_amazon_channel', sourceKind: 'template', source: { template: '{{salesChannel.channelName}} / {{fulfillment.fulfillmentServiceLevel}}' }, transforms: ['upper'] }),
      rule({ erpField: 'x_origin', sourceKind: 'constant', source: { value: 'amazon' }, onlyCreate: true }),
      rule({ erpField: 'carrier_id', sourceKind: 'lookup', source: { table: 'carrier_map', keyPath: 'fulfillment.fulfillmentServiceLevel', valuePath: 'id' } }),
      rule({ erpField: 'note', sourceKind: 'path', source: { path: 'buyer.buyerPurchaseOrderNumber' }, transforms: ['default:"none"'] }),
      rule({ erpField: 'x_off', sourceKind: 'constant', source: { value: 1 }, enabled: false }),
    ];
    const lookups = new Map([['carrier_map', new Map<string, unknown>([['Standard', { id: 7 }]])]]);
    expect(applyMappingRules(rules, 'sale.order', { source: order, isCreate: true, lookups })).toEqual({
      client_order_ref: '302-1234567-7654321',
      x_amazon_channel: 'AMAZON.DE / STANDARD',
      x_origin: 'amazon',
      carrier_id: 7,
      note: 'none',
    });
    // On an update, onlyCreate rows stay out.
    expect(applyMappingRules(rules, 'sale.order', { source: order, isCreate: false, lookups })).not.toHaveProperty('x_origin');
  });

  it('line rules read the item and reach the order with $order.; truncation keeps whole characters', () => {
    const rules = [
      rule({ target: 'sale.order.line', erpField: 'name', sourceKind: 'path', source: { path: 'product.title' }, transforms: ['trim', 'truncate:10'] }),
      rule({ target: 'sale.order.line', erpField: 'x_marketplace', sourceKind: 'path', source: { path: '$order.salesChannel.marketplaceId' } }),
      rule({ target: 'sale.order.line', erpField: 'x_emoji', sourceKind: 'constant', source: { value: '😀😀😀' }, transforms: ['truncate:2'] }),
      rule({ target: 'sale.order.line', erpField: 'x_missing', sourceKind: 'path', source: { path: 'product.customization.customizedUrl' } }),
    ];
    const values = applyMappingRules(rules, 'sale.order.line', { source: order.orderItems[0], order, isCreate: true });
    expect(values).toEqual({ name: 'Tasse „Kaf', x_marketplace: 'A1PA6795UKMFR9', x_emoji: '😀😀', x_missing: null });
    expect([...(values.name as string)]).toHaveLength(10);
    expect(readPath({ source: order }, 'orderItems[0].product.sellerSku')).toBe('MUG-RED-L');
  });

  it('refuses malformed rows with MAPPING_RULE_INVALID', () => {
    const bad = [
      { erpField: 'Bad Field', sourceKind: 'path', source: { path: 'orderId' } },
      { erpField: 'name', sourceKind: 'path', source: { path: 'order id' } },
      { erpField: 'name', sourceKind: 'lookup', source: { table: 'sku_map' } },
      { erpField: 'name', sourceKind: 'path', source: { path: 'orderId' }, transforms: ['reverse'] },
      { erpField: 'name', sourceKind: 'path', source: { path: 'orderId' }, target: 'account.move' },
    ];
    for (const b of bad) {
      expect(() => parseMappingRule({ flow: 'order', target: 'sale.order', transforms: [], onlyCreate: false, enabled: true, position: 0, ...b })).toThrow(
        expect.objectContaining({ code: 'MAPPING_RULE_INVALID' }),
      );
    }
  });
});
