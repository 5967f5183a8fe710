/**
 * The SQL pieces the conflict store shares between its single and bulk actions: the columns a Conflict is read
 * with, a selection as conditions on the open rows, a bulk outcome from the closed rows' codes, and JSON storage.
 */
import { whereBuilder } from '../sql.ts';
import { escapeStored } from '../storable-text.ts';
import type { BulkOutcome, ConflictSelection } from './conflict-types.ts';

/** The selection as `and`-ed conditions on sync_conflict's open rows (the single actions select by id). */
export function selectionWhere(sel: ConflictSelection | { id: number }) {
  const w = whereBuilder();
  w.add('status = ?', 'open');
  if ('id' in sel) {
    w.add('id = ?', sel.id);
    return w;
  }
  w.add('backend_id = ?', sel.backendId);
  // An empty list matches nothing (a flow without conflict kinds has no conflicts), never everything.
  if (sel.codes) w.add('code = any(?::text[])', sel.codes);
  if (sel.excludeCodes?.length) w.add('code <> all(?::text[])', sel.excludeCodes);
  if (sel.kinds) w.add('kind = any(?::text[])', sel.kinds);
  if (sel.amazonKey) w.add('amazon_key = ?', sel.amazonKey);
  if (sel.createdAfter) w.add('created_at >= ?', sel.createdAfter);
  if (sel.createdBefore) w.add('created_at < ?', sel.createdBefore);
  if (sel.ids) w.add('id = any(?::bigint[])', sel.ids);
  if (sel.diffSku !== undefined) w.add(`diff ->> 'sku' = ?`, sel.diffSku);
  return w;
}

export const outcomeOf = (codes: readonly string[]): BulkOutcome => {
  const byCode: Record<string, number> = {};
  for (const c of codes) byCode[c] = (byCode[c] ?? 0) + 1;
  return { count: codes.length, byCode };
};

export const COLUMNS = `id::int as "id", backend_id as "backendId", kind, amazon_key as "amazonKey", code, message,
  amazon_snapshot as "amazonSnapshot", erp_snapshot as "erpSnapshot", diff, status, resolution, occurrences,
  created_at as "createdAt", updated_at as "updatedAt", resolved_at as "resolvedAt", money, due_at as "dueAt"`;

// Snapshots and diffs quote Amazon's data, which may hold text PostgreSQL refuses (NUL, lone surrogates): stored
// escaped (core/storable-text.ts), so a conflict about such data can always be raised; the message is for people.
export const json = (v: unknown) => (v === undefined ? null : JSON.stringify(escapeStored(v)));
