import { describe, expect, it } from 'vitest';
import { classOfSalesTaxes, classRates } from './tax-class.ts';

describe('tax classes', () => {
  it('read a class as the rates it can mean in a country, a pinned rate first', () => {
    expect(classRates({ class: 'standard' }, 'jp')).toEqual(['10']);
    expect(classRates({ class: 'reduced' }, 'JP')).toEqual(['8']);
    expect(classRates({ class: 'reduced' }, 'FR')).toEqual(['10', '5.5', '2.1']);
    expect(classRates({ class: 'reduced', rates: { FR: '5.50' } }, 'FR')).toEqual(['5.5']);
    expect(classRates({ class: 'zero' }, 'GB')).toEqual(['0']);
    expect(classRates({ class: 'standard' }, 'BR')).toBeUndefined();
  });
});

describe("a product's tax class from its ERP sales taxes", () => {
  const tax = (amount: string, country: string | null, amountType = 'percent') => ({ amount, country, amountType });

  it('classifies a tax against the VAT rates of its own country', () => {
    expect(classOfSalesTaxes([tax('19.0', 'DE')])).toEqual({ class: 'standard' });
    expect(classOfSalesTaxes([tax('7', 'de')])).toEqual({ class: 'reduced', rates: { DE: '7' } });
    expect(classOfSalesTaxes([tax('5.50', 'FR')])).toEqual({ class: 'reduced', rates: { FR: '5.5' } });
    expect(classOfSalesTaxes([tax('0', 'GB')])).toEqual({ class: 'zero' });
    expect(classOfSalesTaxes([tax('8', 'JP')])).toEqual({ class: 'reduced', rates: { JP: '8' } });
  });

  it('merges agreeing taxes of several countries', () => {
    expect(classOfSalesTaxes([tax('7', 'DE'), tax('5.5', 'FR')])).toEqual({ class: 'reduced', rates: { DE: '7', FR: '5.5' } });
    expect(classOfSalesTaxes([tax('19', 'DE'), tax('20', 'FR')])).toEqual({ class: 'standard' });
  });

  it('gives no class where a guess could book the wrong VAT', () => {
    expect(classOfSalesTaxes([])).toBeUndefined();
    // a fresh Odoo's generic 15 % tax is no German rate
    expect(classOfSalesTaxes([tax('15', 'DE')])).toBeUndefined();
    expect(classOfSalesTaxes([tax('19', 'DE'), tax('7', 'DE')])).toBeUndefined();
    expect(classOfSalesTaxes([tax('7', 'DE'), tax('10', 'DE')])).toBeUndefined();
    expect(classOfSalesTaxes([tax('19', null)])).toBeUndefined();
    expect(classOfSalesTaxes([tax('19', 'BR')])).toBeUndefined();
    expect(classOfSalesTaxes([tax('2.5', 'DE', 'fixed')])).toBeUndefined();
    expect(classOfSalesTaxes([tax('-19', 'DE')])).toBeUndefined();
  });
});
