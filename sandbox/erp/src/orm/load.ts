/**
 * Odoo's `load(fields, data)` (models.py `BaseModel.load`, the import's entry point): a matrix of text cells, one
 * column per field, converted as the import converts them (`ir.fields.converter`). A row with a database id in the
 * column `.id` updates that record (`_load_records` -> `_load_records_write`, a `write` per record); a row without
 * one creates a record. Problems are answered, not raised: `{ids: false, messages: [...]}` and nothing is kept (the
 * savepoint is rolled back) when any row has an error; `{ids: [...], messages: [], nextrow: 0}` otherwise.
 *
 * Emulated columns: `.id` and the model's scalar fields (char, text, html, integer, float, monetary, boolean,
 * selection, date, datetime). Datetimes are read in the context's `tz`, else the user's, else UTC, and stored in UTC
 * (`_input_tz`, `_str_to_datetime`). Not emulated (refused with a ValueError naming the sandbox): external ids (`id`,
 * `field/id`), relational columns and sub-field paths.
 */
import { createRecords } from './create.ts';
import { OdooError, valueError } from './errors.ts';
import { searchIds } from './read.ts';
import type { Env, FieldDef, Json, ModelDef, Vals } from './types.ts';
import { writeRecords } from './write.ts';

/** One of `load`'s messages, as Odoo words them (`rows` counts from 0, `record` is the row's index). */
export interface LoadMessage {
  type: 'error' | 'warning';
  message: string;
  record: number;
  rows: { from: number; to: number };
  field: string;
  moreinfo?: string;
  field_name?: string;
}

const SCALAR = new Set(['char', 'text', 'html', 'integer', 'float', 'monetary', 'boolean', 'selection', 'date', 'datetime']);
const TRUE_WORDS = new Set(['1', 'true', 'yes']);
const FALSE_WORDS = new Set(['0', 'false', 'no']);

/** A cell refused by the converter: Odoo's message with `%(field)s` still to fill with the field's label. */
class CellError extends Error {
  readonly moreinfo: string | undefined;
  readonly warning: boolean;
  constructor(message: string, moreinfo?: string, warning = false) {
    super(message);
    this.moreinfo = moreinfo;
    this.warning = warning;
  }
}

export async function loadRecords(env: Env, model: ModelDef, fieldsArg: Json | undefined, dataArg: Json | undefined): Promise<Json> {
  const fields = stringList(fieldsArg, 'fields');
  const data = rows(dataArg);
  for (const name of fields) {
    if (name === '.id') continue;
    if (name === 'id' || name.includes('/') || name.includes(':')) {
      throw valueError(`The ERP sandbox does not emulate load() columns of external ids or sub-fields: '${name}'`);
    }
    const f = model.fields[name];
    if (!f) throw valueError(`Invalid field name '${name}'`);
    if (!SCALAR.has(f.type) || f.compute) throw valueError(`The ERP sandbox does not emulate load() of the ${f.type} field '${name}'`);
  }
  const tz = await inputTz(env);
  const messages: LoadMessage[] = [];
  const parsed: Array<{ id: number | null; vals: Vals }> = [];
  for (const [index, row] of data.entries()) {
    const at = { record: index, rows: { from: index, to: index } };
    let id: number | null = null;
    const vals: Vals = {};
    for (const [col, name] of fields.entries()) {
      const cell = row[col] ?? false;
      if (name === '.id') {
        if (cell === undefined || cell === null || cell === '' || cell === false) continue;
        id = await existingId(env, model, cell);
        if (id === null) messages.push({ ...at, type: 'error', field: '.id', message: `Unknown database identifier '${String(cell)}'` });
        continue;
      }
      const f = model.fields[name]!;
      try {
        vals[name] = await convert(env, model, name, f, cell, tz);
      } catch (e) {
        if (!(e instanceof CellError)) throw e;
        const message = e.message.replace('%(field)s', f.string);
        if (e.warning) vals[name] = true;
        messages.push({ ...at, type: e.warning ? 'warning' : 'error', field: name, message, field_name: f.string, ...(e.moreinfo ? { moreinfo: e.moreinfo } : {}) });
      }
    }
    parsed.push({ id, vals });
  }
  if (messages.some((m) => m.type === 'error')) return { ids: false, messages: messages as unknown as Json, nextrow: 0 };
  await env.tx.query('SAVEPOINT load');
  let batchError: OdooError;
  try {
    const ids = await store(env, model, parsed);
    await env.tx.query('RELEASE SAVEPOINT load');
    return { ids, messages: messages as unknown as Json, nextrow: 0 };
  } catch (e) {
    if (!isUserError(e)) throw e;
    await env.tx.query('ROLLBACK TO SAVEPOINT load');
    batchError = e;
  }
  // Odoo's flush tries again record by record to tell which rows failed, then rolls everything back
  for (const [index, row] of parsed.entries()) {
    try {
      await store(env, model, [row]);
    } catch (e) {
      if (!isUserError(e)) throw e;
      messages.push({ type: 'error', message: e.message, record: index, rows: { from: index, to: index }, field: '' });
    }
    await env.tx.query('ROLLBACK TO SAVEPOINT load');
  }
  if (!messages.length) messages.push({ type: 'error', message: batchError.message, record: 0, rows: { from: 0, to: 0 }, field: '' });
  await env.tx.query('RELEASE SAVEPOINT load');
  return { ids: false, messages: messages as unknown as Json, nextrow: 0 };
}

/** Odoo's UserError and its subclasses (ValidationError, AccessError, MissingError): load reports them per row. */
function isUserError(e: unknown): e is OdooError {
  return e instanceof OdooError && e.odooName.startsWith('odoo.exceptions.');
}

/**
 * Writes the rows with an id (Odoo writes them one by one; rows with the same values share one write here, the
 * same effect) and creates the others in one batch; the ids in row order.
 */
async function store(env: Env, model: ModelDef, parsed: Array<{ id: number | null; vals: Vals }>): Promise<number[]> {
  const groups = new Map<string, { vals: Vals; ids: number[] }>();
  for (const { id, vals } of parsed) {
    if (id === null) continue;
    const key = JSON.stringify(vals);
    const g = groups.get(key) ?? { vals, ids: [] };
    g.ids.push(id);
    groups.set(key, g);
  }
  for (const { vals, ids } of groups.values()) await writeRecords(env, model, ids, vals);
  const toCreate = parsed.filter((p) => p.id === null);
  const created = toCreate.length ? await createRecords(env, model, toCreate.map((p) => p.vals)) : [];
  let next = 0;
  return parsed.map((p) => p.id ?? created[next++]!);
}

/** `_convert_records`: the `.id` must name a record the user can see (`search([('id', '=', dbid)])`). */
async function existingId(env: Env, model: ModelDef, cell: Json): Promise<number | null> {
  const id = typeof cell === 'number' ? cell : Number.parseInt(String(cell), 10);
  if (!Number.isInteger(id) || String(id) !== String(cell).trim()) return null;
  const found = await searchIds(env, model, [['id', '=', id]], {});
  return found.length ? id : null;
}

/** `ir.fields.converter`'s `_str_to_<type>` for one cell (an empty cell is false). */
async function convert(env: Env, model: ModelDef, name: string, f: FieldDef, cell: Json, tz: string): Promise<Json> {
  if (cell === null || cell === false || cell === '' || cell === undefined) return false;
  const text = String(cell);
  switch (f.type) {
    case 'char': case 'text': case 'html':
      return text;
    case 'integer':
      if (!/^\s*-?\d+\s*$/.test(text)) throw new CellError(`'${text}' does not seem to be an integer for field '%(field)s'`);
      return Number.parseInt(text, 10);
    case 'float': case 'monetary':
      if (!/^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(text)) throw new CellError(`'${text}' does not seem to be a number for field '%(field)s'`);
      return Number(text);
    case 'boolean': {
      const word = text.toLowerCase();
      if (TRUE_WORDS.has(word)) return true;
      if (FALSE_WORDS.has(word)) return false;
      throw new CellError(`Unknown value '${text}' for boolean field '%(field)s'`, "Use '1' for yes and '0' for no", true);
    }
    case 'selection': {
      const hit = (f.selection ?? []).find(([key, label]) => key === text || label.toLowerCase() === text.toLowerCase());
      if (!hit) throw new CellError(`Value '${text}' not found in selection field '%(field)s'`, (f.selection ?? []).map(([, l]) => l).join(', '));
      return hit[0];
    }
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !validDay(text)) {
        throw new CellError(`'${text}' does not seem to be a valid date for field '%(field)s'`, "Use the format '2012-12-31'");
      }
      return text;
    case 'datetime': {
      const m = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2}))?$/.exec(text);
      if (!m || !validDay(m[1]!) || (m[2] !== undefined && !/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(m[2]))) {
        throw new CellError(`'${text}' does not seem to be a valid datetime for field '%(field)s'`, "Use the format '2012-12-31 23:59:59'");
      }
      const local = `${m[1]} ${m[2] ?? '00:00:00'}`;
      if (tz === 'UTC') return local;
      // the naive time is in `tz`: PostgreSQL's zone rules give its UTC time (DST included)
      const r = await env.tx.query(`SELECT to_char(($1::timestamp AT TIME ZONE $2) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS utc`, [local, tz]);
      return r.rows[0].utc as string;
    }
  }
  throw valueError(`The ERP sandbox does not emulate load() of the ${f.type} field '${model.name}.${name}'`);
}

function validDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

/** `_input_tz`: the context's `tz` if it is a known zone, else the user's, else UTC. */
async function inputTz(env: Env): Promise<string> {
  const candidates = [env.context.tz];
  if (!knownZone(env.context.tz)) candidates.push((await env.tx.query('SELECT tz FROM res_users WHERE id = $1', [env.uid])).rows[0]?.tz as Json);
  const tz = candidates.find(knownZone);
  return typeof tz === 'string' ? tz : 'UTC';
}

/** An IANA zone name (pytz's and PostgreSQL's names are the same database). */
function knownZone(tz: Json | undefined): boolean {
  if (typeof tz !== 'string' || !tz) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function stringList(v: Json | undefined, what: string): string[] {
  if (v === undefined) throw valueError(`load() missing 1 required positional argument: '${what}'`);
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw valueError(`load(): '${what}' must be a list of field names`);
  return v as string[];
}

function rows(v: Json | undefined): Json[][] {
  if (v === undefined) throw valueError("load() missing 1 required positional argument: 'data'");
  if (!Array.isArray(v) || !v.every((r) => Array.isArray(r))) throw valueError("load(): 'data' must be a list of rows");
  return v as Json[][];
}
