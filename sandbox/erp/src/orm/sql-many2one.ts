/**
 * A many2one Odoo computes (stored or searchable, e.g. a quant's `warehouse_id` from its location): one SQL
 * expression serves domains and reads alike, so a search and a read never disagree.
 */
import { m2o } from './define.ts';
import type { FieldDef, Json } from './types.ts';

/** The field over `table`'s rows; `expr(alias)` gives the related id (or NULL). */
export function sqlMany2one(relation: string, label: string, table: string, expr: (alias: string) => string): FieldDef {
  return m2o(relation, label, {
    readonly: true, store: true, default: undefined, sql: (a) => expr(a),
    compute: async (env, ids) => {
      const rel = env.registry.models.get(relation)!;
      const r = await env.tx.query(
        `SELECT x.id, r.id AS rid, ${rel.displayName('r')} AS dn FROM ${table} x LEFT JOIN ${rel.table} r ON r.id = ${expr('x')} WHERE x.id = ANY($1)`, [ids]);
      return new Map(r.rows.map((row) => [row.id as number, (row.rid == null ? false : [row.rid as number, (row.dn as string | null) ?? false]) as Json]));
    },
  });
}
