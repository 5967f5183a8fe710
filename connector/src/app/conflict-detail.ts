/**
 * What a conflict's detail adds to its row: the two sides as the UI shows them side by side (the ERP side is the
 * stored ERP snapshot, else the `erp` the step put in the diff), the differing fields to mark (the diff when it is a
 * field list, else the fields both sides have with different values), what the connector tried (the record's recent
 * steps with their runs) and the resolution history (audit entries of the conflict).
 */
import type { Queryable } from '../core/sql.ts';
import type { Conflict, FieldDifference } from '../core/conflict/index.ts';
import { fieldDiff } from '../core/conflict/index.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isFieldList = (v: unknown): v is FieldDifference[] => Array.isArray(v) && v.every((d) => isRecord(d) && typeof d.field === 'string' && 'amazon' in d && 'erp' in d);

export interface ConflictSides {
  amazonSide: unknown;
  erpSide: unknown;
  fields: FieldDifference[];
}

/**
 * Both sides and the fields that differ (empty when the sides share no field, e.g. an unmapped SKU). A step that
 * put both sides in one shape (`diff.sides`: ORDER_EDITED_IN_ERP's lines by SKU) gives those, every field compared.
 */
export function sidesOf(c: Pick<Conflict, 'amazonSnapshot' | 'erpSnapshot' | 'diff'>): ConflictSides {
  const given = isRecord(c.diff) && isRecord(c.diff.sides) ? c.diff.sides : null;
  if (given && isRecord(given.amazon) && isRecord(given.erp)) return { amazonSide: given.amazon, erpSide: given.erp, fields: fieldDiff(given.amazon, given.erp) };
  const erpSide = c.erpSnapshot ?? (isRecord(c.diff) && isRecord(c.diff.erp) ? c.diff.erp : null);
  if (isFieldList(c.diff)) return { amazonSide: c.amazonSnapshot ?? null, erpSide, fields: c.diff };
  const a = c.amazonSnapshot;
  if (!isRecord(a) || !isRecord(erpSide)) return { amazonSide: a ?? null, erpSide, fields: [] };
  const shared = Object.keys(a).filter((k) => k in erpSide);
  return { amazonSide: a, erpSide, fields: fieldDiff(a, erpSide, shared) };
}

export interface ConflictAttempt {
  runId: number;
  flow: string;
  trigger: string;
  startedAt: string;
  runStatus: string;
  step: string;
  status: string;
  errorCode: string | null;
  at: string;
}

/** The record's most recent steps (at most 30), newest first, with the run each belongs to. */
export async function attemptsOf(db: Queryable, c: Pick<Conflict, 'backendId' | 'amazonKey'>): Promise<ConflictAttempt[]> {
  const { rows } = await db.query<{ run_id: number; flow: string; trigger: string; started_at: Date; run_status: string; step: string; status: string; error_code: string | null; at: Date }>(
    `select s.run_id::int, r.flow, r.trigger, r.started_at, r.status as run_status, s.step, s.status, s.error_code, s.at
       from sync_step s join sync_run r on r.id = s.run_id
      where s.record_key = $1 and r.backend_id = $2
      order by s.run_id desc, s.id desc limit 30`,
    [c.amazonKey, c.backendId],
  );
  return rows.map((r) => ({
    runId: r.run_id, flow: r.flow, trigger: r.trigger, startedAt: r.started_at.toISOString(), runStatus: r.run_status,
    step: r.step, status: r.status, errorCode: r.error_code, at: r.at.toISOString(),
  }));
}

export interface ConflictHistoryEntry {
  at: string;
  actor: string;
  action: string;
  after: unknown;
}

/** The audit entries of the conflict (its resolution: who, when, what), oldest first. */
export async function historyOf(db: Queryable, id: number): Promise<ConflictHistoryEntry[]> {
  const { rows } = await db.query<{ at: Date; actor: string; action: string; after: unknown }>(
    `select at, actor, action, after from audit_log where target = $1 order by id limit 50`,
    [`conflict:${id}`],
  );
  return rows.map((r) => ({ at: r.at.toISOString(), actor: r.actor, action: r.action, after: r.after }));
}
