/**
 * The audit log: who changed what and when, for the changes people make on purpose (settings, mappings,
 * conflict resolutions, a backend's creation, disabling, enabling and deletion). Each entry is written in the
 * same transaction as the change it records, so neither exists without the other. Entries hold what changed
 * (before and after), never a secret: callers pass views without credentials.
 */
import { whereBuilder, type Queryable } from '../sql.ts';

export interface AuditEntry {
  /** `admin-token`, a panel user's login, `cli`, `boot` or `system`. */
  actor: string;
  /** e.g. `backend.settings`, `backend.disable`, `mapping.lookup.put`, `conflict.resolve`. */
  action: string;
  backendId: number | null;
  /** What was changed: `backend:3`, `conflict:12`, `lookup:sku_map`, `mapping_rule:5`. */
  target: string;
  before?: unknown;
  after?: unknown;
}

export interface AuditRecord extends Required<AuditEntry> {
  id: number;
  at: Date;
}

export interface AuditFilter {
  backendId?: number;
  /** Page: entries with id below this, newest first. */
  beforeId?: number;
  limit: number;
}

/** Writes one entry through `db` (a transaction's client, so it commits with the change). */
export async function recordAudit(db: Queryable, e: AuditEntry): Promise<void> {
  await db.query(
    `insert into audit_log (actor, action, backend_id, target, before, after) values ($1, $2, $3, $4, $5::jsonb, $6::jsonb)`,
    [e.actor, e.action, e.backendId, e.target, json(e.before), json(e.after)],
  );
}

/** Writes many entries in one statement (a bulk action writes one entry per record, as the single one does). */
export async function recordAuditMany(db: Queryable, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.query(
    `insert into audit_log (actor, action, backend_id, target, before, after)
     select * from unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::jsonb[], $6::jsonb[])`,
    [
      entries.map((e) => e.actor),
      entries.map((e) => e.action),
      entries.map((e) => e.backendId),
      entries.map((e) => e.target),
      entries.map((e) => json(e.before)),
      entries.map((e) => json(e.after)),
    ],
  );
}

const json = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** The keys whose values differ between two flat-ish objects, as `{ before, after }` of those keys only. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const out = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[k]) === JSON.stringify(after[k])) continue;
    if (k in before) out.before[k] = before[k];
    if (k in after) out.after[k] = after[k];
  }
  return out;
}

export interface AuditLog {
  list(filter: AuditFilter): Promise<AuditRecord[]>;
}

/** Reads the audit log, newest first. */
export function createAuditLog(db: Queryable): AuditLog {
  return {
    async list(filter) {
      const w = whereBuilder();
      if (filter.backendId !== undefined) w.add('backend_id = ?', filter.backendId);
      if (filter.beforeId !== undefined) w.add('id < ?', filter.beforeId);
      const limit = w.param(Math.min(Math.max(filter.limit, 1), 501));
      // "order by audit_log.id": a bare "id" would be the output column (id::int), which no index orders.
      const { rows } = await db.query<AuditRecord>(
        `select id::int as "id", at, actor, action, backend_id as "backendId", target, before, after from audit_log
          ${w.where()} order by audit_log.id desc limit ${limit}`,
        w.params,
      );
      return rows;
    },
  };
}
