/**
 * The flow contract: everything one flow (orders, shipments, stock, refunds...) declares, so that the worker, the
 * crontab, the set-up, the conflict re-run, the API, the error catalogue, the metrics and the CLI `status` are
 * assembled from the one list in `sync/flows.ts` instead of being wired by hand. A flow is a folder under
 * `sync/<flow>/` whose `index.ts` exports one `defineFlow({...})`; nothing outside the folder names its tasks,
 * tables, codes or models. See README.md beside this file.
 */
import type { TSchema, Static } from 'typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Queryable } from '../../core/sql.ts';
import type { RetainedRows } from '../../core/retention/index.ts';
import type { LookupTableSpec } from '../../core/lookup/index.ts';
import { goLiveOf, type BackendSettings, type GoLive, type SettingsNamespace } from '../../core/backend/settings/index.ts';
import type { RunningJob, TaskEnv } from './task-env.ts';
import type { SetupContext } from './setup.ts';
import type { FlowServices } from './flow-services.ts';
import type { StoreGauge } from '../../observability/store-metrics.ts';
import type { FlowFeedType } from '../../core/feeds/index.ts';
import type { FlowReportType } from './reports/types.ts';
import type { MappingPreviewer } from './mapping-preview.ts';
import type { FlowConflictActions, FlowConflictKind, FlowHookEnv, SetupCures } from './flow-conflicts.ts';

export type { GoLive, FlowFeedType };

/** What a flow's task body receives: the running job, and the flow's go-live controls for the payload's backend. */
export interface FlowJob extends RunningJob {
  /** Null for a task that is not per backend (a crontab safety net looping over every backend). */
  goLive: GoLive | null;
}


/** One background task of a flow. Registered as `<flow>:<name>`; its payload is checked against `payload`. */
export interface FlowTask<S extends TSchema = TSchema> {
  name: string;
  /** TypeBox schema of the payload (ids only, never data); a payload that does not match fails permanently. */
  payload: S;
  /** Default true: the payload carries `backendId`; the job does nothing when the backend or the flow is off. */
  perBackend?: boolean;
  run(job: FlowJob, payload: Static<S>): Promise<void>;
}

/** A crontab line of the flow: `pattern` (five fields) and the local task name, with graphile-worker options. */
export interface FlowCron {
  pattern: string;
  task: string;
  /** graphile-worker crontab options, e.g. `?max=3`. */
  options?: string;
}

/** A long-running reader (a notification queue): started with the worker, stopped with its signal. */
export interface FlowConsumer {
  name: string;
  start(env: TaskEnv, signal: AbortSignal): Promise<void>;
}

/** One step of a backend's set-up in its ERP (safe to run again: looks up before it creates). */
export interface FlowSetupStep {
  name: string;
  /** Adds what it created, found and could not do to `ctx.report`. */
  run(ctx: SetupContext): Promise<void>;
}

/**
 * One model a flow listens to through the ERP change feed. `fields`: what the task reads (a webhook posts `id` and
 * these); `task`: the flow's local task name; `domain`: only records matching it; `webhook`: also a fast path, an
 * automation rule in the ERP that posts the record when `field` becomes `value` (a state, e.g. a delivery done;
 * never on `stock.quant`), installed only when the connector has a public URL.
 */
export interface ErpSubscription {
  model: string;
  fields: readonly string[];
  task: string;
  domain?: readonly (readonly [string, string, unknown] | '&' | '|' | '!')[];
  webhook?: { field: string; value: string };
}

/**
 * An Amazon notification type a flow wants (through the one SQS reader): the set-up subscribes every backend where
 * the flow is on, and each notification of the type for the backend's seller enqueues the flow's local `task` with
 * `{ backendId, notificationId }` (NotificationPayload; the task reads it with `notificationOf`).
 */
export interface AmazonNotificationNeed {
  type: string;
  task: string;
  /** Subscribed for a backend only when this says so (a core's need that follows the flows it serves). Default: yes. */
  wanted?(settings: BackendSettings): boolean;
}

/** An ERP module a flow needs (`stock_delivery`), and why (shown with MODULE_MISSING). */
export interface ErpModuleNeed {
  name: string;
  why: string;
}

/** A stable error code the flow throws: its HTTP status when an API answers with it, and what it means. */
export interface FlowErrorCode {
  code: string;
  status: number;
  description: string;
}

/** A lookup table the flow reads (name, value schema, optionally kept as bindings), validated on write. */
export type FlowLookupTable = LookupTableSpec;

/** An ERP model whose fields integrators may set with mapping rules (e.g. `sale.order`). */
export interface FlowMappingTarget {
  model: string;
  description: string;
  /** The ERP model whose fields the target sets when `model` is not one (e.g. `delivery` -> `res.partner`). */
  erpModel?: string;
}

/** The flow's numbers per backend (records by state...), shown by the API, the metrics and the CLI `status`. */
export interface FlowStatus {
  counts(db: Queryable, backendIds: readonly number[]): Promise<Map<number, Record<string, number>>>;
}

/**
 * A gauge of the flow's own in /metrics (per backend, labelled `backend` and its `labels`), read from the database
 * at each scrape by whichever process serves /metrics, e.g. orders at risk of shipping late. Declared in
 * observability/ (which must not import sync/).
 */
export type FlowGauge = StoreGauge;

export interface FlowDefinition {
  /** Short, stable, lower-case: the task prefix, the settings namespace key, the record-state flow name. */
  name: string;
  description: string;
  tasks: readonly FlowTask[];
  crontab?: readonly FlowCron[];
  consumers?: readonly FlowConsumer[];
  setup?: readonly FlowSetupStep[];
  /** The conflicts its set-up can cure (see SetupCures): retried after a set-up run that cured them. */
  curedBySetup?: SetupCures;
  /**
   * ERP models whose changes the flow wants to hear of (the ERP change feed, core/change-feed): the feed enqueues
   * the flow's `task` with `{ backendId, ids }` (records of `model` that changed; the task re-reads them and must
   * be idempotent), only for backends where the flow is switched on. See ErpSubscription.
   */
  erpSubscriptions?: readonly ErpSubscription[];
  /**
   * The Amazon feed types the flow sends through the Feeds core (sync/frame/feeds): the flow queues messages with
   * `enqueueFeedMessage`, the core batches, submits (createFeed tokens by `priority`), polls and reads the report,
   * then enqueues the flow's `resultTask` with `{ backendId, feedId }`. See FlowFeedType.
   */
  feeds?: readonly FlowFeedType[];
  /**
   * The Amazon report types the flow reads through the Reports core (sync/frame/reports): the flow asks for a
   * window with `requestReport`, the core creates, polls and downloads it and hands the rows to `onRows` once per
   * report (idempotent: a crash mid-way delivers them again). See FlowReportType.
   */
  reports?: readonly FlowReportType[];
  /** Amazon notification types the flow wants (see AmazonNotificationNeed); the sweep stays its safety net. */
  amazonNotifications?: readonly AmazonNotificationNeed[];
  /** The ERP modules the flow needs: the set-up checks them, installs them with consent, else MODULE_MISSING. */
  erpModules?: readonly ErpModuleNeed[];
  /**
   * Routes Amazon or the ERP calls, mounted under /inbound (authenticated by a shared secret in the route, never by
   * the admin token; each declares `config: { access: 'public' }`). The last path segment of an inbound URL is
   * never logged (where the secret goes).
   */
  inboundRoutes?: (env: TaskEnv) => FastifyPluginAsync;
  /** Admin API routes of the flow, mounted under /api (each declares `config.access`, like every route). */
  apiRoutes?: (env: TaskEnv) => FastifyPluginAsync;
  /** The named schemas (`$id`) its routes refer to with `ref()`: components of the OpenAPI document. */
  apiSchemas?: readonly TSchema[];
  conflictKinds?: readonly FlowConflictKind[];
  /** Per conflict code, the actions that fit it when not the usual ones (see FlowConflictActions). */
  conflictActions?: Readonly<Record<string, FlowConflictActions>>;
  errorCodes?: readonly FlowErrorCode[];
  lookupTables?: readonly FlowLookupTable[];
  /** The kind of the documents it fetches (core/documents) and the record states that mean done: the retention
   * prune deletes those documents once they are older than the backend's `retention.documentsDays`. */
  documents?: { kind: string; finishedStates: readonly string[] };
  /** Its own tables of dated rows per backend, pruned by the hourly retention prune past what it reads. */
  retainedRows?: readonly RetainedRows[];
  mappingTargets?: readonly FlowMappingTarget[];
  /** Runs the flow's real mapper with unsaved mapping rows on a stored record (the mapping editor's preview). */
  mappingPreview?: (env: TaskEnv) => MappingPreviewer;
  settings?: SettingsNamespace;
  /** Go-live defaults: whether the flow is on for a backend that never switched it (default false: a new flow
   * must be switched on, so deploying it never touches a seller's records unasked). */
  goLive?: { enabledByDefault: boolean };
  status?: FlowStatus;
  /** Gauges of its own in /metrics (see FlowGauge); names start with `aec_` and are unique. */
  metrics?: readonly FlowGauge[];
  /** Called in every process when a backend's settings or mappings changed (drop caches). */
  onBackendChanged?(backendId: number, scope: 'backend' | 'mappings', services: FlowServices): void;
  /** Called in the transaction that enables a backend again (its jobs did nothing while it was off). */
  onBackendEnabled?(backendId: number, tx: Queryable, env: FlowHookEnv): Promise<void>;
  /**
   * Called in the transaction that stores Amazon orders whose content is new or changed (the orders flow's sweep,
   * ORDER_CHANGE notification and resync; a resync also when unchanged, as it queues the order again), only for a
   * backend where this flow is switched on. Enqueue here, never call Amazon or the ERP: the storing waits.
   */
  onOrdersStored?(backendId: number, amazonOrderIds: readonly string[], tx: Queryable, env: FlowHookEnv): Promise<void>;
  /** What `npm start` shows of this flow (a sentence for the demo's log). */
  demo?: { describe: string };
}

/** Declares a task: the payload type is inferred from its schema (the list of tasks erases it). */
export function defineTask<S extends TSchema>(task: FlowTask<S>): FlowTask {
  return task as unknown as FlowTask;
}

/** Declares a flow (identity function: the type checks the declaration). */
export function defineFlow(flow: FlowDefinition): FlowDefinition {
  return flow;
}

/** The queue name of a flow's task (`orders:import`): what is enqueued and what the worker registers. */
export const taskName = (flow: string, task: string): string => `${flow}:${task}`;

/** The go-live controls of `flow` in a backend's parsed settings (the flow's default switch when never set). */
export function goLiveOfFlow(flow: Pick<FlowDefinition, 'name' | 'goLive'>, settings: BackendSettings): GoLive {
  return goLiveOf(settings, flow.name, flow.goLive?.enabledByDefault ?? false);
}
