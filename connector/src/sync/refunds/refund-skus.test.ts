import { describe, expect, it } from 'vitest';
import type { CreditLine } from './erp/credit-note.gateway.ts';
import { linesBySku, unitsOnLines } from './refund-skus.ts';

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

describe('unitsOnLines (the refunded units put on the draft\'s lines)', () => {
  const q = (l: CreditLine, quantity: number, priceUnit = 12.9): CreditLine => ({ ...l, quantity, priceUnit });
  it('one line: its units when fewer than invoiced; none left out', () => {
    expect(unitsOnLines([q(line(1, 7, 'A'), 3), q(line(2, 8, 'B'), 1)], new Map([['A', 2]]))).toEqual({ quantities: new Map([[1, 2]]), dropped: [], problems: [] });
  });
  it('two listings of one product in the order (the 3,000-order month\'s FBA order with MUG-CER-BLUE-FBA and MUG-CER-BLUE): one price, the first line credited, the other dropped', () => {
    const lines = linesBySku([q(line(1, 7, 'MUG-CER-BLUE'), 1), q(line(2, 7, 'MUG-CER-BLUE'), 1)], new Map([['MUG-CER-BLUE-FBA', 7]]));
    expect(unitsOnLines(lines, new Map([['MUG-CER-BLUE-FBA', 1]]))).toEqual({ quantities: new Map(), dropped: [2], problems: [] });
    // The merchant SKU refunded (not in the SKU table): its product's reference names both lines alike.
    const plain = [q(line(1, 7, 'MUG-CER-BLUE'), 2), q(line(2, 7, 'MUG-CER-BLUE'), 1)];
    expect(unitsOnLines(plain, new Map([['MUG-CER-BLUE', 3]]))).toEqual({ quantities: new Map(), dropped: [], problems: [] });
    expect(unitsOnLines(plain, new Map([['MUG-CER-BLUE', 1]]))).toEqual({ quantities: new Map([[1, 1]]), dropped: [2], problems: [] });
  });
  it('part of a price (0 units named): the first line kept at 0 units for the price adjustment, as with one line', () => {
    expect(unitsOnLines([q(line(1, 7, 'A'), 1)], new Map([['A', 0]]))).toEqual({ quantities: new Map([[1, 0]]), dropped: [], problems: [] });
    expect(unitsOnLines([q(line(1, 7, 'A'), 1), q(line(2, 7, 'A'), 1)], new Map([['A', 0]]))).toEqual({ quantities: new Map([[1, 0]]), dropped: [2], problems: [] });
  });
  it('what cannot be placed: no line, more units than invoiced, lines of the SKU at different prices', () => {
    const lines = [q(line(1, 7, 'A'), 1), q(line(2, 7, 'A'), 1, 11.5), q(line(3, 8, 'B'), 1)];
    expect(unitsOnLines(lines, new Map([['C', 1], ['B', 2], ['A', 1]])).problems).toEqual(['SKU C: no invoice line', 'SKU B: 2 units refunded, 1 invoiced', 'SKU A: 2 invoice lines at different prices']);
  });
});
