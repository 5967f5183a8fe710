/**
 * Odoo's x2many commands: `[0,0,vals]` create, `[1,id,vals]` update, `[2,id]` delete, `[3,id]` unlink,
 * `[4,id]` link, `[5]` clear, `[6,0,ids]` replace. Applied for many parents at once (one nested create).
 */
import { createRecords } from './create.ts';
import { valueError } from './errors.ts';
import { getModel } from './read.ts';
import type { Env, FieldDef, Json, ModelDef, Vals } from './types.ts';
import { unlinkRecords, writeRecords } from './write.ts';

function commands(v: Json | undefined): Json[][] {
  if (v === undefined || v === false || v === null) return [];
  if (!Array.isArray(v)) throw valueError(`Invalid x2many value ${JSON.stringify(v)}`);
  // a bare id list means "replace with these" (accepted by Odoo for many2many)
  if (v.every((x) => typeof x === 'number')) return [[6, 0, v]];
  return v.map((c) => {
    if (!Array.isArray(c) || typeof c[0] !== 'number') throw valueError(`Invalid x2many command ${JSON.stringify(c)}`);
    return c;
  });
}

/** Applies one2many commands for each parent (`cmdsPerParent[i]` belongs to `parentIds[i]`). */
export async function applyOne2many(
  env: Env, child: ModelDef, inverse: string, parentIds: number[], cmdsPerParent: Array<Json | undefined>,
): Promise<void> {
  const toCreate: Vals[] = [];
  const invCol = child.fields[inverse]!.column ?? inverse;
  for (let i = 0; i < parentIds.length; i++) {
    for (const c of commands(cmdsPerParent[i])) {
      const [code, id, vals] = c;
      switch (code) {
        case 0: toCreate.push({ ...(vals as Vals), [inverse]: parentIds[i]! }); break;
        case 1: await writeRecords(env, child, [id as number], vals as Vals); break;
        case 2: await unlinkRecords(env, child, [id as number]); break;
        case 3: await env.tx.query(`UPDATE ${child.table} SET ${invCol} = NULL WHERE id = $1`, [id]); break;
        case 4: await env.tx.query(`UPDATE ${child.table} SET ${invCol} = $1 WHERE id = $2`, [parentIds[i], id]); break;
        case 5: await env.tx.query(`UPDATE ${child.table} SET ${invCol} = NULL WHERE ${invCol} = $1`, [parentIds[i]]); break;
        case 6: {
          const keep = (vals as number[]) ?? [];
          await env.tx.query(`UPDATE ${child.table} SET ${invCol} = NULL WHERE ${invCol} = $1 AND NOT (id = ANY($2))`, [parentIds[i], keep]);
          await env.tx.query(`UPDATE ${child.table} SET ${invCol} = $1 WHERE id = ANY($2)`, [parentIds[i], keep]);
          break;
        }
        default: throw valueError(`Invalid x2many command ${JSON.stringify(c)}`);
      }
    }
  }
  if (toCreate.length) await createRecords(env, child, toCreate);
}

/** Turns many2many commands into the resulting id lists, starting from `current` for each record. */
export async function resolveMany2many(env: Env, f: FieldDef, values: Array<Json | undefined>, current: number[][]): Promise<number[][]> {
  const out: number[][] = [];
  for (let i = 0; i < values.length; i++) {
    let ids = [...(current[i] ?? [])];
    for (const c of commands(values[i])) {
      const [code, id, vals] = c;
      if (code === 6) ids = [...new Set((vals as number[]) ?? [])];
      else if (code === 4 && !ids.includes(id as number)) ids.push(id as number);
      else if (code === 3 || code === 2) ids = ids.filter((x) => x !== id);
      else if (code === 5) ids = [];
      else if (code === 0) ids.push(...(await createRecords(env, getModel(env, f.relation!), [vals as Vals])));
      else if (code === 1) await writeRecords(env, getModel(env, f.relation!), [id as number], vals as Vals);
    }
    out.push(ids);
  }
  return out;
}
