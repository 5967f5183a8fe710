/** Injected faults: the next N calls of an operation (optionally of one seller) fail as Amazon's do under stress. */
import type { FastifyReply } from 'fastify';
import { quotaExceeded, sendErrors } from './amazon-errors.ts';

export interface Fault {
  operation: string;
  /** 500 InternalFailure, 503 ServiceUnavailable or 429 QuotaExceeded. */
  status: 500 | 503 | 429;
  count: number;
  sellerId?: string;
  /**
   * `x-amzn-RateLimit-Limit` on the failed answer, as given (any text, so a client can be shown a bogus one too).
   * The model declares the header on no 429/500/503, yet Amazon "may or may not" send it on a 429: absent by default.
   */
  rateLimit?: string;
}

/** The pending faults of one sandbox. */
export class Faults {
  #pending: Fault[] = [];

  add(fault: Fault): void {
    if (![500, 503, 429].includes(fault.status)) throw new Error('status must be 500, 503 or 429');
    if (!Number.isInteger(fault.count) || fault.count < 1) throw new Error('count must be a positive integer');
    if (fault.rateLimit !== undefined && typeof fault.rateLimit !== 'string') throw new Error('rateLimit must be a string');
    this.#pending.push({ ...fault });
  }

  /** Answers the call with a fault if one is pending for it; true when it did. */
  apply(operation: string, sellerId: string, reply: FastifyReply): boolean {
    const f = this.#pending.find((x) => x.operation === operation && (!x.sellerId || x.sellerId === sellerId));
    if (!f) return false;
    if (--f.count === 0) this.#pending = this.#pending.filter((x) => x !== f);
    if (f.rateLimit !== undefined) reply.header('x-amzn-RateLimit-Limit', f.rateLimit);
    if (f.status === 429) quotaExceeded(reply);
    else if (f.status === 503) {
      sendErrors(reply, 503, { code: 'ServiceUnavailable', message: 'Service temporarily unavailable. Please try again.' });
    } else sendErrors(reply, 500, { code: 'InternalFailure', message: 'We encountered an internal error. Please try again.' });
    return true;
  }

  clear(): void {
    this.#pending = [];
  }
}
