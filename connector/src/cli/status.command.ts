/**
 * `status`: each backend's sync state, read from the connector's own tables (no remote call): the sweep cursor,
 * the last sweep, each flow's records by state (the flows' `status.counts`, one table column per flow) and the open
 * conflicts by code.
 */
import { backendSyncRows, emptySyncRow } from '../app/backend-sync-rows.ts';
import { legacyOrderCounts } from '../app/views.ts';
import { backendHealths } from '../app/backend-health.ts';
import type { BackendRecord } from '../core/backend/index.ts';
import type { Queryable } from '../core/sql.ts';
import { resolveBackend } from './backend-ref.ts';
import { shortTime, type CliEnv, type CliIo, type CommandOutcome } from './cli-io.ts';
import { renderTable } from './table.ts';

export interface BackendStatus {
  id: number;
  name: string;
  /** `active`, or `disabled` (not swept nor imported until enabled). */
  state: 'active' | 'disabled';
  /** Orders changed after this moment are the next sweep's (ISO), null before the first sweep. */
  cursor: string | null;
  lastSweep: { at: string; status: string } | null;
  /** COMPATIBILITY: the order flow's numbers as before flows were listed (waiting includes queued); see `flows`. */
  orders: { imported: number; waiting: number; failed: number };
  /** Each flow's records by state, by flow name (e.g. `orders: { imported: 40, queued: 2 }`). */
  flows: Record<string, Record<string, number>>;
  /** Open conflicts by stable code, most frequent first. */
  openConflicts: Record<string, number>;
  /** The worst of its flows: failing (with the code, e.g. ERP_AUTH_FAILED), stalled or ok. */
  health: { state: 'ok' | 'failing' | 'stalled'; code: string | null; message: string | null; since: string | null };
}

async function conflictsByCode(db: Queryable, backendIds: number[]): Promise<Map<number, Record<string, number>>> {
  const { rows } = await db.query<{ backend_id: number; code: string; n: number }>(
    `select backend_id::int, code, count(*)::int as n from sync_conflict
      where status = 'open' and backend_id = any($1::bigint[]) group by backend_id, code order by backend_id, n desc, code`,
    [backendIds],
  );
  const out = new Map<number, Record<string, number>>();
  for (const r of rows) out.set(r.backend_id, { ...out.get(r.backend_id), [r.code]: r.n });
  return out;
}

/** The sync state of one backend, or of all of them. */
export async function readStatus(env: Pick<CliEnv, 'db' | 'core'>, backend: string | null): Promise<BackendStatus[]> {
  const backends: BackendRecord[] = backend === null ? await env.core.backends.list() : [await resolveBackend(env.core, backend)];
  const conflicts = await conflictsByCode(env.db.pool, backends.map((b) => b.id));
  const healths = await backendHealths(env.core, backends.map((b) => b.id));
  const sync = await backendSyncRows(env.db.pool, backends.map((b) => b.id));
  return backends.map((b) => {
    const s = sync.get(b.id) ?? emptySyncRow();
    return {
      id: b.id,
      name: b.name,
      state: b.enabled ? ('active' as const) : ('disabled' as const),
      cursor: s.cursor ? s.cursor.toISOString() : null,
      lastSweep: s.lastSweepAt ? { at: s.lastSweepAt.toISOString(), status: s.lastSweepStatus ?? 'unknown' } : null,
      orders: legacyOrderCounts(s.flows),
      flows: s.flows,
      openConflicts: conflicts.get(b.id) ?? {},
      health: (({ state, code, message, since }) => ({ state, code, message, since }))(healths.get(b.id)!),
    };
  });
}

/** A flow's cell: its records by state, most first (`imported 1234, waiting 5`), `0` when it has none. */
function flowCell(counts: Record<string, number> | undefined): string {
  const states = Object.entries(counts ?? {}).filter(([, n]) => n > 0);
  states.sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return states.length ? states.map(([state, n]) => `${state} ${n}`).join(', ') : '0';
}

/** The table people read: one row per backend, one column per flow (its records by state), the conflicts by code. */
export function formatStatus(list: readonly BackendStatus[]): string[] {
  if (!list.length) return ['no backends yet: start the connector with AMAZON_* and ODOO_* set, or add one through the API'];
  const flows = [...new Set(list.flatMap((s) => Object.keys(s.flows)))];
  const rows = list.map((s) => {
    const codes = Object.entries(s.openConflicts);
    const total = codes.reduce((n, [, c]) => n + c, 0);
    return [
      s.id,
      s.name,
      s.state,
      shortTime(s.cursor),
      s.lastSweep ? `${shortTime(s.lastSweep.at)} ${s.lastSweep.status}` : 'never',
      ...flows.map((f) => flowCell(s.flows[f])),
      total ? `${total}: ${codes.map(([code, n]) => `${code} ${n}`).join(', ')}` : '0',
      s.health.state === 'ok' ? 'ok' : `${s.health.state} ${s.health.code ?? ''} since ${shortTime(s.health.since)}`,
    ];
  });
  const lines = renderTable(['ID', 'BACKEND', 'STATE', 'CURSOR', 'LAST SWEEP', ...flows.map((f) => f.toUpperCase()), 'OPEN CONFLICTS', 'HEALTH'], rows);
  // The why of each backend that is not ok, in words, under the table.
  for (const s of list) if (s.health.state !== 'ok' && s.health.message) lines.push(`#${s.id} ${s.name}: ${s.health.state}: ${s.health.message}`);
  return lines;
}

/** `status [--backend ID] [--json]`. */
export async function statusCommand(env: Pick<CliEnv, 'db' | 'core'>, args: { backend: string | null; json: boolean }, io: CliIo): Promise<CommandOutcome<BackendStatus[]>> {
  const result = await readStatus(env, args.backend);
  if (args.json) io.out(JSON.stringify(result, null, 2));
  else for (const line of formatStatus(result)) io.out(line);
  return { exitCode: 0, result };
}
