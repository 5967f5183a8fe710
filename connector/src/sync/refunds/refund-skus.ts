/**
 * A credit note's lines named by the Amazon SKUs of the refund. A line's product is the SKU's when the backend's SKU
 * table maps the SKU to it (an FBA listing's SKU, say `MUG-CER-BLUE-FBA`, sold as the ERP's `MUG-CER-BLUE`), else
 * when the product's internal reference is the SKU: the same rule the orders import used to choose the product.
 */
import type { TaskEnv } from '../frame/task-env.ts';
import type { CreditLine } from './erp/credit-note.gateway.ts';
import type { RefundDocument } from './refund-document.ts';

/** The SKU table's rows of the refund's SKUs: SKU -> ERP product id. */
export async function mappedProducts(env: Pick<TaskEnv, 'core'>, backendId: number, doc: RefundDocument): Promise<Map<string, number>> {
  const skus = [...new Set(doc.items.map((i) => i.sku).filter((s): s is string => s !== null))];
  if (!skus.length) return new Map();
  const rows = await env.core.lookups.getMany<{ productId: number }>(backendId, 'sku_map', skus);
  return new Map([...rows].map(([sku, v]) => [sku, v.productId]));
}

/** The lines with `sku` set to the refunded SKU their product stands for (unchanged where none maps to it). */
export function linesBySku(lines: readonly CreditLine[], productBySku: ReadonlyMap<string, number>): CreditLine[] {
  if (!productBySku.size) return [...lines];
  const skuByProduct = new Map([...productBySku].map(([sku, id]) => [id, sku]));
  const mappedSkus = new Set(productBySku.keys());
  return lines.map((l) => {
    const sku = l.productId === null ? undefined : skuByProduct.get(l.productId);
    if (sku !== undefined) return { ...l, sku };
    // A product whose reference happens to be a mapped SKU is not that SKU's (the table says which product is).
    return l.sku !== null && mappedSkus.has(l.sku) ? { ...l, sku: null } : l;
  });
}
