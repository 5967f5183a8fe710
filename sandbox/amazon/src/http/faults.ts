/**
 * Injected faults, as Amazon's fail under stress: the next N calls of an operation (count-based, the first form),
 * or a share of the calls for a while (fault-rules.ts). A fault answers 429 / 500 / 503 in Amazon's shapes, holds
 * the answer past the client's timeout (`timeout`), or destroys the socket without an answer (`drop`). Every fault
 * given is counted (`GET /_sandbox/faults`, and in `/_sandbox/calls`), so a test can assert that faults fired.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DOCUMENTED_USAGE_PLANS } from '../rate/usage-plans.ts';
import { quotaExceeded, sendErrors } from './amazon-errors.ts';
import { AFTER_ACCEPT_KINDS, checkRule, DEFAULT_HOLD_MS, FAULT_KINDS, FaultRules, type ActiveRule, type FaultKind, type FaultRule } from './fault-rules.ts';

export type { FaultKind, FaultRule } from './fault-rules.ts';

export interface Fault {
  operation: string;
  /** 500 InternalFailure, 503 ServiceUnavailable or 429 QuotaExceeded (or give `kind` instead). */
  status?: 500 | 503 | 429;
  /** Any fault kind, `timeout` and `drop` included (instead of `status`). */
  kind?: FaultKind;
  count: number;
  sellerId?: string;
  /**
   * `x-amzn-RateLimit-Limit` on the failed answer, as given (any text, so a client can be shown a bogus one too).
   * The model declares the header on no 429/500/503, yet Amazon "may or may not" send it on a 429: absent by default.
   */
  rateLimit?: string;
  /** `timeout`: how long the answer is held (default 120 s). */
  holdMs?: number;
}

export interface FaultsSnapshot {
  pending: Fault[];
  rules: ActiveRule[];
  fired: { total: number; byKind: Record<string, number>; byOperation: Record<string, number> };
}

const KNOWN = new Set(Object.keys(DOCUMENTED_USAGE_PLANS));

/** The faults of one sandbox. */
export class Faults {
  #pending: Fault[] = [];
  readonly #rules = new FaultRules();
  readonly #held = new Set<{ timer: NodeJS.Timeout; req: FastifyRequest; onClosed?: () => void }>();
  #fired = { total: 0, byKind: {} as Record<string, number>, byOperation: {} as Record<string, number> };
  readonly #now: () => number;
  readonly #timeScale: number;

  constructor(now: () => number = Date.now, timeScale = 1) {
    this.#now = now;
    this.#timeScale = timeScale;
  }

  add(fault: Fault): void {
    if ((fault.status === undefined) === (fault.kind === undefined)) throw new Error('give either status or kind');
    if (fault.status !== undefined && ![500, 503, 429].includes(fault.status)) throw new Error('status must be 500, 503 or 429');
    if (fault.kind !== undefined && !FAULT_KINDS.includes(fault.kind)) throw new Error(`kind must be one of ${FAULT_KINDS.join(', ')}`);
    if (!Number.isInteger(fault.count) || fault.count < 1) throw new Error('count must be a positive integer');
    if (fault.rateLimit !== undefined && typeof fault.rateLimit !== 'string') throw new Error('rateLimit must be a string');
    this.#pending.push({ ...fault });
  }

  /** Adds a percentage rule; returns it with its id and end. */
  addRule(rule: FaultRule): ActiveRule {
    checkRule(rule, KNOWN);
    return this.#rules.add(rule, this.#now(), this.#timeScale);
  }

  /** The fault this call meets (a pending count first, then the rules), or null; counts it. */
  draw(operation: string, sellerId: string): { kind: FaultKind; rateLimit?: string; holdMs?: number } | null {
    const f = this.#pending.find((x) => x.operation === operation && (!x.sellerId || x.sellerId === sellerId));
    let hit: { kind: FaultKind; rateLimit?: string; holdMs?: number } | null = null;
    if (f) {
      if (--f.count === 0) this.#pending = this.#pending.filter((x) => x !== f);
      hit = { kind: f.kind ?? (String(f.status) as FaultKind), rateLimit: f.rateLimit, holdMs: f.holdMs };
    } else {
      const r = this.#rules.draw(operation, sellerId, this.#now());
      if (r) hit = { kind: r.kind, rateLimit: r.rule.rateLimit, holdMs: r.rule.holdMs };
    }
    if (hit) {
      this.#fired.total++;
      this.#fired.byKind[hit.kind] = (this.#fired.byKind[hit.kind] ?? 0) + 1;
      this.#fired.byOperation[operation] = (this.#fired.byOperation[operation] ?? 0) + 1;
    }
    return hit;
  }

  /**
   * Answers the call with a fault if one is due for it and returns its kind (the reply is then sent or taken over);
   * an `_after_accept` kind is only noted on `req.callInfo` (the operation runs, `afterAccept` acts on its answer).
   */
  apply(operation: string, sellerId: string, req: FastifyRequest, reply: FastifyReply): FaultKind | null {
    const f = this.draw(operation, sellerId);
    if (!f) return null;
    if (AFTER_ACCEPT_KINDS.has(f.kind)) {
      if (req.callInfo) {
        req.callInfo.afterAccept = { kind: f.kind as 'timeout_after_accept' | 'drop_after_accept', holdMs: f.holdMs ?? DEFAULT_HOLD_MS };
      }
    } else if (f.kind === 'drop') {
      reply.hijack();
      req.raw.socket.destroy();
    } else if (f.kind === 'timeout') {
      reply.hijack();
      this.#hold(req, f.holdMs ?? DEFAULT_HOLD_MS);
    } else {
      if (f.rateLimit !== undefined) reply.header('x-amzn-RateLimit-Limit', f.rateLimit);
      if (f.kind === '429') quotaExceeded(reply);
      else if (f.kind === '503') {
        sendErrors(reply, 503, { code: 'ServiceUnavailable', message: 'Service temporarily unavailable. Please try again.' });
      } else sendErrors(reply, 500, { code: 'InternalFailure', message: 'We encountered an internal error. Please try again.' });
    }
    return f.kind;
  }

  /** The operation ran: its answer is lost (dropped at once, or held then closed unanswered); resolves once closed. */
  afterAccept(req: FastifyRequest, kind: 'timeout_after_accept' | 'drop_after_accept', holdMs: number): Promise<void> {
    if (kind === 'drop_after_accept') {
      req.raw.socket.destroy();
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#hold(req, holdMs, resolve));
  }

  /** Never answers: the socket is closed unanswered after `holdMs`, or when the client gives up first. */
  #hold(req: FastifyRequest, holdMs: number, onClosed?: () => void): void {
    const entry = { req, onClosed, timer: setTimeout(() => release(), holdMs) };
    const release = () => {
      clearTimeout(entry.timer);
      this.#held.delete(entry);
      req.raw.socket.destroy();
      onClosed?.();
    };
    req.raw.socket.once('close', release);
    this.#held.add(entry);
  }

  snapshot(): FaultsSnapshot {
    return {
      pending: this.#pending.map((f) => ({ ...f })),
      rules: this.#rules.list(this.#now()),
      fired: { total: this.#fired.total, byKind: { ...this.#fired.byKind }, byOperation: { ...this.#fired.byOperation } },
    };
  }

  /** Pending faults and rules forgotten (the counters stay until `resetCounters`). */
  clear(): void {
    this.#pending = [];
    this.#rules.clear();
  }

  resetCounters(): void {
    this.#fired = { total: 0, byKind: {}, byOperation: {} };
  }

  /** Closes every held socket (the server is closing). */
  releaseHeld(): void {
    for (const h of [...this.#held]) {
      clearTimeout(h.timer);
      h.req.raw.socket.destroy();
      h.onClosed?.();
    }
    this.#held.clear();
  }
}
