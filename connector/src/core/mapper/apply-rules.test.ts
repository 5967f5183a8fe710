import { describe, expect, it } from 'vitest';
import { applyRules, rulesFor } from './apply-rules.ts';
import { resolvePath } from './json-path.ts';
import type { MappingRule } from './mapping-rule.ts';

const order = {
  orderId: '028-1234567-1234567',
  salesChannel: { channelName: 'AMAZON', marketplaceId: 'A1PA6795UKMFR9', marketplaceName: 'Amazon.de' },
  buyer: { buyerName: '  Jörg Müller  ', buyerPurchaseOrderNumber: 'PO-77' },
  orderItems: [{ product: { sellerSku: 'MUG-CER-BLUE' } }, { product: { sellerSku: 'MUG-CER-RED' } }],
};

function rule(partial: Partial<MappingRule> & Pick<MappingRule, 'erpField' | 'source'>): MappingRule {
  return { target: 'sale.order', transforms: [], onlyCreate: false, enabled: true, position: 0, ...partial };
}

describe('json paths', () => {
  it('resolves dotted paths with array indexes, and misses quietly', () => {
    expect(resolvePath(order, 'orderItems[1].product.sellerSku')).toBe('MUG-CER-RED');
    expect(resolvePath(order, 'orderItems.0.product.sellerSku')).toBe('MUG-CER-BLUE');
    expect(resolvePath(order, 'orderItems[5].product.sellerSku')).toBeUndefined();
    expect(resolvePath(order, 'buyer.buyerEmail')).toBeUndefined();
    expect(resolvePath(order, 'salesChannel[0]')).toBeUndefined();
    expect(resolvePath(order, 'constructor')).toBeUndefined();
    expect(resolvePath(order, 'bad..path')).toBeUndefined();
  });
});

describe('applyRules', () => {
  const lookups = { team_by_marketplace: { A1PA6795UKMFR9: 7, A13V1IB3VIYZZH: 8 } };

  it('maps paths, constants, templates and lookups into ERP fields, custom x_ fields included', () => {
    const vals = applyRules(
      [
        rule({ erpField: 'x_amazon_po', source: { kind: 'path', path: 'buyer.buyerPurchaseOrderNumber' } }),
        rule({ erpField: 'x_channel', source: { kind: 'constant', value: 'amazon' } }),
        rule({ erpField: 'origin', source: { kind: 'template', template: 'Amazon {{salesChannel.marketplaceName}} {{ orderId }}' } }),
        rule({ erpField: 'team_id', source: { kind: 'lookup', table: 'team_by_marketplace', keyPath: 'salesChannel.marketplaceId' } }),
      ],
      order,
      lookups,
      { creating: true },
    );
    expect(vals).toEqual({
      x_amazon_po: 'PO-77',
      x_channel: 'amazon',
      origin: 'Amazon Amazon.de 028-1234567-1234567',
      team_id: 7,
    });
  });

  it('chains transforms, and a missing value keeps the default unless default: fills it', () => {
    const vals = applyRules(
      [
        rule({ erpField: 'name', source: { kind: 'path', path: 'buyer.buyerName' }, transforms: ['trim', 'upper', 'truncate:4'] }),
        rule({ erpField: 'x_lower', source: { kind: 'constant', value: 'ABC' }, transforms: ['lower'] }),
        rule({ erpField: 'email', source: { kind: 'path', path: 'buyer.buyerEmail' } }),
        rule({ erpField: 'x_po', source: { kind: 'path', path: 'buyer.nothing' }, transforms: ['default:none'] }),
        rule({ erpField: 'x_team', source: { kind: 'lookup', table: 'team_by_marketplace', keyPath: 'orderId' } }),
        rule({ erpField: 'x_num', source: { kind: 'constant', value: 5 }, transforms: ['upper'] }),
      ],
      order,
      lookups,
      { creating: true },
    );
    expect(vals).toEqual({ name: 'JÖRG', x_lower: 'abc', x_po: 'none', x_num: 5 });
    expect('email' in vals).toBe(false);
    expect('x_team' in vals).toBe(false);
  });

  it('skips onlyCreate rows on update and disabled rows always; the later position wins', () => {
    const rules = [
      rule({ erpField: 'note', source: { kind: 'constant', value: 'first' }, position: 2, onlyCreate: true }),
      rule({ erpField: 'note', source: { kind: 'constant', value: 'second' }, position: 1 }),
      rule({ erpField: 'x_off', source: { kind: 'constant', value: 'x' }, enabled: false }),
      rule({ erpField: 'x_line', target: 'sale.order.line', source: { kind: 'constant', value: 1 } }),
    ];
    expect(applyRules(rulesFor(rules, 'sale.order'), order, {}, { creating: true })).toEqual({ note: 'first' });
    expect(applyRules(rulesFor(rules, 'sale.order'), order, {}, { creating: false })).toEqual({ note: 'second' });
    expect(applyRules(rulesFor(rules, 'sale.order.line'), order, {}, { creating: false })).toEqual({ x_line: 1 });
  });

  it('truncates by characters, never splitting one', () => {
    const vals = applyRules(
      [rule({ erpField: 'name', source: { kind: 'constant', value: '山田太郎🎁様' }, transforms: ['truncate:5'] })],
      order, {}, { creating: true },
    );
    expect(vals.name).toBe('山田太郎🎁');
  });
});
