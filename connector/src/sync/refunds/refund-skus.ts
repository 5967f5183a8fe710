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

/**
 * The refunded units per SKU put on the draft's lines of that SKU: a line keeps its units (`quantities` when fewer
 * than invoiced), a line of the SKU given none is `dropped`. Two listings of one product (an FBA SKU and a merchant
 * SKU mapped to it, both in the order) make two lines the refund's SKU cannot tell apart: at one unit price they are
 * the same money for a credit note, so the units go on the first ones (the first kept at 0 units: part of a price); at different prices which line was refunded
 * is not known (a problem, as for a SKU with no line or more units than invoiced).
 */
export function unitsOnLines(lines: readonly CreditLine[], units: ReadonlyMap<string, number>): { quantities: Map<number, number>; dropped: number[]; problems: string[] } {
  const quantities = new Map<number, number>();
  const dropped: number[] = [];
  const problems: string[] = [];
  for (const [sku, n] of units) {
    const mine = lines.filter((l) => l.sku === sku);
    const invoiced = mine.reduce((s, l) => s + l.quantity, 0);
    if (!mine.length) problems.push(`SKU ${sku}: no invoice line`);
    else if (mine.some((l) => l.priceUnit !== mine[0]!.priceUnit)) problems.push(`SKU ${sku}: ${mine.length} invoice lines at different prices`);
    else if (invoiced < n) problems.push(`SKU ${sku}: ${n} units refunded, ${invoiced} invoiced`);
    else {
      let left = n;
      for (const [i, l] of mine.entries()) {
        const take = Math.min(left, l.quantity);
        left -= take;
        // The first line stays even at no units: a refund of part of a price names its SKU with 0 units.
        if (take === 0 && i > 0) dropped.push(l.id);
        else if (take !== l.quantity) quantities.set(l.id, take);
      }
    }
  }
  return { quantities, dropped, problems };
}
