/**
 * The lines of ERP sales orders as a person compares them with Amazon's (product, quantity, unit price): read only
 * when an order became an ORDER_EDITED_IN_ERP conflict, one call for all such orders of a batch.
 */
import type { ErpPort } from '../../../erp/erp-port.ts';
import { decimalText, many2oneId } from './erp-rows.ts';

/** One sale.order.line as read: its product, quantity and unit price (decimal text, the order's currency). */
export interface ErpOrderLine {
  id: number;
  productId: number | null;
  quantity: string;
  priceUnit: string;
}

/** The lines `lineIds` (one call), in the order asked; missing ids are left out. */
export async function readOrderLines(erp: ErpPort, lineIds: readonly number[]): Promise<ErpOrderLine[]> {
  if (!lineIds.length) return [];
  const rows = await erp.read('sale.order.line', lineIds, ['product_id', 'product_uom_qty', 'price_unit']);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return lineIds.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ id, productId: many2oneId(r, 'product_id'), quantity: decimalText(r, 'product_uom_qty'), priceUnit: decimalText(r, 'price_unit') }] : [];
  });
}
