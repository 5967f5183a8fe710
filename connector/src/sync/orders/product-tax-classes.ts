/**
 * The tax class each product's own ERP sales taxes say (core/vat `classOfSalesTaxes`), for a batch's products: the
 * class of an SKU without its own tax_class_map row. The products' `taxes_id` and those account.tax rows are read
 * once for what the reference entry has not seen yet (at most one call each per batch, none once known), never
 * per order; a product whose taxes name no class is left out.
 */
import { classOfSalesTaxes, type TaxClass } from '../../core/vat/index.ts';
import type { ReferenceGateway } from './erp/reference.gateway.ts';
import type { OrderReference } from './reference-cache.ts';

type TaxReads = Pick<ReferenceGateway, 'productSalesTaxIds' | 'salesTaxes'>;
type TaxMemory = Pick<OrderReference, 'countryIdByCode' | 'productTaxIds' | 'salesTaxes'>;

/** Product id -> its class, for those of `productIds` whose sales taxes name one. */
export async function productTaxClasses(erp: TaxReads, ref: TaxMemory, productIds: Iterable<number>): Promise<Map<number, TaxClass>> {
  const ids = [...new Set(productIds)];
  const unread = ids.filter((id) => !ref.productTaxIds.has(id));
  if (unread.length) for (const [id, taxIds] of await erp.productSalesTaxIds(unread)) ref.productTaxIds.set(id, taxIds);
  const taxIds = [...new Set(ids.flatMap((id) => ref.productTaxIds.get(id) ?? []))].filter((t) => !ref.salesTaxes.has(t));
  if (taxIds.length) for (const [id, tax] of await erp.salesTaxes(taxIds)) ref.salesTaxes.set(id, tax);
  const codeById = new Map([...ref.countryIdByCode].map(([code, id]) => [id, code]));
  const classes = new Map<number, TaxClass>();
  for (const id of ids) {
    const taxes = (ref.productTaxIds.get(id) ?? []).map((t) => ref.salesTaxes.get(t));
    // a tax the ERP did not return (deleted, another company's) leaves the product without a class
    if (taxes.some((t) => t === undefined)) continue;
    const tc = classOfSalesTaxes(taxes.map((t) => ({
      amountType: t!.amountType, amount: t!.amount, country: t!.countryId === null ? null : (codeById.get(t!.countryId) ?? null),
    })));
    if (tc) classes.set(id, tc);
  }
  return classes;
}
