import { describe, expect, it } from 'vitest';
import { fromMinor, minorDigits, percentToBasisPoints, taxInGross, taxOnNet, toMinor } from './money.ts';

describe('money in minor units', () => {
  it('reads and prints decimal strings without floats', () => {
    expect(toMinor('12.90', 2)).toBe(1290);
    expect(toMinor('-0.05', 2)).toBe(-5);
    expect(toMinor('7', 2)).toBe(700);
    expect(toMinor('19940', 0)).toBe(19940);
    expect(fromMinor(1290, 2)).toBe('12.90');
    expect(fromMinor(-5, 2)).toBe('-0.05');
    expect(fromMinor(19940, 0)).toBe('19940');
    expect(() => toMinor('1.234', 2)).toThrow();
    expect(() => toMinor('1e3', 2)).toThrow();
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('SEK')).toBe(2);
  });

  it('takes VAT out of a gross amount so that net + tax == gross', () => {
    expect(taxInGross(1290, percentToBasisPoints('19'))).toBe(206); // 12.90 * 19/119 = 2.0597
    expect(taxInGross(850, percentToBasisPoints('5.5'))).toBe(44); // 8.50 * 5.5/105.5 = 0.4431
    expect(taxInGross(-258, percentToBasisPoints('19'))).toBe(-41); // symmetric for discounts
    expect(taxInGross(1290, 0)).toBe(0);
  });

  it('adds sales tax on a net amount, half away from zero', () => {
    expect(taxOnNet(1393, 8875)).toBe(124); // 13.93 * 8.875 % = 1.2363
    expect(taxOnNet(200, 7250)).toBe(15); // 14.5 -> 15
    expect(taxOnNet(-200, 7250)).toBe(-15);
  });
});
