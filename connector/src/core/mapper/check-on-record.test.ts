import { describe, expect, it } from 'vitest';
import { checkOnRecord } from './check-on-record.ts';
import type { MappingRule } from './mapping-rule.ts';

const rule = (over: Partial<MappingRule>): MappingRule => ({ target: 'sale.order', erpField: 'note', source: { kind: 'constant', value: 'x' }, transforms: [], onlyCreate: false, enabled: true, position: 0, ...over });
const order = { salesChannel: { marketplaceId: 'M1' }, buyer: {} };
const fields = new Map([['sale.order', new Map([['note', { type: 'html', readonly: false }], ['amount_total', { type: 'monetary', readonly: true }]])]]);

describe('checkOnRecord', () => {
  it('names unknown and read-only ERP fields, missing lookup keys and sources that give nothing', () => {
    const rules = [
      rule({ erpField: 'x_gone' }),
      rule({ erpField: 'amount_total' }),
      rule({ source: { kind: 'lookup', table: 't', keyPath: 'salesChannel.marketplaceId' } }),
      rule({ source: { kind: 'path', path: 'buyer.buyerName' } }),
      rule({ source: { kind: 'lookup', table: 'empty', keyPath: 'x' } }),
      rule({ erpField: 'x_off', enabled: false }),
      rule({ target: 'res.partner', erpField: 'anything' }),
    ].map((r, index) => ({ index, rule: r }));
    const problems = checkOnRecord({ rules, inputs: [{ target: 'sale.order', source: order }, { target: 'res.partner', source: order }], lookups: { t: { M2: 'x' } }, fields });
    expect(problems.map((p) => [p.index, p.field, p.severity])).toEqual([
      [0, '/erpField', 'error'],
      [1, '/erpField', 'warning'],
      [2, '/source/keyPath', 'warning'],
      [2, '/source/keyPath', 'warning'],
      [3, '/source/path', 'warning'],
      [4, '/source/table', 'warning'],
    ]);
    expect(problems[2]!.message).toContain('"M1"');
  });
});
