import { stdnum } from 'stdnum';
import { describe, expect, it } from 'vitest';
import { createRng } from './prng.ts';
import { isValidVat, makeVatNumber, VAT_COUNTRIES } from './vat-numbers.ts';

describe('VAT numbers', () => {
  it('makes numbers with correct check digits for every country, deterministically', () => {
    const rng = createRng(42);
    for (const cc of VAT_COUNTRIES) {
      for (let i = 0; i < 40; i++) {
        const vat = makeVatNumber(rng, cc);
        expect(vat.slice(0, 2)).toBe(cc);
        expect(isValidVat(vat), vat).toBe(true);
      }
    }
    expect(makeVatNumber(createRng(7), 'FR')).toBe(makeVatNumber(createRng(7), 'FR'));
    // the French key also matches the SIREN it is made of
    const fr = makeVatNumber(createRng(3), 'FR');
    expect(stdnum.FR!.siren!.validate(fr.slice(4)).isValid).toBe(true);
  });

  it('makes invalid ones on request: same country and shape, wrong check digits', () => {
    const rng = createRng(9);
    for (const cc of VAT_COUNTRIES) {
      const vat = makeVatNumber(rng, cc, false);
      expect(vat.slice(0, 2)).toBe(cc);
      expect(isValidVat(vat), vat).toBe(false);
    }
    expect(isValidVat('DE123456788')).toBe(true);
    expect(isValidVat('DE123456789')).toBe(false);
    expect(isValidVat('XX123')).toBe(false);
  });
});
