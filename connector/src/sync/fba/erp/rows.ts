/** Typed reads of the ERP fields this flow uses; a field of another type is ERP_PROTOCOL (permanent). */
import { PermanentError } from '../../../core/errors.ts';
import type { ErpRecord } from '../../../erp/erp-port.ts';

/** A many2one (`[id, "name"]`, a bare id, or `false`): its id, or null. */
export function m2o(row: ErpRecord, field: string): number | null {
  const v = row[field];
  if (v === false || v === null || v === undefined) return null;
  if (Array.isArray(v) && Number.isInteger(v[0])) return v[0] as number;
  if (Number.isInteger(v)) return v as number;
  throw new PermanentError('ERP_PROTOCOL', `the ERP's field ${field} of record ${row.id} is not a many2one`, { id: row.id, field });
}

/** A float field as a number (quantities: Odoo answers floats). */
export function num(row: ErpRecord, field: string): number {
  const v = row[field];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new PermanentError('ERP_PROTOCOL', `the ERP's field ${field} of record ${row.id} is not a number`, { id: row.id, field });
}

/** A char/selection field ('' for Odoo's `false`). */
export function str(row: ErpRecord, field: string): string {
  const v = row[field];
  return typeof v === 'string' ? v : '';
}
