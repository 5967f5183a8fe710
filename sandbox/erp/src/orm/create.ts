/**
 * `create` over a whole `vals_list` at once: defaults and business preparation for every row, one multi-row
 * insert, then the one2many children of all rows in one nested create, then the model's batched after-create.
 */
import { insertRows, nextIds } from '../db/bulk.ts';
import { invalidField, missingRequired, valueError } from './errors.ts';
import { getModel } from './read.ts';
import type { Env, FieldDef, ModelDef, Vals } from './types.ts';
import { toDb } from './values.ts';
import { applyOne2many, resolveMany2many } from './x2many.ts';

/** Values given for writable computed fields (Odoo's `inverse`) go to the stored field behind them. */
export function applyInverses(model: ModelDef, vals: Vals): void {
  for (const [name, f] of Object.entries(model.fields)) {
    if (!f.compute || !f.inverseWrite || vals[name] === undefined) continue;
    vals[f.inverseWrite] = vals[name]!;
    delete vals[name];
  }
}

/** Checks every key of `vals` is a field of the model (Odoo's ValueError otherwise). */
export function checkKeys(model: ModelDef, vals: Vals): void {
  for (const k of Object.keys(vals)) {
    if (k === 'id' || k === 'display_name') continue;
    if (!model.fields[k]) throw invalidField(model.name, k);
  }
}

/** The required-field check, with Odoo's message for the first missing field. */
export function checkRequired(model: ModelDef, vals: Vals): void {
  for (const [name, f] of Object.entries(model.fields)) {
    if (!f.required || f.compute) continue;
    const v = vals[name];
    if (v === undefined || v === null || v === false || v === '') throw missingRequired(model.description, model.name, f.string, name);
  }
}

/** Creates one record per vals dict; returns the new ids in the same order. */
export async function createRecords(env: Env, model: ModelDef, valsList: Vals[]): Promise<number[]> {
  if (!Array.isArray(valsList)) throw valueError('create expects a list of dictionaries');
  const rows: Vals[] = valsList.map((v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw valueError(`Invalid values ${JSON.stringify(v)}`);
    checkKeys(model, v);
    return { ...v };
  });
  if (rows.length === 0) return [];
  for (const row of rows) applyInverses(model, row);
  // business preparation first (it fills what depends on other records), plain field defaults after
  await model.prepareCreate?.(env, rows);
  for (const [name, f] of Object.entries(model.fields)) {
    if (f.default === undefined) continue;
    for (const row of rows) {
      // Odoo's `default=lambda self: self.env.company`: the call's current company (allowed_company_ids[0])
      if (row[name] === undefined && name === 'company_id' && f.relation === 'res.company') row[name] = env.companyId;
      else if (row[name] === undefined) row[name] = typeof f.default === 'function' ? await f.default(env) : f.default;
    }
  }
  for (const row of rows) checkRequired(model, row);

  const ids = await nextIds(env.tx, model.table, rows.length);
  const storedNames = Object.entries(model.fields).filter(([, f]) => isColumn(f)).map(([n]) => n)
    .filter((n) => rows.some((r) => r[n] !== undefined));
  const m2m = new Map<string, number[][]>();
  for (const n of storedNames) {
    const f = model.fields[n]!;
    if (f.type === 'many2many') m2m.set(n, await resolveMany2many(env, f, rows.map((r) => r[n]), rows.map(() => [])));
  }
  const columns = ['id', ...storedNames.map((n) => model.fields[n]!.column ?? n)];
  const values = rows.map((row, i) => [
    ids[i],
    ...storedNames.map((n) => (m2m.has(n) ? m2m.get(n)![i] : toDb(model.name, n, model.fields[n]!, row[n] ?? null))),
  ]);
  await insertRows(env.tx, model.table, columns, values);

  for (const [name, f] of Object.entries(model.fields)) {
    if (f.type !== 'one2many' || f.compute) continue;
    const cmds = rows.map((r) => r[name]);
    if (cmds.every((c) => c === undefined || c === false)) continue;
    await applyOne2many(env, getModel(env, f.relation!), f.inverse!, ids, cmds);
  }
  await model.afterCreate?.(env, ids, rows);
  return ids;
}

function isColumn(f: FieldDef): boolean {
  return !f.compute && f.type !== 'one2many';
}

