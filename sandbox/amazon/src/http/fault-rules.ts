/**
 * Fault rules: a share of the calls of an operation (or of all), optionally of one seller, fails for a while, each
 * failure of a kind drawn from the rule's list. Seeded rules draw from their own stream, so the same calls in the
 * same order meet the same faults (tests are not flaky); the count-based faults stay in faults.ts.
 */
import { createRng, mixSeed, type Rng } from '../generator/prng.ts';

/**
 * How a call fails: Amazon's 429 / 500 / 503 answers, an answer held past the client's timeout, a dropped socket;
 * the `_after_accept` kinds let the operation run first (a write is accepted and recorded), then hold or drop the
 * answer: the unknown outcome a client must resolve by reading back.
 */
export type FaultKind = '429' | '500' | '503' | 'timeout' | 'drop' | 'timeout_after_accept' | 'drop_after_accept';
export const FAULT_KINDS: readonly FaultKind[] = ['429', '500', '503', 'timeout', 'drop', 'timeout_after_accept', 'drop_after_accept'];
/** Kinds that act once the operation has run. */
export const AFTER_ACCEPT_KINDS: ReadonlySet<FaultKind> = new Set(['timeout_after_accept', 'drop_after_accept']);

export interface FaultRule {
  /** An operationId (`searchOrders`, `getOrder`, ...) or `*` for every SP-API operation. */
  operation: string;
  sellerId?: string;
  /** Share of the matching calls that fail, 0-100. */
  percent: number;
  /** Kinds drawn uniformly for each failure (name one twice to weight it). */
  kinds: FaultKind[];
  /** How long the rule lasts, in sandbox seconds (divided by `timeScale`); absent: until cleared. */
  durationSeconds?: number;
  /** Seeds the rule's own stream: deterministic draws. Absent: Math.random. */
  seed?: number;
  /** `timeout`: how long the answer is held before the socket is closed unanswered (default 120 s, past any client's timeout). */
  holdMs?: number;
  /** `x-amzn-RateLimit-Limit` on a 429 / 500 / 503 it gives, as given. */
  rateLimit?: string;
}

export interface ActiveRule extends FaultRule {
  id: number;
  /** Clock ms when the rule ends (null: never). */
  endsAt: number | null;
  /** Matching calls seen and faults given. */
  seen: number;
  fired: number;
}

export const DEFAULT_HOLD_MS = 120_000;

/** Checks a rule; throws an Error whose message says what is wrong (the admin API answers it as BAD_FAULT). */
export function checkRule(rule: FaultRule, knownOperations: ReadonlySet<string>): void {
  if (typeof rule.operation !== 'string' || (rule.operation !== '*' && !knownOperations.has(rule.operation))) {
    throw new Error(`operation must be '*' or an SP-API operationId, got ${String(rule.operation)}`);
  }
  if (!(typeof rule.percent === 'number' && rule.percent >= 0 && rule.percent <= 100)) throw new Error('percent must be from 0 to 100');
  if (!Array.isArray(rule.kinds) || rule.kinds.length === 0 || rule.kinds.some((k) => !FAULT_KINDS.includes(k))) {
    throw new Error(`kinds must be a non-empty list of ${FAULT_KINDS.join(', ')}`);
  }
  if (rule.durationSeconds !== undefined && !(rule.durationSeconds > 0 && Number.isFinite(rule.durationSeconds))) {
    throw new Error('durationSeconds must be a positive number');
  }
  if (rule.seed !== undefined && !Number.isInteger(rule.seed)) throw new Error('seed must be an integer');
  if (rule.holdMs !== undefined && !(Number.isInteger(rule.holdMs) && rule.holdMs >= 0 && rule.holdMs <= 3_600_000)) {
    throw new Error('holdMs must be an integer from 0 to 3600000');
  }
}

/** The active rules of one sandbox and their streams. */
export class FaultRules {
  #rules: ActiveRule[] = [];
  readonly #streams = new Map<number, () => number>();
  #nextId = 1;

  add(rule: FaultRule, nowMs: number, timeScale: number): ActiveRule {
    const id = this.#nextId++;
    const endsAt = rule.durationSeconds === undefined ? null : nowMs + (rule.durationSeconds * 1000) / timeScale;
    const active: ActiveRule = { ...rule, kinds: [...rule.kinds], id, endsAt, seen: 0, fired: 0 };
    const rng: Rng | null = rule.seed === undefined ? null : createRng(mixSeed(rule.seed, 'faults'));
    this.#streams.set(id, rng ? () => rng.next() : Math.random);
    this.#rules.push(active);
    return active;
  }

  /**
   * The fault this call meets, if any: every live rule matching it draws twice (fault or not, then the kind), so a
   * rule's stream does not depend on the other rules; the first rule that fires decides.
   */
  draw(operation: string, sellerId: string, nowMs: number): { rule: ActiveRule; kind: FaultKind } | null {
    this.#rules = this.#rules.filter((r) => r.endsAt === null || r.endsAt > nowMs);
    let hit: { rule: ActiveRule; kind: FaultKind } | null = null;
    for (const r of this.#rules) {
      if ((r.operation !== '*' && r.operation !== operation) || (r.sellerId && r.sellerId !== sellerId)) continue;
      const next = this.#streams.get(r.id)!;
      const fails = next() * 100 < r.percent;
      const kind = r.kinds[Math.min(r.kinds.length - 1, Math.floor(next() * r.kinds.length))]!;
      r.seen++;
      if (fails && !hit) {
        r.fired++;
        hit = { rule: r, kind };
      }
    }
    return hit;
  }

  /** The live rules (expired ones dropped). */
  list(nowMs: number): ActiveRule[] {
    this.#rules = this.#rules.filter((r) => r.endsAt === null || r.endsAt > nowMs);
    return this.#rules.map((r) => ({ ...r, kinds: [...r.kinds] }));
  }

  clear(): void {
    this.#rules = [];
    this.#streams.clear();
  }
}
