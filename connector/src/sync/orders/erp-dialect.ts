/** The order lines' version-dependent field names, read from the ERP dialect (erp/dialect.ts: the one table). */
import { dialectFor } from '../../erp/dialect.ts';
import type { ErpVersion } from './mapping/order-map-context.ts';

export interface OrderLineFields {
  /** sale.order.line taxes: `tax_ids` on 19, `tax_id` on 17 and 18. */
  taxes: 'tax_ids' | 'tax_id';
  /** sale.order.line unit: `product_uom_id` on 19, `product_uom` on 17 and 18. */
  uom: 'product_uom_id' | 'product_uom';
}

/** The sale.order.line field names of an Odoo version. */
export function orderLineFields(version: ErpVersion): OrderLineFields {
  const d = dialectFor(version);
  return { taxes: d.saleLineTaxesField, uom: d.saleLineUomField };
}

/** An x2many "replace with exactly these ids" command (Command.set): [] clears the product's default taxes. */
export function setIds(ids: readonly number[]): [[6, 0, number[]]] {
  return [[6, 0, [...ids]]];
}
