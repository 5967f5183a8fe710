/**
 * Typed reads of the fields of an ERP row (`ErpRecord` is `{ id } & Record<string, unknown>`). The gateways use
 * these so the steps never see an untyped row; a field of the wrong type means the ERP answered something the
 * connector does not understand (a module changed the field, a proxy mangled the answer): ERP_PROTOCOL, permanent.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { ErpRecord } from '../../../erp/erp-port.ts';

function wrong(row: ErpRecord, field: string, wanted: string): PermanentError {
  return new PermanentError('ERP_PROTOCOL', `the ERP's field ${field} of record ${row.id} is not ${wanted}`, { id: row.id, field, type: typeof row[field] });
}

/** A char/selection/datetime field; Odoo's `false` (empty) is refused. */
export function text(row: ErpRecord, field: string): string {
  const v = row[field];
  if (typeof v !== 'string') throw wrong(row, field, 'a text');
  return v;
}

/** A char field that may be empty (`false` in Odoo): null then. */
export function optionalText(row: ErpRecord, field: string): string | null {
  const v = row[field];
  if (v === false || v === null || v === undefined) return null;
  if (typeof v !== 'string') throw wrong(row, field, 'a text');
  return v;
}

/** A monetary/float field as decimal text (what core/money parses). */
export function decimalText(row: ErpRecord, field: string): string {
  const v = row[field];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return v;
  throw wrong(row, field, 'a number');
}

/** A one2many/many2many field: its ids (an absent field reads as none). */
export function idList(row: ErpRecord, field: string): number[] {
  const v = row[field];
  if (v === undefined || v === false) return [];
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x))) throw wrong(row, field, 'a list of ids');
  return v as number[];
}

/** A many2one field (`[id, "name"]` or `false`): its id, or null. */
export function many2oneId(row: ErpRecord, field: string): number | null {
  const v = row[field];
  if (v === false || v === null || v === undefined) return null;
  if (Array.isArray(v) && Number.isInteger(v[0])) return v[0] as number;
  if (Number.isInteger(v)) return v as number;
  throw wrong(row, field, 'a many2one');
}
