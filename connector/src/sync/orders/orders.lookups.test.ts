import { describe, expect, it } from 'vitest';
import { vatTaxKey } from '../../core/vat/index.ts';
import { canonicalRate, ordersLookupTables } from './orders.lookups.ts';

describe('the order flow lookup tables', () => {
  it('tax_map keys are canonical decimal rates in percent', () => {
    expect(canonicalRate('0.190')).toBe('0.19');
    expect(canonicalRate('00.0')).toBe('0');
    expect(vatTaxKey('domestic', 'de', '19.00')).toBe('domestic|DE|19');
    expect(vatTaxKey('any', 'FR', '5.50')).toBe('any|FR|5.5');
  });

  it('sku_map is stored as product bindings; the other tables as lookup entries', () => {
    expect(ordersLookupTables.map((t) => [t.name, t.binding?.kind ?? null])).toEqual([
      ['sku_map', 'product'],
      ['tax_map', null],
      ['fiscal_position_map', null],
      ['marketplace_map', null],
    ]);
  });
});
