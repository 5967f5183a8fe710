/**
 * Fault rules of the ERP sandbox: a share of the calls of a `model.method` (or of every call, or of the writes
 * only) fails for a while, as a real Odoo and the proxy in front of it fail: proxy error pages, Odoo's own server
 * error, slow answers, and answers lost after the transaction committed. Seeded rules draw from their own stream,
 * so the same calls in the same order meet the same faults.
 */

/**
 * - `500` / `502` / `503`: the proxy's HTML error page with that status, on both transports (the call never ran);
 * - `odoo_error`: Odoo's own error answer for a server fault (psycopg2 OperationalError; the call rolled back);
 * - `drop`: the socket destroyed before the call ran (nothing done, no answer);
 * - `slow`: the call runs and commits, the answer comes `delayMs` later;
 * - `drop_after_commit`: the call runs and commits, then the socket is destroyed without an answer.
 */
export type ErpFaultKind = '500' | '502' | '503' | 'odoo_error' | 'drop' | 'slow' | 'drop_after_commit';
export const ERP_FAULT_KINDS: readonly ErpFaultKind[] = ['500', '502', '503', 'odoo_error', 'drop', 'slow', 'drop_after_commit'];

export interface ErpFaultRule {
  /** `model.method` (e.g. `sale.order.create`), `*` for every model call, `writes` for every call but the reads. */
  target: string;
  /** Share of the matching calls that fail, 0-100. */
  percent: number;
  /** Kinds drawn uniformly for each failure (name one twice to weight it). */
  kinds: ErpFaultKind[];
  /** How long the rule lasts, in seconds; absent: until cleared. */
  durationSeconds?: number;
  /** Seeds the rule's own stream (deterministic draws); absent: Math.random. */
  seed?: number;
  /** `slow`: the added delay in ms (default 2000). */
  delayMs?: number;
  /** The rule ends after giving this many faults (e.g. 1 with percent 100: exactly the next matching call). */
  count?: number;
}

export interface ActiveErpRule extends ErpFaultRule {
  id: number;
  endsAt: number | null;
  seen: number;
  fired: number;
}

export interface ErpFaultsSnapshot {
  rules: ActiveErpRule[];
  fired: { total: number; byKind: Record<string, number>; byTarget: Record<string, number> };
}

/** The methods that only read (everything else counts as a write for `writes`). */
const READS = new Set(['read', 'search', 'search_read', 'search_count', 'fields_get', 'name_search', 'exists',
  'context_get', 'read_group', 'web_search_read', 'web_read', 'default_get', 'check_access_rights', 'name_get']);

export const DEFAULT_DELAY_MS = 2000;

/** A seeded 32-bit stream (mulberry32): enough for fault draws, and the same for the same seed. */
function stream(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Checks a rule (the admin API's schema did the types); throws with what is wrong. */
export function checkErpRule(r: ErpFaultRule): void {
  if (r.target !== '*' && r.target !== 'writes' && !/^[a-z0-9_]+(\.[a-z0-9_]+)+$/.test(r.target)) {
    throw new Error(`target must be '*', 'writes' or model.method, got ${String(r.target)}`);
  }
  if (!(r.percent >= 0 && r.percent <= 100)) throw new Error('percent must be from 0 to 100');
  if (!r.kinds.length || r.kinds.some((k) => !ERP_FAULT_KINDS.includes(k))) throw new Error(`kinds must be a non-empty list of ${ERP_FAULT_KINDS.join(', ')}`);
  if (r.durationSeconds !== undefined && !(r.durationSeconds > 0 && Number.isFinite(r.durationSeconds))) throw new Error('durationSeconds must be positive');
  if (r.seed !== undefined && !Number.isInteger(r.seed)) throw new Error('seed must be an integer');
  if (r.delayMs !== undefined && !(Number.isInteger(r.delayMs) && r.delayMs >= 0 && r.delayMs <= 600_000)) throw new Error('delayMs must be 0-600000');
  if (r.count !== undefined && !(Number.isInteger(r.count) && r.count >= 1)) throw new Error('count must be a positive integer');
}

/** The live rules of one ERP sandbox and the faults they gave. */
export class ErpFaults {
  #rules: ActiveErpRule[] = [];
  readonly #streams = new Map<number, () => number>();
  #nextId = 1;
  #fired = { total: 0, byKind: {} as Record<string, number>, byTarget: {} as Record<string, number> };
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  add(rule: ErpFaultRule): ActiveErpRule {
    checkErpRule(rule);
    const id = this.#nextId++;
    const endsAt = rule.durationSeconds === undefined ? null : this.#now() + rule.durationSeconds * 1000;
    const active: ActiveErpRule = { ...rule, kinds: [...rule.kinds], id, endsAt, seen: 0, fired: 0 };
    this.#streams.set(id, rule.seed === undefined ? Math.random : stream(rule.seed));
    this.#rules.push(active);
    return { ...active };
  }

  /**
   * The fault the call `model.method` meets, or null. Each live matching rule draws twice (fault or not, then the
   * kind) whatever the others do; the first that fires decides.
   */
  draw(model: string, method: string): { kind: ErpFaultKind; delayMs: number } | null {
    this.#dropEnded();
    const key = `${model}.${method}`;
    let hit: { kind: ErpFaultKind; delayMs: number } | null = null;
    for (const r of this.#rules) {
      const matches = r.target === '*' || r.target === key || (r.target === 'writes' && !READS.has(method));
      if (!matches) continue;
      const next = this.#streams.get(r.id)!;
      const fails = next() * 100 < r.percent;
      const kind = r.kinds[Math.min(r.kinds.length - 1, Math.floor(next() * r.kinds.length))]!;
      r.seen++;
      if (fails && !hit) {
        r.fired++;
        hit = { kind, delayMs: r.delayMs ?? DEFAULT_DELAY_MS };
      }
    }
    if (hit) {
      this.#fired.total++;
      this.#fired.byKind[hit.kind] = (this.#fired.byKind[hit.kind] ?? 0) + 1;
      this.#fired.byTarget[key] = (this.#fired.byTarget[key] ?? 0) + 1;
    }
    return hit;
  }

  /** Rules past their duration or their count are gone. */
  #dropEnded(): void {
    const now = this.#now();
    this.#rules = this.#rules.filter((r) => (r.endsAt === null || r.endsAt > now) && (r.count === undefined || r.fired < r.count));
  }

  snapshot(): ErpFaultsSnapshot {
    this.#dropEnded();
    return {
      rules: this.#rules.map((r) => ({ ...r, kinds: [...r.kinds] })),
      fired: { total: this.#fired.total, byKind: { ...this.#fired.byKind }, byTarget: { ...this.#fired.byTarget } },
    };
  }

  /** Forgets the rules (the counters stay until `resetCounters`). */
  clear(): void {
    this.#rules = [];
    this.#streams.clear();
  }

  resetCounters(): void {
    this.#fired = { total: 0, byKind: {}, byTarget: {} };
  }
}
