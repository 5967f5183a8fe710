/** `write` and `unlink`: one UPDATE for the scalar fields of all ids, x2many commands, `write_date` always moves. */
import { applyInverses, checkKeys } from './create.ts';
import { OdooError, missingRequired, validationError } from './errors.ts';
import { getModel } from './read.ts';
import type { Env, ModelDef, Vals } from './types.ts';
import { toDb } from './values.ts';
import { applyOne2many, resolveMany2many } from './x2many.ts';

const MAGIC = new Set(['create_date', 'write_date', 'create_uid', 'write_uid']);

/**
 * Fails like Odoo when some ids do not exist (any more): Odoo's MissingError (a UserError, 404 over JSON-2), raised
 * when the first missing record's field is read, so the message names that record as Python prints it.
 */
export async function ensureExist(env: Env, model: ModelDef, ids: number[]): Promise<void> {
  const unique = [...new Set(ids)];
  const r = await env.tx.query(`SELECT id FROM ${model.table} WHERE id = ANY($1)`, [unique]);
  if (r.rows.length === unique.length) return;
  const found = new Set(r.rows.map((x) => x.id as number));
  throw missingError(env, model.name, unique.filter((id) => !found.has(id))[0]!);
}

/** Odoo's MissingError for one record, as `fields.__get__` words it. */
export function missingError(env: Env, model: string, id: number): OdooError {
  return new OdooError('odoo.exceptions.MissingError',
    `Record does not exist or has been deleted.\n(Record: ${model}(${id},), User: ${env.uid})`, 404);
}

/** Writes `vals` on every id; returns nothing (the transports answer `true`). */
export async function writeRecords(env: Env, model: ModelDef, ids: number[], vals: Vals): Promise<void> {
  if (vals === null || typeof vals !== 'object' || Array.isArray(vals)) throw validationError('write expects a dictionary');
  checkKeys(model, vals);
  vals = { ...vals };
  applyInverses(model, vals);
  if (ids.length === 0) return;
  await ensureExist(env, model, ids);
  await model.beforeWrite?.(env, ids, vals);
  const sets: string[] = [];
  const params: unknown[] = [ids];
  const m2mRows: Array<{ col: string; values: number[][] }> = [];
  for (const [name, v] of Object.entries(vals)) {
    const f = model.fields[name];
    if (!f || f.compute || f.type === 'one2many' || MAGIC.has(name)) continue;
    if (f.required && (v === false || v === null || v === '')) throw missingRequired(model.description, model.name, f.string, name);
    const col = f.column ?? name;
    if (f.type === 'many2many') {
      const cur = await env.tx.query(`SELECT id, ${col} AS v FROM ${model.table} WHERE id = ANY($1) ORDER BY id`, [ids]);
      const resolved = await resolveMany2many(env, f, cur.rows.map(() => v), cur.rows.map((r) => (r.v as number[]) ?? []));
      m2mRows.push({ col, values: cur.rows.map((r, i) => [r.id as number, ...resolved[i]!]) });
      continue;
    }
    params.push(toDb(model.name, name, f, v));
    sets.push(`${col} = $${params.length}`);
  }
  sets.push(`write_date = sandbox_now()`, `write_uid = ${Number(env.uid)}`);
  await env.tx.query(`UPDATE ${model.table} SET ${sets.join(', ')} WHERE id = ANY($1)`, params);
  for (const { col, values } of m2mRows) {
    await env.tx.query(
      `UPDATE ${model.table} t SET ${col} = (SELECT coalesce(array_agg(x::int ORDER BY o), '{}') FROM jsonb_array_elements_text(v.a -> 'ids') WITH ORDINALITY AS e(x, o))
       FROM (SELECT (e->>'id')::int AS id, e AS a FROM jsonb_array_elements($1::jsonb) e) v WHERE t.id = v.id`,
      [JSON.stringify(values.map(([id, ...rest]) => ({ id, ids: rest })))],
    );
  }
  for (const [name, v] of Object.entries(vals)) {
    const f = model.fields[name];
    if (!f || f.compute || f.type !== 'one2many') continue;
    await applyOne2many(env, getModel(env, f.relation!), f.inverse!, ids, ids.map(() => v));
  }
  await model.afterWrite?.(env, ids, vals);
}

/** Deletes records (the model may refuse first, as Odoo's `_unlink_except_*` checks do). */
export async function unlinkRecords(env: Env, model: ModelDef, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await model.beforeUnlink?.(env, ids);
  try {
    await env.tx.query('SAVEPOINT unlink');
    await env.tx.query(`DELETE FROM ${model.table} WHERE id = ANY($1)`, [ids]);
    await env.tx.query('RELEASE SAVEPOINT unlink');
  } catch (e) {
    await env.tx.query('ROLLBACK TO SAVEPOINT unlink');
    if ((e as { code?: string }).code === '23503') {
      throw validationError(
        'The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\n' +
          `Model: ${model.description} (${model.name})`,
      );
    }
    throw e;
  }
}
