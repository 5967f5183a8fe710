/**
 * Echo suppression: the connector's own writes to a subscribed model, per (backend, model, record), with the
 * `write_date` the ERP gave the record after the write. A change whose `write_date` is not newer is the echo of
 * our own write and is not handed to the flows. (Answers are to the second: a person's edit in the same second as
 * ours is taken for an echo; the next edit is seen.)
 */
import type { Queryable } from '../sql.ts';
import { odooSecond } from './odoo-time.ts';

/** One record the connector wrote, with its `write_date` read back after the write (as the ERP answers it). */
export interface OwnWrite {
  id: number;
  writeDate: string;
}

/**
 * Notes the connector's writes to `model` records (call it after the write, with the `write_date` read back;
 * inside the flow's transaction when it has one). Later notes only move a record's mark forward.
 */
export async function noteOwnWrites(db: Queryable, backendId: number, model: string, writes: readonly OwnWrite[]): Promise<void> {
  const rows = writes.flatMap((w) => {
    const s = odooSecond(w.writeDate);
    return s ? [{ id: w.id, s }] : [];
  });
  if (rows.length === 0) return;
  await db.query(
    `insert into erp_own_write as o (backend_id, model, erp_id, write_date)
       select $1, $2, w.id, w.s::timestamp from unnest($3::int[], $4::text[]) as w(id, s)
     on conflict (backend_id, model, erp_id) do update set
       write_date = greatest(o.write_date, excluded.write_date), noted_at = now()`,
    [backendId, model, rows.map((r) => r.id), rows.map((r) => r.s)],
  );
}

/** The own-write marks of `ids` (id -> second), to compare changes against. */
export async function ownWriteMarks(db: Queryable, backendId: number, model: string, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query(
    `select erp_id as id, to_char(write_date, 'YYYY-MM-DD HH24:MI:SS') as s from erp_own_write
      where backend_id = $1 and model = $2 and erp_id = any($3::int[])`,
    [backendId, model, ids],
  );
  return new Map((rows as Array<{ id: number; s: string }>).map((r) => [r.id, r.s]));
}

/** Forgets marks older than `before` (an Odoo second): the cursor has passed them for good. */
export async function pruneOwnWrites(db: Queryable, backendId: number, model: string, before: string): Promise<void> {
  await db.query(`delete from erp_own_write where backend_id = $1 and model = $2 and write_date < $3::timestamp`, [backendId, model, before]);
}
