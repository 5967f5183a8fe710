// Field names by version, as the VERSION DIFFERENCES table of the Odoo reference gives them.
import { describe, expect, it } from 'vitest';
import { dialectFor } from './dialect.ts';

describe('dialectFor', () => {
  it('17: tax_id, product_uom, type product, boolean price_include, no JSON-2', () => {
    const d = dialectFor(17);
    expect([d.saleLineTaxesField, d.saleLineUomField, d.hasJson2]).toEqual(['tax_id', 'product_uom', false]);
    expect(d.storableProductVals).toEqual({ type: 'product' });
    expect(d.taxPriceIncludeVals(true)).toEqual({ price_include: true });
  });

  it('18: tax_id, product_uom, consu + is_storable, price_include_override, no JSON-2', () => {
    const d = dialectFor(18);
    expect([d.saleLineTaxesField, d.saleLineUomField, d.hasJson2]).toEqual(['tax_id', 'product_uom', false]);
    expect(d.storableProductVals).toEqual({ type: 'consu', is_storable: true });
    expect(d.storableProductDomain).toEqual([['is_storable', '=', true]]);
    expect(d.taxPriceIncludeVals(false)).toEqual({ price_include_override: 'tax_excluded' });
  });

  it('19: tax_ids, product_uom_id, consu + is_storable, price_include_override, JSON-2', () => {
    const d = dialectFor(19);
    expect([d.saleLineTaxesField, d.saleLineUomField, d.hasJson2]).toEqual(['tax_ids', 'product_uom_id', true]);
    expect(d.storableProductVals).toEqual({ type: 'consu', is_storable: true });
    expect(d.taxPriceIncludeVals(true)).toEqual({ price_include_override: 'tax_included' });
  });

  it('a newer version speaks like 19; 16 and older are refused with CONFIG_INVALID', () => {
    expect(dialectFor(20)).toMatchObject({ major: 20, version: 19, saleLineTaxesField: 'tax_ids' });
    expect([dialectFor(17).version, dialectFor(18).version, dialectFor(19).version]).toEqual([17, 18, 19]);
    expect(() => dialectFor(16)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', kind: 'permanent' }));
  });
});
