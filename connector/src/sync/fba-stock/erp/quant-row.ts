/** One `stock.quant` row as this flow reads it; a field of another type is ERP_PROTOCOL (permanent). */
import { PermanentError } from '../../../core/errors.ts';
import type { ErpRecord } from '../../../erp/erp-port.ts';

export interface QuantRow {
  productId: number;
  locationId: number;
  quantity: number;
}

const bad = (row: ErpRecord, field: string) =>
  new PermanentError('ERP_PROTOCOL', `the ERP's stock.quant ${row.id} has no usable ${field}`, { id: row.id, field });

/** A many2one's id (`[id, "name"]` or a bare id). */
function idOf(row: ErpRecord, field: string): number {
  const v = row[field];
  const id = Array.isArray(v) ? v[0] : v;
  if (Number.isInteger(id)) return id as number;
  throw bad(row, field);
}

/** Reads product, location and quantity (Odoo answers quantities as floats). */
export function quantRow(row: ErpRecord): QuantRow {
  const q = row.quantity;
  if (typeof q !== 'number' || !Number.isFinite(q)) throw bad(row, 'quantity');
  return { productId: idOf(row, 'product_id'), locationId: idOf(row, 'location_id'), quantity: q };
}

/** The quantity alone. */
export function quantQuantity(row: ErpRecord): number {
  const q = row.quantity;
  if (typeof q !== 'number' || !Number.isFinite(q)) throw bad(row, 'quantity');
  return q;
}
