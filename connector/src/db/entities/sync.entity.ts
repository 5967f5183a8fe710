/** What the flows leave behind for people: conflicts to decide, runs and their step log. */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const SyncConflict = defineEntity({
  name: 'SyncConflict',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    kind: p.text(),
    amazonKey: p.text(),
    code: p.text(),
    message: p.text(),
    amazonSnapshot: p.json<unknown>().columnType('jsonb').nullable(),
    erpSnapshot: p.json<unknown>().columnType('jsonb').nullable(),
    diff: p.json<unknown>().columnType('jsonb').nullable(),
    status: p.text().defaultRaw(`'open'`),
    resolution: p.json<unknown>().columnType('jsonb').nullable(),
    /** How many times the same open conflict was raised again (a re-run that hit it once more). */
    occurrences: p.integer().defaultRaw('1'),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    resolvedAt: p.datetime().columnType('timestamptz').nullable(),
    /** A money conflict (its flow declares the kind or code so): listed first; accountants may resolve it. */
    money: p.boolean().defaultRaw('false'),
    /** The record's ship-by deadline (from its Amazon snapshot), for "most urgent first". */
    dueAt: p.datetime().columnType('timestamptz').nullable(),
  },
  indexes: [
    // "Most urgent first": money, then the soonest ship-by deadline, then the oldest (keyset paging).
    {
      name: 'sync_conflict_urgency_index',
      expression: `create index "sync_conflict_urgency_index" on "sync_conflict" ("status", (not "money"), (coalesce("due_at", 'infinity'::timestamptz)), "id")`,
    },
    {
      name: 'sync_conflict_backend_urgency_index',
      expression: `create index "sync_conflict_backend_urgency_index" on "sync_conflict" ("backend_id", "status", (not "money"), (coalesce("due_at", 'infinity'::timestamptz)), "id")`,
    },
    // The conflicts list pages by id, newest first, filtered by backend and/or status; the backends list counts
    // the open ones per backend from the first (index-only).
    { name: 'sync_conflict_listing_index', properties: ['backend', 'status', 'id'] },
    { name: 'sync_conflict_status_index', properties: ['status', 'id'] },
    // The Overview's conflicts per hour of the last 24 h: the day's rows of one backend, not all of them.
    { name: 'sync_conflict_created_index', properties: ['backend', 'createdAt'] },
    {
      name: 'sync_conflict_one_open_unique',
      expression:
        'create unique index "sync_conflict_one_open_unique" on "sync_conflict" ("backend_id", "kind", "amazon_key", "code") ' +
        `where status = 'open'`,
    },
  ],
});

export const SyncRun = defineEntity({
  name: 'SyncRun',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    flow: p.text(),
    trigger: p.text(),
    startedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    finishedAt: p.datetime().columnType('timestamptz').nullable(),
    status: p.text().defaultRaw(`'running'`),
    counts: p.json<Record<string, number>>().columnType('jsonb').defaultRaw(`'{}'::jsonb`),
    errorCode: p.text().nullable(),
    /** Follows one Amazon change from its sweep through its jobs (never buyer data). */
    correlationId: p.text().nullable(),
    /** The process that runs it (its heartbeat id): a dead owner's running runs are closed as interrupted. */
    owner: p.text().nullable(),
    /** The one record a requested run is about (a resync's Amazon order id). */
    subject: p.text().nullable(),
    /** What a requested run came to (a resync: the order's state, its ERP order or its conflict). */
    outcome: p.json<unknown>().columnType('jsonb').nullable(),
  },
  indexes: [
    { name: 'sync_run_recent_index', properties: ['backend', 'flow', 'startedAt'] },
    { name: 'sync_run_correlation_index', properties: ['correlationId'] },
    {
      name: 'sync_run_open_owner_index',
      expression: `create index "sync_run_open_owner_index" on "sync_run" ("owner") where status in ('queued', 'running')`,
    },
  ],
});

/**
 * How each flow of a backend is doing, written by the flow after each attempt: the last progress, the current
 * failure (code, message, since when) and the pace it promises. Stalls are judged when read (see flow-health.ts).
 */
export const FlowHealth = defineEntity({
  name: 'FlowHealth',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    flow: p.text().primary(),
    expectedIntervalSeconds: p.integer(),
    lastProgressAt: p.datetime().columnType('timestamptz').nullable(),
    failingCode: p.text().nullable(),
    failingMessage: p.text().nullable(),
    failingSince: p.datetime().columnType('timestamptz').nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});

/**
 * A remote that refused a backend's credentials (Amazon's LWA refusing the refresh token): one row per backend and
 * remote while it lasts. The backend's calls to that remote wait for new credentials instead of failing on a loop;
 * replacing the credentials deletes the row.
 */
export const BackendAuthRefusal = defineEntity({
  name: 'BackendAuthRefusal',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    remote: p.text().primary(),
    code: p.text(),
    message: p.text(),
    since: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});

/** One row per record per step: written in batches, read rarely (the API's run detail). */
export const SyncStep = defineEntity({
  name: 'SyncStep',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    run: p.manyToOne(SyncRun).mapToPk().deleteRule('cascade'),
    recordKey: p.text(),
    step: p.text(),
    status: p.text(),
    errorCode: p.text().nullable(),
    ms: p.integer(),
    at: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  // By record too: a conflict's "what the connector tried" reads its record's recent steps.
  indexes: [{ name: 'sync_step_run_index', properties: ['run', 'recordKey'] }, { name: 'sync_step_record_index', properties: ['recordKey', 'run'] }],
});
