/**
 * The two sides of an ORDER_EDITED_IN_ERP conflict in one shape, so the conflict's view can mark what differs: each
 * line keyed by what a person recognises (the SKU, or the service line's kind: shipping, rounding...), with its
 * quantity and unit price in the order's currency. Pure: the ERP lines were read by the step that raised it.
 */
import { currencyExponent, formatDecimal, formatMinor, parseDecimal, rescale } from '../../../core/money.ts';
import type { MappedLine } from '../mapping/order.mapper.ts';
import type { ErpOrderLine } from '../erp/order-lines.gateway.ts';

/** One line as both sides show it. */
export interface ComparableLine {
  quantity: string;
  priceUnit: string;
}

export type ComparableLines = Record<string, ComparableLine>;

/** A quantity as a person writes it ("2", "0.5"), whatever the ERP's float noise ("2.0"). */
const quantityText = (q: string | number): string => formatDecimal({ units: rescale(parseDecimal(String(q)), 3), scale: 3 }).replace(/\.?0+$/, '') || '0';

const priceText = (amount: string, currency: string): string => formatMinor(rescale(parseDecimal(amount), currencyExponent(currency)), currency);

/** Adds `line` under `label`, or `label (2)`, `label (3)`... when the side has it already. */
function put(side: ComparableLines, label: string, line: ComparableLine): void {
  let key = label;
  for (let n = 2; key in side; n++) key = `${label} (${n})`;
  side[key] = line;
}

const productOf = (l: Pick<MappedLine, 'vals'>): number | null => (typeof l.vals.product_id === 'number' ? l.vals.product_id : null);

/** What a mapped line is called on both sides. */
const labelOf = (l: Pick<MappedLine, 'kind' | 'sku' | 'vals'>): string => (l.kind === 'product' ? (l.sku ?? `product ${productOf(l) ?? '?'}`) : l.kind);

/** Amazon's lines (as the import would write them) and the ERP's (lines at quantity 0 are ones Amazon dropped). */
export function comparableSides(
  amazonLines: readonly Pick<MappedLine, 'kind' | 'sku' | 'quantity' | 'priceUnit' | 'vals'>[],
  erpLines: readonly ErpOrderLine[],
  currency: string,
): { amazon: ComparableLines; erp: ComparableLines } {
  const amazon: ComparableLines = {};
  const labelByProduct = new Map<number, string>();
  for (const l of amazonLines) {
    const label = labelOf(l);
    const product = productOf(l);
    if (product !== null && !labelByProduct.has(product)) labelByProduct.set(product, label);
    put(amazon, label, { quantity: quantityText(l.quantity), priceUnit: priceText(l.priceUnit.amount, currency) });
  }
  const erp: ComparableLines = {};
  for (const l of erpLines) {
    if (quantityText(l.quantity) === '0') continue;
    const label = l.productId === null ? 'line without product' : (labelByProduct.get(l.productId) ?? `product ${l.productId}`);
    put(erp, label, { quantity: quantityText(l.quantity), priceUnit: priceText(l.priceUnit, currency) });
  }
  return { amazon, erp };
}
