import { describe, expect, it } from 'vitest';
import type { ErpSalesTax } from './erp/reference.gateway.ts';
import { productTaxClasses } from './product-tax-classes.ts';

/** An ERP with products 1 (DE 19 %), 2 (DE 7 %), 3 (a generic 15 %), 4 (none), counting its calls. */
function fakeErp() {
  const productTaxes = new Map([[1, [10]], [2, [11]], [3, [12]], [4, []]]);
  const taxes = new Map<number, ErpSalesTax>([
    [10, { amountType: 'percent', amount: '19.0', countryId: 57 }],
    [11, { amountType: 'percent', amount: '7.0', countryId: 57 }],
    [12, { amountType: 'percent', amount: '15.0', countryId: 57 }],
  ]);
  const calls: string[] = [];
  return {
    calls,
    async productSalesTaxIds(ids: readonly number[]) {
      calls.push(`product.product ${ids.join(',')}`);
      return new Map(ids.flatMap((id) => (productTaxes.has(id) ? [[id, productTaxes.get(id)!] as const] : [])));
    },
    async salesTaxes(ids: readonly number[]) {
      calls.push(`account.tax ${ids.join(',')}`);
      return new Map(ids.flatMap((id) => (taxes.has(id) ? [[id, taxes.get(id)!] as const] : [])));
    },
  };
}
const memory = () => ({ countryIdByCode: new Map([['DE', 57]]), productTaxIds: new Map<number, number[]>(), salesTaxes: new Map<number, ErpSalesTax>() });

describe("products' tax classes from their ERP sales taxes", () => {
  it('classifies each product by its taxes, leaving out those that name no class', async () => {
    const classes = await productTaxClasses(fakeErp(), memory(), [1, 2, 3, 4, 2]);
    expect([...classes]).toEqual([[1, { class: 'standard' }], [2, { class: 'reduced', rates: { DE: '7' } }]]);
  });

  it('reads products and taxes once per batch, and nothing again for what the reference has seen', async () => {
    const erp = fakeErp();
    const ref = memory();
    await productTaxClasses(erp, ref, [1, 2, 1]);
    expect(erp.calls).toEqual(['product.product 1,2', 'account.tax 10,11']);
    await productTaxClasses(erp, ref, [2, 1]);
    expect(erp.calls).toHaveLength(2);
    await productTaxClasses(erp, ref, [3, 1]);
    expect(erp.calls.slice(2)).toEqual(['product.product 3', 'account.tax 12']);
  });
});
