/**
 * How each flow of each backend is doing, for people and for alerts: a flow (a sweep, a poll, a reader: anything
 * with a pace) reports each attempt as progress or as a failure with its stable code, together with the interval
 * it promises. A failure is written (and worth a log line) only when it starts or changes; a stall is judged when
 * read: no progress for `stallAfterSeconds(interval)` even though nothing failed loudly (a worker gone, a quota
 * wait that never ends, a sweep that never finishes).
 */
import type { Queryable } from '../sql.ts';

export type FlowState = 'ok' | 'failing' | 'stalled';

export interface FlowHealthRow {
  backendId: number;
  flow: string;
  state: FlowState;
  /** No progress for longer than the stall threshold (also while failing). */
  stalled: boolean;
  /** The failure's code, or FLOW_STALLED. */
  code: string | null;
  message: string | null;
  /** When the current state began (the first failure, the last progress before the stall). */
  since: Date | null;
  lastProgressAt: Date | null;
  expectedIntervalSeconds: number;
}

export interface FlowHealthStore {
  /**
   * The flow is due for this backend at this pace (it was scheduled): its stall clock starts now if it never
   * reported, so a first run that never ends is caught too. An existing row is left as it is.
   */
  expect(backendId: number, flow: string, expectedIntervalSeconds: number): Promise<void>;
  /** The flow went through; true when it was failing before (a change worth a log line). */
  progressed(backendId: number, flow: string, expectedIntervalSeconds: number): Promise<boolean>;
  /** The flow failed with `code`; true when it was not failing with that code before (a change worth a log line). */
  failed(backendId: number, flow: string, expectedIntervalSeconds: number, code: string, message: string): Promise<boolean>;
  /**
   * A one-off process of the backend (its set-up, its Amazon authorisation) is fine again: its row goes, since
   * such a process has no pace to stall on. True when it was failing before (a change worth a log line).
   */
  cleared(backendId: number, flow: string): Promise<boolean>;
  /** Every flow of these backends (all when omitted), its state judged now. */
  list(backendIds?: readonly number[]): Promise<FlowHealthRow[]>;
}

/** A flow is stalled after three of its intervals without progress, never sooner than five minutes. */
export const STALL_MIN_SECONDS = 300;
export function stallAfterSeconds(expectedIntervalSeconds: number): number {
  return Math.max(3 * expectedIntervalSeconds, STALL_MIN_SECONDS);
}

/** The stall test in SQL, over a `flow_health` row aliased `h` (kept beside stallAfterSeconds, its twin). */
export const STALLED_SQL = `coalesce(h.last_progress_at, h.created_at)
  < now() - make_interval(secs => greatest(3 * h.expected_interval_seconds, ${STALL_MIN_SECONDS}))`;

// Read in RETURNING only, the CTE would run after the write and skip the row this very statement updated.
const FIRST_READ = 'from (select count(*) from old) first_read';

export function createFlowHealthStore(db: Queryable): FlowHealthStore {
  return {
    async expect(backendId, flow, interval) {
      await db.query(
        `insert into flow_health (backend_id, flow, expected_interval_seconds) values ($1, $2, $3) on conflict (backend_id, flow) do nothing`,
        [backendId, flow, Math.round(interval)],
      );
    },
    async progressed(backendId, flow, interval) {
      // The old failure is read (and the row locked) in the statement that clears it, before the write: a CTE is
      // read lazily, so the insert reads it first (FIRST_READ); exactly one writer sees the change.
      const { rows } = await db.query<{ was: string | null }>(
        `with old as (select failing_code from flow_health where backend_id = $1 and flow = $2 for update)
         insert into flow_health as h (backend_id, flow, expected_interval_seconds, last_progress_at)
           select $1, $2, $3, now() ${FIRST_READ}
         on conflict (backend_id, flow) do update set last_progress_at = now(), expected_interval_seconds = $3,
           failing_code = null, failing_message = null, failing_since = null, updated_at = now()
         returning (select failing_code from old) as was`,
        [backendId, flow, Math.round(interval)],
      );
      return rows[0]?.was != null;
    },
    async failed(backendId, flow, interval, code, message) {
      const { rows } = await db.query<{ was: string | null }>(
        `with old as (select failing_code from flow_health where backend_id = $1 and flow = $2 for update)
         insert into flow_health as h (backend_id, flow, expected_interval_seconds, failing_code, failing_message, failing_since)
           select $1, $2, $3, $4, $5, now() ${FIRST_READ}
         on conflict (backend_id, flow) do update set expected_interval_seconds = $3, failing_code = $4, failing_message = $5,
           failing_since = coalesce(h.failing_since, now()), updated_at = now()
         returning (select failing_code from old) as was`,
        [backendId, flow, Math.round(interval), code, message.slice(0, 500)],
      );
      return rows[0]?.was !== code;
    },
    async cleared(backendId, flow) {
      const { rows } = await db.query<{ code: string | null }>(
        `delete from flow_health where backend_id = $1 and flow = $2 returning failing_code as code`,
        [backendId, flow],
      );
      return rows.some((r) => r.code !== null);
    },
    async list(backendIds) {
      const { rows } = await db.query<FlowHealthRow>(
        `select h.backend_id::int as "backendId", h.flow, h.expected_interval_seconds as "expectedIntervalSeconds",
                h.last_progress_at as "lastProgressAt", (${STALLED_SQL}) as stalled,
                case when h.failing_code is not null then 'failing' when ${STALLED_SQL} then 'stalled' else 'ok' end as state,
                coalesce(h.failing_code, case when ${STALLED_SQL} then 'FLOW_STALLED' end) as code,
                coalesce(h.failing_message, case when ${STALLED_SQL} then
                  'no progress for over ' || greatest(3 * h.expected_interval_seconds, ${STALL_MIN_SECONDS}) || ' s (expected every ' || h.expected_interval_seconds || ' s)' end) as message,
                case when h.failing_code is not null then h.failing_since else coalesce(h.last_progress_at, h.created_at) end as since
           from flow_health h where $1::int[] is null or h.backend_id = any($1::int[])
          order by h.backend_id, h.flow`,
        [backendIds ? [...backendIds] : null],
      );
      return rows;
    },
  };
}
