import { describe, expect, it } from 'vitest';
import { localAmount, reportTime, tsv } from './tsv.ts';

describe('flat-file helpers', () => {
  it('writes amounts in the marketplace\'s format and the currency\'s minor unit', () => {
    expect(localAmount(9500, 'EUR', 'DE')).toBe('95,00');
    expect(localAmount(-1234, 'SEK', 'SE')).toBe('-12,34');
    expect(localAmount(9500, 'GBP', 'GB')).toBe('95.00');
    expect(localAmount(1980, 'JPY', 'JP')).toBe('1980');
  });

  it('keeps one line per row: tabs and newlines inside values become spaces', () => {
    expect(tsv(['a', 'b'], [['x\ty', 'line\r\nbreak']])).toBe('a\tb\nx y\tline break\n');
    expect(reportTime(Date.parse('2026-06-01T10:00:00.123Z'))).toBe('2026-06-01T10:00:00+00:00');
  });
});
