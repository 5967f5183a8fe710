/**
 * Where each record of a flow stands (`record_state`): its state, the stable code of why, when it last synced and
 * a few facts of the flow (`detail`). Every write of a batch is one statement; counts per state read the narrow
 * (backend, flow, state) index only.
 */
import type { Queryable } from '../sql.ts';

/** A change of one record's state; `detail` keys given (not null) replace the stored ones, the rest are kept. */
export interface RecordStateUpdate {
  key: string;
  state: string;
  code?: string | null;
  detail?: Record<string, unknown>;
  /** The source's update time of the record (kept when not given). */
  sourceUpdatedAt?: string | Date;
}

export interface RecordState {
  key: string;
  state: string;
  code: string | null;
  detail: Record<string, unknown>;
  syncedAt: Date | null;
  updatedAt: Date;
}

export interface RecordStateStore {
  /**
   * Writes the states of many records of one backend and flow in one statement (creating missing ones).
   * `stamp: false` leaves `synced_at` alone: a record queued again has not been synced.
   */
  set(backendId: number, flow: string, updates: readonly RecordStateUpdate[], options?: { stamp?: boolean }): Promise<void>;
  get(backendId: number, flow: string, keys: readonly string[]): Promise<Map<string, RecordState>>;
  /**
   * Moves the records' source update times forward (a newer copy of unchanged content: its state stays, lists
   * sorting on the time see the new one). Existing records only; one statement.
   */
  touch(backendId: number, flow: string, versions: ReadonlyArray<{ key: string; sourceUpdatedAt: string | Date }>): Promise<void>;
  /** Keys in `state`, oldest first by id, at most `limit` when given (e.g. the queued orders to hand to jobs again). */
  list(backendId: number, flow: string, state: string, limit?: number): Promise<string[]>;
  /** Forgets records (retention, after their documents went). */
  delete(backendId: number, flow: string, keys: readonly string[]): Promise<number>;
}

/** Count of records per state, per backend: `counts.get(backendId)?.imported`. */
export type StateCounts = Map<number, Record<string, number>>;

interface Row {
  key: string;
  state: string;
  code: string | null;
  detail: Record<string, unknown>;
  synced_at: Date | null;
  updated_at: Date;
}

/** Only the facts given: a null or undefined one keeps what is stored. */
const given = (detail: Record<string, unknown> | undefined) =>
  JSON.stringify(Object.fromEntries(Object.entries(detail ?? {}).filter(([, v]) => v !== undefined && v !== null)));

/** The record_state store over `db` (a pool or a transaction's client). */
export function createRecordStateStore(db: Queryable): RecordStateStore {
  return {
    async set(backendId, flow, updates, options = {}) {
      if (!updates.length) return;
      // One row per key: the last update of a key in the batch wins (one statement cannot touch a row twice).
      const list = [...new Map(updates.map((u) => [u.key, u])).values()];
      const stamp = options.stamp !== false;
      await db.query(
        // A new record without a source time gets now() (lists need one); an existing one keeps its own unless
        // the update brings one: hence the look-up of the given time, not `excluded` (which holds the fallback).
        `with u as (select * from unnest($3::text[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[]) as u(key, state, code, detail, at))
         insert into record_state as r (backend_id, flow, key, state, code, detail, source_updated_at, synced_at)
         select $1, $2, u.key, u.state, u.code, u.detail, coalesce(u.at, now()), case when $8::boolean then now() end from u
         on conflict (backend_id, flow, key) do update set
           state = excluded.state, code = excluded.code, detail = r.detail || excluded.detail,
           source_updated_at = coalesce((select u.at from u where u.key = excluded.key), r.source_updated_at),
           synced_at = case when $8::boolean then now() else r.synced_at end, updated_at = now()`,
        [
          backendId,
          flow,
          list.map((u) => u.key),
          list.map((u) => u.state),
          list.map((u) => u.code ?? null),
          list.map((u) => given(u.detail)),
          list.map((u) => (u.sourceUpdatedAt === undefined ? null : new Date(u.sourceUpdatedAt).toISOString())),
          stamp,
        ],
      );
    },

    async touch(backendId, flow, versions) {
      if (!versions.length) return;
      await db.query(
        `update record_state r set source_updated_at = u.at
           from unnest($3::text[], $4::timestamptz[]) as u(key, at)
          where r.backend_id = $1 and r.flow = $2 and r.key = u.key and r.source_updated_at < u.at`,
        [backendId, flow, versions.map((v) => v.key), versions.map((v) => new Date(v.sourceUpdatedAt).toISOString())],
      );
    },

    async get(backendId, flow, keys) {
      const { rows } = await db.query<Row>(
        `select key, state, code, detail, synced_at, updated_at from record_state where backend_id = $1 and flow = $2 and key = any($3::text[])`,
        [backendId, flow, [...keys]],
      );
      return new Map(rows.map((r) => [r.key, { key: r.key, state: r.state, code: r.code, detail: r.detail, syncedAt: r.synced_at, updatedAt: r.updated_at }]));
    },

    async list(backendId, flow, state, limit) {
      const { rows } = await db.query<{ key: string }>(
        `select key from record_state where backend_id = $1 and flow = $2 and state = $3 order by id limit $4`,
        [backendId, flow, state, limit ?? null], // limit null: no limit
      );
      return rows.map((r) => r.key);
    },

    async delete(backendId, flow, keys) {
      if (!keys.length) return 0;
      const r = await db.query(`delete from record_state where backend_id = $1 and flow = $2 and key = any($3::text[])`, [backendId, flow, [...keys]]);
      return r.rowCount ?? 0;
    },
  };
}

/**
 * Records per state of `flow`, per backend (all backends when `backendIds` is omitted): one pass over the
 * (backend, flow, state) index, index-only. A backend without records is absent.
 */
export async function recordStateCounts(db: Queryable, flow: string, backendIds?: readonly number[]): Promise<StateCounts> {
  // The backend filter only when asked: a semi-join on "all backends" turned the streaming count into a hash aggregate.
  const { rows } = await db.query<{ backend_id: number; state: string; n: number }>(
    `select backend_id, state, count(*)::int as n from record_state
      where flow = $1 ${backendIds ? 'and backend_id = any($2::int[])' : ''} group by backend_id, state`,
    backendIds ? [flow, [...backendIds]] : [flow],
  );
  const out: StateCounts = new Map();
  for (const r of rows) {
    const counts = out.get(r.backend_id) ?? {};
    counts[r.state] = r.n;
    out.set(r.backend_id, counts);
  }
  return out;
}
