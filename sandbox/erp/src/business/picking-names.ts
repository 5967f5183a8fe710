/**
 * Transfer names (WH/OUT/00001, WH/IN/00001): one PostgreSQL sequence per picking type, so concurrent calls never
 * hand out the same name and no lock is held on a counter row.
 */
import type { Env } from '../orm/types.ts';

/** The SQL name of a picking type's sequence. */
export function pickingTypeSequence(typeId: number): string {
  return `stock_picking_type_seq_${Number(typeId)}`;
}

/** Creates a picking type's sequence when it does not exist yet. */
export async function ensurePickingTypeSequence(env: Env, typeId: number): Promise<void> {
  await env.tx.query(`CREATE SEQUENCE IF NOT EXISTS ${pickingTypeSequence(typeId)}`);
}

/** One new name per entry of `typeIds` (same order), from each type's prefix `<warehouse code>/<sequence code>/`. */
export async function pickingNames(env: Env, typeIds: number[]): Promise<string[]> {
  if (typeIds.length === 0) return [];
  const types = [...new Set(typeIds)];
  const r = await env.tx.query(
    `SELECT t.id, coalesce(w.code || '/', '') || coalesce(t.sequence_code, 'TR') || '/' AS prefix
     FROM stock_picking_type t LEFT JOIN stock_warehouse w ON w.id = t.warehouse_id WHERE t.id = ANY($1)`, [types]);
  const prefix = new Map(r.rows.map((x) => [x.id as number, x.prefix as string]));
  const pools = new Map<number, string[]>();
  for (const t of types) {
    const n = typeIds.filter((x) => x === t).length;
    const s = await env.tx.query(
      `SELECT lpad(nextval('${pickingTypeSequence(t)}')::text, 5, '0') AS n FROM generate_series(1, $1::int)`, [n]);
    pools.set(t, s.rows.map((x) => `${prefix.get(t) ?? ''}${x.n as string}`));
  }
  return typeIds.map((t) => pools.get(t)!.shift()!);
}
