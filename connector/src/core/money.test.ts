import { describe, expect, it } from 'vitest';
import {
  currencyExponent, deriveRate, divRound, formatMinor, formatRate, minorToNumber, parseDecimal, parseLocaleDecimal,
  rateBasisPoints, toMinor,
} from './money.ts';

describe('money', () => {
  it('knows the minor unit of a currency', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('KWD')).toBe(3);
    expect(() => currencyExponent('eur')).toThrow(expect.objectContaining({ code: 'AMOUNT_INVALID' }));
  });

  it('parses Amazon decimals exactly, decimal comma included', () => {
    expect(toMinor('12.90', 'EUR')).toBe(1290n);
    expect(toMinor('95,00', 'EUR')).toBe(9500n);
    expect(toMinor('1.234,56', 'EUR')).toBe(123456n);
    expect(toMinor('1,234.56', 'USD')).toBe(123456n);
    expect(toMinor('-3.5', 'EUR')).toBe(-350n);
    expect(toMinor('5980', 'JPY')).toBe(5980n);
    expect(toMinor('1.2340', 'KWD')).toBe(1234n);
    expect(toMinor('0.10', 'EUR')).toBe(10n);
    expect(parseDecimal('0.1')).toEqual({ units: 1n, scale: 1 });
  });

  it('refuses text that is not an amount, and digits beyond the minor unit', () => {
    for (const bad of ['', 'abc', '1.2.3x', '12 EUR', '--1']) {
      expect(() => toMinor(bad, 'EUR')).toThrow(expect.objectContaining({ code: 'AMOUNT_INVALID' }));
    }
    expect(() => toMinor('12.905', 'EUR')).toThrow(/more decimals/);
    expect(() => toMinor('10.5', 'JPY')).toThrow(/more decimals/);
  });

  it('rounds half away from zero like Odoo', () => {
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(-5n, 2n)).toBe(-3n);
    expect(divRound(4n, 3n)).toBe(1n);
    expect(divRound(-4n, 3n)).toBe(-1n);
    expect(divRound(7n, -2n)).toBe(-4n);
  });

  it('formats back to decimal strings and JSON numbers without float arithmetic', () => {
    expect(formatMinor(1290n, 'EUR')).toBe('12.90');
    expect(formatMinor(-5n, 'EUR')).toBe('-0.05');
    expect(formatMinor(5980n, 'JPY')).toBe('5980');
    expect(formatMinor(1234n, 'BHD')).toBe('1.234');
    // 0.1 + 0.2 in floats is 0.30000000000000004; from minor units it is exactly the number 0.3.
    expect(minorToNumber(10n + 20n, 'EUR')).toBe(0.3);
    expect(JSON.stringify({ price_unit: minorToNumber(1084n, 'EUR') })).toBe('{"price_unit":10.84}');
    expect(formatRate(rateBasisPoints('5.50'))).toBe('5.5');
    expect(formatRate(1900n)).toBe('19');
    expect(formatRate(0n)).toBe('0');
  });

  it('derives the tax rate from Amazon amounts, to the nearest standard step', () => {
    // EU gross 12.90 at 19 %: tax round(12.90 * 0.19 / 1.19) = 2.06, net 10.84.
    expect(deriveRate(206n, 1084n)).toEqual({ rate: '19', standard: true });
    // 7 % reduced rate: gross 5.35 -> tax 0.35, net 5.00.
    expect(deriveRate(35n, 500n)).toEqual({ rate: '7', standard: true });
    // 5.5 % (FR): net 20.00, tax 1.10.
    expect(deriveRate(110n, 2000n)).toEqual({ rate: '5.5', standard: true });
    expect(deriveRate(0n, 2000n)).toEqual({ rate: '0', standard: true });
    // A discount: both negative.
    expect(deriveRate(-32n, -168n)).toEqual({ rate: '19', standard: true });
    expect(deriveRate(100n, 0n)).toBeNull();
  });

  it('prefers the hint when a tiny amount fits several rates, and reports an odd rate as non-standard', () => {
    // net 0.04, tax 0.01 fits 19, 20, 21, 22, 23, 24, 25 ... : the item's rate wins.
    expect(deriveRate(1n, 4n, { hint: '19' })).toEqual({ rate: '19', standard: true });
    // 18.3 % fits nothing standard within half a cent.
    expect(deriveRate(1830n, 10000n)).toEqual({ rate: '18.3', standard: false });
    // per-unit rounding on 3 units widens the tolerance to 1.5 cents.
    expect(deriveRate(58n, 300n, { candidates: ['19'] })?.standard).toBe(false);
    expect(deriveRate(58n, 300n, { candidates: ['19'], roundings: 3 })).toEqual({ rate: '19', standard: true });
  });

  it('reads an amount in a known number format: the other mark only groups thousands', () => {
    expect(toMinor('95,00', 'EUR', ',')).toBe(9500n);
    expect(toMinor('1.234,56', 'EUR', ',')).toBe(123456n);
    expect(toMinor('1,234.56', 'USD', '.')).toBe(123456n);
    expect(toMinor('1.234', 'EUR', ',')).toBe(123400n);
    expect(parseLocaleDecimal('1.234', '.')).toEqual({ units: 1234n, scale: 3 });
    expect(toMinor('-3,5', 'EUR', ',')).toBe(-350n);
    // A point where a comma is the decimal mark is no amount, not 9500.
    expect(() => toMinor('95.00', 'EUR', ',')).toThrow(/decimal mark/);
    expect(() => toMinor('1,23,456', 'USD', '.')).toThrow(/decimal mark/);
    expect(() => toMinor('12,345', 'EUR', ',')).toThrow(/more decimals/);
  });
});
