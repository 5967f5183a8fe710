/**
 * The ERP port: what the sync flows call to talk to an Odoo-compatible ERP. It is protocol only: the flows name
 * the ERP's models and fields themselves (through the dialect where versions differ); the port never maps data.
 * Every remote failure is thrown (or, for the batch calls, returned) as a SyncError from core/errors.ts.
 */
import type { SyncError } from '../core/errors.ts';
import type { ErpDialect } from './dialect.ts';

/** One term of an Odoo domain: a `[field, operator, value]` triple or a prefix logical operator. */
export type DomainTerm = readonly [string, string, unknown] | '&' | '|' | '!';
/** An Odoo domain in prefix (Polish) notation; `[]` matches every record. */
export type Domain = readonly DomainTerm[];
/** Field values for create/write, named as the ERP names them (x2many commands included). */
export type Vals = Readonly<Record<string, unknown>>;
/** A record as read back: always its id plus the fields asked for (many2one as `[id, "name"]` or false). */
export type ErpRecord = { id: number } & Record<string, unknown>;
/** The ERP context sent along a call (`inventory_mode`, `active_ids`, `lang`, ...). */
export type ErpContext = Readonly<Record<string, unknown>>;

/** The server's own version (see `ErpDialect.version` for the version the connector speaks). */
export interface ErpServerVersion {
  /** 17, 18, 19, ... (a saas~18.3 server counts as 18). */
  major: number;
  /** The version as the server names it: "19.0", "saas~18.3". */
  serie: string;
}

export interface CallOptions {
  context?: ErpContext;
}

export interface SearchOptions extends CallOptions {
  limit?: number;
  offset?: number;
  /** Odoo order clause, e.g. "id asc". */
  order?: string;
}

export interface BatchOptions extends CallOptions {
  /**
   * Records (or ids) per remote call before any split, at most; default 200. A client with pacing (connectOdoo's
   * `pacing`) sends fewer when the endpoint's recent calls say a batch this big would take longer than the target.
   */
  batchSize?: number;
}

/**
 * After a batch timed out (the ERP may have done it anyway, still working after the client gave up): per input,
 * the id of the record the ERP holds for it now (found by its unique reference), or null when it is still to be
 * created. Only the nulls are sent again.
 */
export type CreateReconcile = (valsChunk: readonly Vals[]) => Promise<Array<number | null>>;
/** The same for `callMany`: per id, true when the method's effect is already there (e.g. the order is confirmed). */
export type CallReconcile = (idsChunk: readonly number[]) => Promise<boolean[]>;

/** The outcome of one input of `createMany`, in input order. */
export type CreateResult = { ok: true; id: number } | { ok: false; error: SyncError };
/** The outcome of one id of `callMany`: the method's answer for the batch that held the id. */
export type CallManyResult = { ok: true; id: number; result: unknown } | { ok: false; id: number; error: SyncError };

/** One finished remote call, for metrics (calls per model.method, errors by code). Never carries payloads. */
export interface ErpCallEvent {
  model: string;
  method: string;
  transport: 'json2' | 'jsonrpc';
  durationMs: number;
  /** The stable code when the call failed. */
  errorCode?: SyncError['code'];
}

/** Receives every remote call the client makes; the caller owns the counters (no global state here). */
export type ErpCallHook = (event: ErpCallEvent) => void;

export interface ErpPort {
  /** The dialect of the connected server: field names that differ between versions. */
  readonly dialect: ErpDialect;
  /**
   * The ERP company this connection works in (a multi-company Odoo), carried by every call's context as
   * `allowed_company_ids`; null: the ERP user's default company. Reads of "the company" use it (`companyDomain`).
   */
  readonly companyId: number | null;
  /** The server's version, as detected at connect time. */
  version(): Promise<ErpServerVersion>;
  /** Records matching `domain`, with the given fields. */
  searchRead(model: string, domain: Domain, fields: readonly string[], opts?: SearchOptions): Promise<ErpRecord[]>;
  /** Records by id; ids that do not exist are simply absent from the answer. */
  read(model: string, ids: readonly number[], fields: readonly string[], opts?: CallOptions): Promise<ErpRecord[]>;
  /** Ids of the records matching `domain`. */
  search(model: string, domain: Domain, opts?: SearchOptions): Promise<number[]>;
  /** How many records match `domain`. */
  searchCount(model: string, domain: Domain, opts?: CallOptions): Promise<number>;
  /** Creates the records in ONE call (all or nothing) and returns their ids in input order. */
  create(model: string, valsList: readonly Vals[], opts?: CallOptions): Promise<number[]>;
  /** Writes the same values on every id. */
  write(model: string, ids: readonly number[], vals: Vals, opts?: CallOptions): Promise<boolean>;
  /** Deletes the records. */
  unlink(model: string, ids: readonly number[], opts?: CallOptions): Promise<boolean>;
  /**
   * Any public method: a button/action on `ids`, a wizard step, or a model-level method when `ids` is null.
   * `kwargs` are the method's own named arguments. A method that returns nothing resolves to null.
   */
  call(model: string, method: string, ids: readonly number[] | null, opts?: CallOptions & { kwargs?: Vals }): Promise<unknown>;
  /** The model's fields and their attributes (type, string, relation, required, ...). */
  fieldsGet(model: string, attributes?: readonly string[]): Promise<Record<string, Record<string, unknown>>>;
  /**
   * Creates many records in batches of `batchSize`; a batch refused with a permanent error is halved until the bad
   * record fails alone. Returns one result per input, in input order. After a retryable error the remaining
   * inputs get that error without being sent, so a down ERP is not hammered. After a timeout, `reconcile`
   * (when given) re-reads the ERP and only what is still undone is sent again, once; without it the timeout
   * stops the run like any retryable error.
   */
  createMany(model: string, valsList: readonly Vals[], opts?: BatchOptions & { reconcile?: CreateReconcile }): Promise<CreateResult[]>;
  /**
   * Runs `method` on many ids with the same batching and fallback as `createMany` (e.g. action_confirm). An id
   * `reconcile` found done after a timeout has `result: null`.
   */
  callMany(model: string, method: string, ids: readonly number[], opts?: BatchOptions & { kwargs?: Vals; reconcile?: CallReconcile }): Promise<CallManyResult[]>;
  /** Releases the kept-alive connections. */
  close(): Promise<void>;
}

/** The domain of the connection's company on `res.company` (`[]`: every company, the first is the default one). */
export function companyDomain(erp: Pick<ErpPort, 'companyId'>): Domain {
  return erp.companyId === null ? [] : [['id', '=', erp.companyId]];
}
