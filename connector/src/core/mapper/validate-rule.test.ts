import { describe, expect, it } from 'vitest';
import { validateRule } from './validate-rule.ts';

const good = {
  target: 'sale.order',
  erpField: 'x_amazon_marketplace',
  source: { kind: 'template', template: 'Amazon {{salesChannel.marketplaceName}}' },
  transforms: ['trim', 'truncate:64', 'default:Amazon'],
  onlyCreate: true,
  enabled: true,
  position: 3,
};

describe('validateRule', () => {
  it('accepts a well-formed row', () => {
    expect(validateRule(good)).toEqual([]);
    expect(validateRule({ ...good, source: { kind: 'lookup', table: 'teams', keyPath: 'salesChannel.marketplaceId' } })).toEqual([]);
  });

  it('reports shape errors with where they are', () => {
    const problems = validateRule({ ...good, position: -1 });
    expect(problems.map((p) => p.field)).toEqual(expect.arrayContaining(['/position']));
    expect(validateRule({ ...good, transforms: ['truncate:0'] }).length).toBeGreaterThan(0);
    expect(validateRule({ ...good, source: { kind: 'path' } }).length).toBeGreaterThan(0);
  });

  it("accepts only the targets the row's flow declares (given by the caller: core names no flow's model)", () => {
    const targets = ['sale.order', 'sale.order.line', 'res.partner', 'delivery'];
    expect(validateRule(good, targets)).toEqual([]);
    expect(validateRule({ ...good, target: 'account.move', position: -1 }, targets).map((p) => p.field)).toEqual(expect.arrayContaining(['/target', '/position']));
    expect(validateRule(good, [])[0]).toMatchObject({ field: '/target', message: expect.stringContaining('declares no mapping target') });
    expect(validateRule({ ...good, target: '' }).map((p) => p.field)).toContain('/target');
  });

  it('reports every meaning error at once: field name, path, template', () => {
    const problems = validateRule({
      ...good,
      erpField: 'Bad Field',
      source: { kind: 'template', template: 'Amazon {{sales..channel}} }}' },
    });
    expect(problems).toEqual([
      { field: '/erpField', message: expect.stringContaining('not an ERP field name') },
      { field: '/source/template', message: expect.stringContaining('"sales..channel" is not a path') },
      { field: '/source/template', message: 'unbalanced {{ }} in the template' },
    ]);
    expect(validateRule({ ...good, source: { kind: 'path', path: 'orderItems[x]' } })).toEqual([
      { field: '/source/path', message: expect.stringContaining('not a path') },
    ]);
  });
});
