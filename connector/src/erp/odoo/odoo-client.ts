/**
 * The Odoo adapter: the ERP port over a transport (JSON-2 or JSON-RPC; see connect-odoo.ts for the choice).
 * Protocol only: it encodes calls, checks the shape of answers and classifies failures; it never maps data.
 */
import { sendWithFallback, DEFAULT_BATCH_SIZE } from '../batch-fallback.ts';
import type { ErpDialect } from '../dialect.ts';
import type {
  BatchOptions, CallManyResult, CallOptions, CallReconcile, CreateReconcile, CreateResult, Domain, ErpContext, ErpPort, ErpRecord, ErpServerVersion,
  SearchOptions, Vals,
} from '../erp-port.ts';
import type { EndpointPacing } from '../erp-pacing.ts';
import { classify } from '../../core/errors.ts';
import type { HttpClient } from './http-client.ts';
import { protocolError } from './odoo-errors.ts';
import { isReadOnly, type OdooCall, type OdooTransport, type TransportKind } from './transport.ts';

export interface OdooClientOptions {
  /** The endpoint's shared batch sizer and write gate (erp-pacing.ts); none: fixed batches, ungated writes. */
  pacing?: EndpointPacing | null;
  /** The call deadline, which is also how long a timed-out batch is given to show its effect. Default 30 s. */
  timeoutMs?: number;
  /** Clock and sleep of the pacing (tests inject them: durations, not wall-clock time). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class OdooClient implements ErpPort {
  readonly dialect: ErpDialect;
  readonly #http: HttpClient;
  readonly #transport: OdooTransport;
  readonly #version: ErpServerVersion;
  readonly companyId: number | null;
  /** What every call's context starts from: the company the connection works in, when it names one. */
  readonly #baseContext: ErpContext | undefined;
  readonly #pacing: EndpointPacing | null;
  readonly #timeoutMs: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(
    http: HttpClient, transport: OdooTransport, version: ErpServerVersion, dialect: ErpDialect, companyId: number | null = null, opts: OdooClientOptions = {},
  ) {
    this.#pacing = opts.pacing ?? null;
    this.#timeoutMs = opts.timeoutMs ?? 30_000;
    this.#now = opts.now ?? (() => performance.now());
    this.#sleep = opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#http = http;
    this.#transport = transport;
    this.#version = version;
    this.dialect = dialect;
    this.companyId = companyId;
    // Odoo reads the active companies from `allowed_company_ids` (the first is the current one): every create,
    // search and action then lands in, and sees, that company only, over either transport.
    this.#baseContext = companyId === null ? undefined : { allowed_company_ids: [companyId] };
  }

  /** The transport in use: `json2` or `jsonrpc`. */
  get transport(): TransportKind {
    return this.#transport.kind;
  }

  /** The server's version, as detected at connect time. */
  async version(): Promise<ErpServerVersion> {
    return this.#version;
  }

  /** Records matching `domain`, with the given fields. */
  async searchRead(model: string, domain: Domain, fields: readonly string[], opts: SearchOptions = {}): Promise<ErpRecord[]> {
    const named = { domain, fields, ...paging(opts) };
    return records(await this.#exec({ model, method: 'search_read', ids: null, named, context: opts.context }), model);
  }

  /** Records by id; missing ids are absent from the answer. */
  async read(model: string, ids: readonly number[], fields: readonly string[], opts: CallOptions = {}): Promise<ErpRecord[]> {
    if (ids.length === 0) return [];
    return records(await this.#exec({ model, method: 'read', ids, named: { fields }, context: opts.context }), model);
  }

  /** Ids of the records matching `domain`. */
  async search(model: string, domain: Domain, opts: SearchOptions = {}): Promise<number[]> {
    const result = await this.#exec({ model, method: 'search', ids: null, named: { domain, ...paging(opts) }, context: opts.context });
    return idList(result, `${model}.search`);
  }

  /** How many records match `domain`. */
  async searchCount(model: string, domain: Domain, opts: CallOptions = {}): Promise<number> {
    const result = await this.#exec({ model, method: 'search_count', ids: null, named: { domain }, context: opts.context });
    if (!Number.isInteger(result)) throw protocolError(`${model}.search_count`, 'a count that is not an integer', 200);
    return result as number;
  }

  /** Creates the records in one call (all or nothing); ids in input order. */
  async create(model: string, valsList: readonly Vals[], opts: CallOptions = {}): Promise<number[]> {
    if (valsList.length === 0) return [];
    const call = { model, method: 'create', ids: null, named: { vals_list: valsList }, positional: ['vals_list'], context: opts.context };
    const result = await this.#exec(call);
    // JSON-RPC answers a single dict with an int; we always send a list, but accept both.
    const ids = typeof result === 'number' ? [result] : idList(result, `${model}.create`);
    if (ids.length !== valsList.length) throw protocolError(`${model}.create`, `${ids.length} ids for ${valsList.length} records`, 200);
    return ids;
  }

  /** Writes the same values on every id. */
  async write(model: string, ids: readonly number[], vals: Vals, opts: CallOptions = {}): Promise<boolean> {
    if (ids.length === 0) return true;
    return Boolean(await this.#exec({ model, method: 'write', ids, named: { vals }, positional: ['vals'], context: opts.context }));
  }

  /** Deletes the records. */
  async unlink(model: string, ids: readonly number[], opts: CallOptions = {}): Promise<boolean> {
    if (ids.length === 0) return true;
    return Boolean(await this.#exec({ model, method: 'unlink', ids, named: {}, context: opts.context }));
  }

  /** Any public method on `ids` (or model-level when null); null when the method returned nothing. */
  async call(model: string, method: string, ids: readonly number[] | null, opts: CallOptions & { kwargs?: Vals } = {}): Promise<unknown> {
    return (await this.#exec({ model, method, ids, named: opts.kwargs ?? {}, context: opts.context })) ?? null;
  }

  /** The model's fields with the given attributes (all attributes when none are named). */
  async fieldsGet(model: string, attributes?: readonly string[]): Promise<Record<string, Record<string, unknown>>> {
    const named = attributes ? { attributes } : {};
    const result = await this.#exec({ model, method: 'fields_get', ids: null, named });
    if (typeof result !== 'object' || result === null || Array.isArray(result)) {
      throw protocolError(`${model}.fields_get`, 'an answer that is not an object', 200);
    }
    return result as Record<string, Record<string, unknown>>;
  }

  /** Creates in batches sized by the pacing; a refused batch is halved, a timed-out one reconciled (batch-fallback.ts). */
  async createMany(model: string, valsList: readonly Vals[], opts: BatchOptions & { reconcile?: CreateReconcile } = {}): Promise<CreateResult[]> {
    const ctx = opts.context ? { context: opts.context } : {};
    const reconcile = opts.reconcile;
    const plan = {
      nextSize: (pending: number) => this.#nextSize(`${model}.create`, opts.batchSize, pending),
      ...(reconcile ? { reconcile: (chunk: readonly Vals[], wait: boolean) => this.#settle(wait, async () => (await reconcile(chunk)).map((id) => id ?? undefined)) } : {}),
    };
    const results = await sendWithFallback(valsList, plan, (chunk) => this.create(model, chunk, ctx));
    return results.map((r) => (r.ok ? { ok: true, id: r.value } : r));
  }

  /** Runs `method` on many ids in batches, with the same sizing and fallback as createMany. */
  async callMany(
    model: string, method: string, ids: readonly number[], opts: BatchOptions & { kwargs?: Vals; reconcile?: CallReconcile } = {},
  ): Promise<CallManyResult[]> {
    const callOpts = { ...(opts.context ? { context: opts.context } : {}), ...(opts.kwargs ? { kwargs: opts.kwargs } : {}) };
    const reconcile = opts.reconcile;
    const plan = {
      nextSize: (pending: number) => this.#nextSize(`${model}.${method}`, opts.batchSize, pending),
      ...(reconcile ? { reconcile: (chunk: readonly number[], wait: boolean) => this.#settle(wait, async () => (await reconcile(chunk)).map((done) => (done ? null : undefined))) } : {}),
    };
    const results = await sendWithFallback<number, unknown>(ids, plan, async (chunk) => {
      const result = await this.call(model, method, chunk, callOpts);
      return chunk.map(() => result);
    });
    return results.map((r, i) => (r.ok ? { ok: true, id: ids[i]!, result: r.value } : { ok: false, id: ids[i]!, error: r.error }));
  }

  /** Closes the kept-alive connections. */
  async close(): Promise<void> {
    this.#http.close();
  }

  /**
   * The one way out to the transport: the connection's company is merged into the call's own context here; with
   * pacing, writes wait for the endpoint's write gate, and every call's duration (measured inside the gate, so
   * waiting for a slot is not counted as the ERP's time) teaches the sizer.
   */
  #exec(call: OdooCall): Promise<unknown> {
    const context = this.#baseContext ? { ...this.#baseContext, ...call.context } : call.context;
    const pacing = this.#pacing;
    if (!pacing) return this.#transport.execute({ ...call, context });
    const timed = async (): Promise<unknown> => {
      const started = this.#now();
      const records = recordsOf(call);
      try {
        const result = await this.#transport.execute({ ...call, context });
        pacing.sizer.observe(`${call.model}.${call.method}`, { records, durationMs: this.#now() - started }, pacing.targetMs);
        return result;
      } catch (e) {
        const timedOut = classify(e).code === 'ERP_TIMEOUT';
        if (timedOut) pacing.sizer.observe(`${call.model}.${call.method}`, { records, durationMs: this.#now() - started, timedOut }, pacing.targetMs);
        throw e;
      }
    };
    // Reads are not gated (transport.ts's read-only methods; every other method may change records).
    return isReadOnly(call.method) ? timed() : pacing.gate.run(timed);
  }

  /** The next batch of `operation`: the caller's maximum, or less when the pacing says it would take too long. */
  #nextSize(operation: string, maxBatch: number | undefined, pending: number): number {
    const max = maxBatch !== undefined && Number.isInteger(maxBatch) && maxBatch > 0 ? maxBatch : DEFAULT_BATCH_SIZE;
    return this.#pacing ? this.#pacing.sizer.next(operation, max, this.#pacing.targetMs, pending) : max;
  }

  /**
   * Re-reads after a timeout until the timed-out call shows its effect or a deadline's worth of time has passed.
   * One Odoo call is one transaction, so the first item found done means the call committed: no more waiting.
   * Until it commits, a re-read sees the old state (draft orders, no record by that reference) and a re-send would
   * do the work a second time (Odoo then answers 422 "not in a state requiring confirmation").
   */
  async #settle<O>(wait: boolean, read: () => Promise<Array<O | undefined>>): Promise<Array<O | undefined>> {
    const started = this.#now();
    const pollMs = Math.min(2_000, Math.max(50, Math.round(this.#timeoutMs / 15)));
    for (;;) {
      const found = await read();
      if (!wait || found.some((v) => v !== undefined) || this.#now() - started >= this.#timeoutMs) return found;
      await this.#sleep(pollMs);
    }
  }
}

/** Records a call works on, for the sizer: the created vals (or `load`'s rows), else the ids, else one. */
function recordsOf(call: OdooCall): number {
  const vals = call.named.vals_list ?? (call.method === 'load' ? call.named.data : undefined);
  if (Array.isArray(vals)) return Math.max(1, vals.length);
  return call.ids?.length ? call.ids.length : 1;
}

function paging(opts: SearchOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (opts.limit !== undefined) out.limit = opts.limit;
  if (opts.offset !== undefined) out.offset = opts.offset;
  if (opts.order !== undefined) out.order = opts.order;
  return out;
}

function idList(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x))) throw protocolError(what, 'an answer that is not a list of ids', 200);
  return v as number[];
}

function records(v: unknown, model: string): ErpRecord[] {
  if (!Array.isArray(v) || !v.every((r) => typeof r === 'object' && r !== null && Number.isInteger((r as ErpRecord).id))) {
    throw protocolError(`${model} read`, 'an answer that is not a list of records', 200);
  }
  return v as ErpRecord[];
}
