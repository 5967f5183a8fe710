import { describe, expect, it } from 'vitest';
import { parseSkuCsv, skuCsv } from './sku-csv.ts';

describe('the SKU table as CSV', () => {
  it('reads sku,product_id or sku,default_code files with their line numbers, ignoring other columns', () => {
    expect(parseSkuCsv('\uFEFFSKU,Product_ID,product_name\nA-1,12,Mug\n\n"B,2", 7 ,\n')).toEqual({
      by: 'product_id',
      rows: [{ line: 2, sku: 'A-1', value: '12' }, { line: 4, sku: 'B,2', value: '7' }],
    });
    expect(parseSkuCsv('sku,default_code\nA-1,MUG-1\nA-2\n').rows).toEqual([{ line: 2, sku: 'A-1', value: 'MUG-1' }, { line: 3, sku: 'A-2', value: '' }]);
  });

  it('refuses a file that is not CSV or has no usable header, naming the line', () => {
    expect(() => parseSkuCsv('')).toThrow(expect.objectContaining({ code: 'CSV_INVALID' }));
    expect(() => parseSkuCsv('name,price\nx,1\n')).toThrow(expect.objectContaining({ code: 'CSV_INVALID', details: { line: 1 } }));
    expect(() => parseSkuCsv('sku,product_id\n"A-1,12\n')).toThrow(expect.objectContaining({ code: 'CSV_INVALID' }));
  });

  it('writes every SKU, free text starting like a formula quoted, and reads its own export back', () => {
    const text = skuCsv([
      { sku: 'A-1', asin: 'B000000001', title: '=HYPERLINK("x")', lastOrderId: null, lastSeenAt: '2026-12-01T00:00:00.000Z', product: { id: 12, name: '[MUG] Mug' }, matchedBy: 'hand', waitingOrders: 0 },
      { sku: 'B,2', asin: null, title: null, lastOrderId: null, lastSeenAt: '2026-12-01T00:00:00.000Z', product: null, matchedBy: null, waitingOrders: 3 },
    ]);
    expect(text.split('\n')[1]).toBe(`A-1,12,[MUG] Mug,hand,B000000001,"'=HYPERLINK(""x"")",2026-12-01T00:00:00.000Z,0`);
    expect(parseSkuCsv(text).rows).toEqual([{ line: 2, sku: 'A-1', value: '12' }, { line: 3, sku: 'B,2', value: '' }]);
  });
});
