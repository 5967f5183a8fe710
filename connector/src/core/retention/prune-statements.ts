/**
 * What the prune deletes, one bounded statement per kind of row (see prune-batches.ts: the last parameter is the
 * batch size). Per backend: $1 backend id, $2 retention in days, $3 batch size; process-wide: $1 days, $2 batch
 * size. Only finished things older than the retention: never an open conflict, a queued or running run, a
 * document whose record still waits, nor a binding.
 */

const older = (column: string, days: string) => `${column} < now() - make_interval(days => ${days}::int)`;

/**
 * Fetched documents whose record is done (core/documents, core/record-state), for one flow's document kind: $3 the
 * flow, $4 the document kind, $5 the record states that mean done (each flow declares them: `documents` in its
 * definition), $6 the batch size. The document and its record state go together, in one statement.
 */
export const PRUNE_DOCUMENTS = `with gone as (
  delete from fetched_document where id in (
    select d.id from fetched_document d
      join record_state s on s.backend_id = d.backend_id and s.flow = $3 and s.key = d.key
     where d.backend_id = $1 and d.kind = $4 and s.state = any($5::text[]) and ${older('s.synced_at', '$2')}
     order by d.id limit $6)
  returning backend_id, key)
delete from record_state r using gone where r.backend_id = gone.backend_id and r.flow = $3 and r.key = gone.key`;

/** A flow's own table and date column (see RetainedRows): plain snake_case names, checked, never from input. */
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * A flow's dated rows of one backend older than $2 days (RetainedRows): $1 backend id, $2 days, $3 batch size.
 * Rows by `ctid`, since such a table's key is composite.
 */
export function pruneFlowRows(table: string, column: string): string {
  if (!IDENTIFIER.test(table) || !IDENTIFIER.test(column)) throw new Error(`retained rows: not a plain table/column name: ${table}.${column}`);
  return `delete from ${table} where ctid in (
  select ctid from ${table} where backend_id = $1 and ${older(column, '$2')} limit $3)`;
}

/** Step logs of finished runs first (a run may have thousands of steps: never cascaded in one statement). */
export const PRUNE_RUN_STEPS = `delete from sync_step where id in (
  select s.id from sync_run r join sync_step s on s.run_id = r.id
   where r.backend_id = $1 and r.finished_at is not null and ${older('r.started_at', '$2')}
   limit $3)`;

/** Then the finished runs themselves (their steps are gone by now). */
export const PRUNE_RUNS = `delete from sync_run where id in (
  select id from sync_run
   where backend_id = $1 and finished_at is not null and ${older('started_at', '$2')}
   order by id limit $3)`;

/** Resolved or dismissed conflicts; an open one stays however old. */
export const PRUNE_CONFLICTS = `delete from sync_conflict where id in (
  select id from sync_conflict
   where backend_id = $1 and status in ('resolved', 'dismissed') and ${older('coalesce(resolved_at, updated_at)', '$2')}
   order by id limit $3)`;

/** Audit entries of a backend. */
export const PRUNE_AUDIT = `delete from audit_log where id in (
  select id from audit_log where backend_id = $1 and ${older('at', '$2')} order by id limit $3)`;

/**
 * Process-wide: audit entries about no backend, or about one whose row is gone for good (backend_id is a plain
 * column: the log outlives the backend), under the default retention.
 */
export const PRUNE_AUDIT_ORPHANS = `delete from audit_log where id in (
  select a.id from audit_log a
   where ${older('a.at', '$1')} and (a.backend_id is null or not exists (select 1 from backend b where b.id = a.backend_id))
   order by a.id limit $2)`;

/**
 * Process-wide: jobs that failed for good, through graphile-worker's own `complete_jobs` (it deletes them and
 * skips a locked one); successful jobs graphile-worker deletes itself.
 */
export const PRUNE_FAILED_JOBS = `select id from graphile_worker.complete_jobs(array(
  select id from graphile_worker.jobs
   where attempts >= max_attempts and locked_at is null and ${older('updated_at', '$1')}
   order by id limit $2))`;

/**
 * Process-wide: Amazon notifications (sync/frame/notifications) received more than $1 days ago. A stored
 * notification serves its task (run within seconds, retried for hours at most) and the deduplication of SQS's
 * repeated deliveries; SQS keeps a message 14 days at most, so past that no copy can come again. A task whose
 * notification is gone does nothing (the sweep covers the order anyway). The rows are routed by seller to several
 * backends (`backend_ids`), hence one window for all rather than a backend's setting.
 */
export const PRUNE_NOTIFICATIONS = `delete from amazon_notification where notification_id in (
  select notification_id from amazon_notification where ${older('received_at', '$1')}
   order by received_at limit $2)`;
