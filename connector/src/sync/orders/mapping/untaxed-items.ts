/**
 * What an untaxed item (tax 0.00, or no TAX breakdown) means, decided by the order's VAT regime:
 * - export, intra-EU reverse charge: a real 0 %; sales tax: no tax (left as read);
 * - domestic, OSS, foreign VAT, deemed supplier: VAT is owed on the sale, so the amounts are VAT-inclusive gross
 *   whose tax Amazon left out (the model's UK and JP examples): the rate comes from the regime, the destination
 *   and the product's tax class (inclusive-rate.ts), and the tax is taken out of the gross the way the ERP's
 *   price-included tax will compute it, so the ERP's total is Amazon's. Under deemed supplier that tax is the VAT
 *   Amazon withheld: recorded, never billed.
 * The product's tax class: the SKU's `tax_class_map` row, else the ERP product's own sales tax, else the `*` row.
 */
import type { OrderItem } from '../../../amazon/models/orders-v2026.ts';
import { ZERO_RATED_REGIMES, type TaxClass } from '../../../core/vat/index.ts';
import { COMPONENTS, withIncludedTax, type ItemAmounts } from './item-amounts.ts';
import { inclusiveRate } from './inclusive-rate.ts';
import type { OrderMapContext, ProblemList } from './order-map-context.ts';
import type { OrderVat } from './order-vat.ts';

/** The item's amounts with the tax of an untaxed VAT-inclusive gross taken out; as read when nothing is owed. */
export function settleUntaxed(a: ItemAmounts, item: OrderItem, vat: OrderVat | null, ctx: OrderMapContext, problems: ProblemList): ItemAmounts {
  if (a.shape !== 'untaxed' || !vat) return a;
  if (ZERO_RATED_REGIMES.has(vat.regime) || vat.regime === 'sales_tax') return a;
  if (COMPONENTS.every((c) => a.net[c] === 0n)) return a;
  const sku = item.product.sellerSku;
  const taxClass = productTaxClass(sku, ctx);
  const decided = inclusiveRate(vat.regime, vat.shipTo, taxClass, ctx.taxes.ratesFor(vat.regime, vat.shipTo));
  if ('undecided' in decided) {
    // A SKU without an ERP product is already SKU_UNMAPPED, and its class may come from the product once mapped:
    // one conflict for one cause; the rate is decided again on the retry.
    const unmapped = sku === undefined || !ctx.productIdBySku.has(sku);
    if (unmapped && item.quantityOrdered > 0) return { ...a, rateUndecided: true };
    problems.add(
      'TAX_RATE_UNDECIDED',
      `Item ${item.orderItemId} (SKU ${sku ?? '(none)'}): Amazon gave its VAT-inclusive amount without the tax, and ${decided.undecided}: set the product's sales tax in the ERP (its standard or reduced VAT), or give the SKU a tax_class_map row`,
      { regime: vat.regime, countryCode: vat.shipTo, sku: sku ?? null, orderItemId: item.orderItemId, taxClass: taxClass?.class ?? null },
      `TAX_RATE_UNDECIDED:${vat.regime}|${vat.shipTo}|${sku}`,
    );
    return { ...a, rateUndecided: true };
  }
  return withIncludedTax(a, decided.rate);
}

/**
 * The SKU's tax class: its own `tax_class_map` row (the seller's explicit word wins), else what the mapped ERP
 * product's sales taxes say, else the `*` row.
 */
function productTaxClass(sku: string | undefined, ctx: OrderMapContext): TaxClass | undefined {
  const own = sku === undefined ? undefined : ctx.taxClasses?.get(sku);
  if (own) return own;
  const productId = sku === undefined ? undefined : ctx.productIdBySku.get(sku);
  const fromErp = productId === undefined ? undefined : ctx.productTaxClasses?.get(productId);
  return fromErp ?? ctx.taxClasses?.get('*');
}
