/**
 * The flow contract: everything one flow (orders, shipments, stock, refunds...) declares, so that the worker, the
 * crontab, the set-up, the conflict re-run, the API, the error catalogue, the metrics and the CLI `status` are
 * assembled from the one list in `sync/flows.ts` instead of being wired by hand. A flow is a folder under
 * `sync/<flow>/` whose `index.ts` exports one `defineFlow({...})`; nothing outside the folder names its tasks,
 * tables, codes or models.
 *
 * DRAFT written by the lead to give the parallel work one shape: the "frame" work completes and wires it (field
 * names here are the agreement; add fields, do not rename them without a reason written in the commit).
 */
import type { TSchema, Static } from 'typebox';
import type { FastifyPluginAsync } from 'fastify';
import type { Queryable } from '../../core/sql.ts';
import type { SettingsNamespace } from '../../core/backend/settings/index.ts';

/** Go-live controls of one flow for one backend (read from the backend's settings; see go-live). */
export interface GoLive {
  /** Off: the flow's jobs for this backend do nothing (and say so once). */
  enabled: boolean;
  /** Dry run: the flow reads, maps and records what it WOULD write (run log, record state `dry_run`), writes nothing. */
  dryRun: boolean;
  /** Records whose business date (an order's purchase date...) is before this instant are left alone. */
  cutoverAt: Date | null;
}

/** One background task of a flow. Registered as `<flow>:<name>`; its payload is checked against `payload`. */
export interface FlowTask<S extends TSchema = TSchema, Env = unknown, Job = unknown> {
  name: string;
  /** TypeBox schema of the payload (ids only, never data); a payload that does not match fails permanently. */
  payload: S;
  /** Default true: the payload carries `backendId`; the job does nothing when the backend or the flow is off. */
  perBackend?: boolean;
  run(job: Job & { env: Env; goLive: GoLive | null }, payload: Static<S>): Promise<void>;
}

/** A crontab line of the flow: `pattern` (five fields) and the local task name, with graphile-worker options. */
export interface FlowCron {
  pattern: string;
  task: string;
  options?: string;
}

/** A long-running reader (a notification queue): started with the worker, stopped with its signal. */
export interface FlowConsumer<Env = unknown> {
  name: string;
  start(env: Env, signal: AbortSignal): Promise<void>;
}

/** One step of a backend's set-up in its ERP (safe to run again: looks up before it creates). */
export interface FlowSetupStep<Ctx = unknown> {
  name: string;
  run(ctx: Ctx): Promise<void>;
}

/** A conflict kind the flow raises, and what "retry" does once a person resolved it (in the resolving transaction). */
export interface FlowConflictKind<Env = unknown> {
  kind: string;
  rerun(conflict: { backendId: number; kind: string; amazonKey: string }, tx: Queryable, env: Env): Promise<void>;
}

/** A stable error code the flow throws: its HTTP status when an API answers with it, and what it means. */
export interface FlowErrorCode {
  code: string;
  status: number;
  description: string;
}

/** A lookup table the flow reads (name, key format, value schema), validated on write. */
export interface FlowLookupTable {
  name: string;
  description: string;
  value: TSchema;
}

/** An ERP model whose fields integrators may set with mapping rules (e.g. `sale.order`). */
export interface FlowMappingTarget {
  model: string;
  description: string;
}

/** The flow's numbers per backend (records by state...), shown by the API, the metrics and the CLI `status`. */
export interface FlowStatus {
  counts(db: Queryable, backendIds: readonly number[]): Promise<Map<number, Record<string, number>>>;
}

export interface FlowDefinition<Env = unknown, Job = unknown> {
  /** Short, stable, lower-case: the task prefix, the settings namespace key, the record-state flow name. */
  name: string;
  description: string;
  tasks: ReadonlyArray<FlowTask<TSchema, Env, Job>>;
  crontab?: readonly FlowCron[];
  consumers?: ReadonlyArray<FlowConsumer<Env>>;
  setup?: ReadonlyArray<FlowSetupStep>;
  /** ERP models and fields whose changes the flow wants to hear of (the ERP change feed). */
  erpSubscriptions?: ReadonlyArray<{ model: string; fields: readonly string[]; task: string }>;
  /** Routes Amazon or the ERP calls (authenticated by a shared secret, never by the admin token). */
  inboundRoutes?: (env: Env) => FastifyPluginAsync;
  /** Admin API routes of the flow, mounted under /api (each declares `config.access`, like every route). */
  apiRoutes?: (env: Env) => FastifyPluginAsync;
  /** The named schemas (`$id`) its routes refer to with `ref()`: components of the OpenAPI document. */
  apiSchemas?: readonly TSchema[];
  conflictKinds?: ReadonlyArray<FlowConflictKind<Env>>;
  errorCodes?: readonly FlowErrorCode[];
  lookupTables?: readonly FlowLookupTable[];
  mappingTargets?: readonly FlowMappingTarget[];
  settings?: SettingsNamespace;
  status?: FlowStatus;
  /** Called in every process when a backend's settings or mappings changed (drop caches). */
  onBackendChanged?(backendId: number, scope: 'backend' | 'mappings'): void;
  /** What `npm start` shows of this flow (a sentence for the demo's log). */
  demo?: { describe: string };
}

/** Declares a flow (identity function: the type checks the declaration). */
export function defineFlow<Env, Job>(flow: FlowDefinition<Env, Job>): FlowDefinition<Env, Job> {
  return flow;
}
