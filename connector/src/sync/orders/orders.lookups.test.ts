import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { vatTaxKey } from '../../core/vat/index.ts';
import { canonicalRate, ordersLookupTables } from './orders.lookups.ts';

describe('the order flow lookup tables', () => {
  it('tax_map keys are canonical decimal rates in percent', () => {
    expect(canonicalRate('0.190')).toBe('0.19');
    expect(canonicalRate('00.0')).toBe('0');
    expect(vatTaxKey('domestic', 'de', '19.00')).toBe('domestic|DE|19');
    expect(vatTaxKey('any', 'FR', '5.50')).toBe('any|FR|5.5');
  });

  it('tax_class_map takes a class, and a rate per country only as a decimal percent', () => {
    const spec = ordersLookupTables.find((t) => t.name === 'tax_class_map')!;
    expect(Value.Check(spec.value, { class: 'reduced', rates: { FR: '5.5' } })).toBe(true);
    expect(Value.Check(spec.value, { class: 'standard' })).toBe(true);
    expect(Value.Check(spec.value, { class: 'luxury' })).toBe(false);
    expect(Value.Check(spec.value, { class: 'reduced', rates: { FR: 'five' } })).toBe(false);
  });

  it('sku_map is stored as product bindings; the other tables as lookup entries', () => {
    expect(ordersLookupTables.map((t) => [t.name, t.binding?.kind ?? null])).toEqual([
      ['sku_map', 'product'],
      ['tax_map', null],
      ['fiscal_position_map', null],
      ['tax_class_map', null],
      ['marketplace_map', null],
      ['service_level_carriers', null],
    ]);
  });
});
