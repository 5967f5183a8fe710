import { describe, expect, it } from 'vitest';
import { readMark } from './mark.ts';

describe('the mark of a credit note for Amazon', () => {
  it('reads the reason after the prefix, wherever the wizard put it', () => {
    expect(readMark('Reversal of: INV/2026/00012, AMAZON:CustomerReturn', 'AMAZON:')).toEqual({ marked: true, reason: 'CustomerReturn' });
    expect(readMark('amazon: PriceError', 'AMAZON:')).toEqual({ marked: true, reason: 'PriceError' });
    expect(readMark('AMZ-REFUND:Other', 'AMZ-REFUND:')).toEqual({ marked: true, reason: 'Other' });
  });
  it('an unknown or missing reason is a mark without a reason (a conflict, never a guess)', () => {
    expect(readMark('AMAZON:customerreturn', 'AMAZON:')).toEqual({ marked: true, reason: null, written: 'customerreturn' });
    expect(readMark('AMAZON:', 'AMAZON:')).toEqual({ marked: true, reason: null, written: '' });
  });
  it('no mark: goodwill and correction notes, and the connector\'s own credit notes', () => {
    expect(readMark('Reversal of: INV/2026/00012, goodwill', 'AMAZON:')).toEqual({ marked: false });
    expect(readMark('Reversal of: INV/2026/00012, Amazon refund R000000042', 'AMAZON:')).toEqual({ marked: false });
    expect(readMark('XAMAZON:CustomerReturn', 'AMAZON:')).toEqual({ marked: false });
    expect(readMark(null, 'AMAZON:')).toEqual({ marked: false });
  });
});
