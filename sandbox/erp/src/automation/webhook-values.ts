/**
 * The values a webhook sends: Odoo's `record.read(fields, load=None)` (many2one as a bare id, `id` included, empty
 * values `false`), serialised by `json.dumps(..., default=str)`: dates and datetimes as Python's `str()` prints
 * them (microseconds included when there are some), floats as Python floats. Stored fields come from a row
 * snapshot (the record as it was when its state changed), the others are read now.
 */
import { readRecords } from '../orm/read.ts';
import type { Env, FieldDef, Json, ModelDef } from '../orm/types.ts';
import { PyFloat, type PyValue } from './python-json.ts';

/** A row as `to_jsonb(table_row)` gives it: column name -> JSON value. */
export type RowSnapshot = Record<string, Json>;

/** Python's `str(datetime)` of a PostgreSQL timestamp in JSON ("2026-12-01T10:53:13.41" -> "2026-12-01 10:53:13.410000"). */
export function pyDatetimeStr(v: string): string {
  const [day, time = '00:00:00'] = v.replace('T', ' ').split(' ') as [string, string?];
  const [hms, frac] = time.split('.') as [string, string?];
  const micros = (frac ?? '').padEnd(6, '0').slice(0, 6);
  return /^0*$/.test(micros) ? `${day} ${hms}` : `${day} ${hms}.${micros}`;
}

/** One stored column's value as `read(load=None)` + `default=str` make it. */
function fromSnapshot(f: FieldDef, v: Json | undefined): PyValue {
  const empty = v === null || v === undefined;
  switch (f.type) {
    case 'many2one': return empty ? false : Number(v);
    case 'integer': return empty ? 0 : Number(v);
    case 'float': case 'monetary': return new PyFloat(empty ? 0 : Number(v));
    case 'boolean': return v === true;
    case 'many2many': return Array.isArray(v) ? (v as number[]) : [];
    case 'datetime': return empty ? false : pyDatetimeStr(String(v));
    case 'date': return empty ? false : String(v).slice(0, 10);
    default: return empty ? false : (v as PyValue);
  }
}

/** A value `readRecords` answered, turned into `load=None`'s shape (many2one pairs to ids, floats marked). */
function fromRead(f: FieldDef, v: Json | undefined): PyValue {
  if (f.type === 'many2one') return Array.isArray(v) ? (v[0] as number) : false;
  if ((f.type === 'float' || f.type === 'monetary') && typeof v === 'number') return new PyFloat(v);
  if (f.type === 'datetime' && typeof v === 'string') return pyDatetimeStr(v);
  return (v ?? false) as PyValue;
}

/** `read(names, load=None)[0]` of one record: stored fields from `row`, computed and one2many fields read now. */
export async function webhookValues(env: Env, model: ModelDef, id: number, row: RowSnapshot, names: string[]): Promise<Record<string, PyValue>> {
  const out: Record<string, PyValue> = { id };
  const live = names.filter((n) => {
    const f = model.fields[n];
    return n === 'display_name' || (f && (f.compute || f.type === 'one2many'));
  });
  const read = live.length ? (await readRecords(env, model, [id], live))[0] ?? {} : {};
  for (const n of names) {
    if (n === 'id') continue;
    if (n === 'display_name') {
      out[n] = (read[n] ?? false) as PyValue;
      continue;
    }
    const f = model.fields[n];
    if (!f) continue;
    out[n] = live.includes(n) ? fromRead(f, read[n]) : fromSnapshot(f, row[f.column ?? n]);
  }
  return out;
}

/** The record's current row, as the snapshot `webhookValues` reads (null when it does not exist). */
export async function currentRow(env: Env, model: ModelDef, id: number): Promise<RowSnapshot | null> {
  const r = await env.tx.query(`SELECT to_jsonb(t) AS row FROM ${model.table} t WHERE t.id = $1`, [id]);
  return (r.rows[0]?.row as RowSnapshot | undefined) ?? null;
}
