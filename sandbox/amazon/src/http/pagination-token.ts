/**
 * Opaque pagination tokens: the position after the last order of the page, the fixed upper time bound of the
 * search, a fingerprint of the filters (later pages must repeat them) and the issue time (valid 24 h), signed so
 * a client cannot forge a position.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IndexKey } from '../store/order-store.ts';

export const TOKEN_VALIDITY_MS = 24 * 3_600_000;

export interface PageState {
  sellerId: string;
  fingerprint: string;
  untilMs: number;
  after: IndexKey;
  issuedMs: number;
}

/** Signs and reads tokens with a key that lives as long as the sandbox. */
export class PaginationTokens {
  readonly #key = randomBytes(32);

  #mac(body: string): Buffer {
    return createHmac('sha256', this.#key).update(body).digest().subarray(0, 16);
  }

  encode(state: PageState): string {
    const body = Buffer.from(JSON.stringify([state.sellerId, state.fingerprint, state.untilMs, state.after.updatedMs,
      state.after.orderId, state.issuedMs])).toString('base64url');
    return `${body}.${this.#mac(body).toString('base64url')}`;
  }

  /** The state in a token, or undefined when it is not one of ours. */
  decode(token: string): PageState | undefined {
    const [body, mac] = token.split('.');
    if (!body || !mac) return undefined;
    const given = Buffer.from(mac, 'base64url');
    const expected = this.#mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const [sellerId, fingerprint, untilMs, updatedMs, orderId, issuedMs] = JSON.parse(
      Buffer.from(body, 'base64url').toString('utf8')) as [string, string, number, number, string, number];
    return { sellerId, fingerprint, untilMs, after: { updatedMs, orderId }, issuedMs };
  }
}
