import { describe, expect, it } from 'vitest';
import { classRates } from './tax-class.ts';

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
