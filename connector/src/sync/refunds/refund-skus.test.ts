import { describe, expect, it } from 'vitest';
import type { CreditLine } from './erp/credit-note.gateway.ts';
import { linesBySku } from './refund-skus.ts';

const line = (id: number, productId: number | null, sku: string | null): CreditLine => ({ id, productId, sku, quantity: 1, priceUnit: 10, priceTotal: 11.9, displayType: 'product' });

describe('linesBySku (credit note lines named by the refund\'s Amazon SKUs)', () => {
  it('a line of a mapped SKU\'s product is that SKU\'s, whatever its internal reference', () => {
    const out = linesBySku([line(1, 7, 'MUG-CER-BLUE'), line(2, 8, 'TEA-GREEN')], new Map([['MUG-CER-BLUE-FBA', 7]]));
    expect(out.map((l) => l.sku)).toEqual(['MUG-CER-BLUE-FBA', 'TEA-GREEN']);
  });
  it('a product whose reference is a mapped SKU is not that SKU\'s (the table names the product)', () => {
    const out = linesBySku([line(1, 9, 'MUG-CER-BLUE-FBA'), line(2, 7, 'MUG-CER-BLUE')], new Map([['MUG-CER-BLUE-FBA', 7]]));
    expect(out.map((l) => l.sku)).toEqual([null, 'MUG-CER-BLUE-FBA']);
  });
  it('no mapping: the lines as they are', () => {
    expect(linesBySku([line(1, 7, 'A'), line(2, null, null)], new Map()).map((l) => l.sku)).toEqual(['A', null]);
  });
});
