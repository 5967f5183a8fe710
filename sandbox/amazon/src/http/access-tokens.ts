/** LWA access tokens issued by the sandbox: opaque `Atza|...` strings bound to one seller for one hour. */
import { randomBytes } from 'node:crypto';

export const ACCESS_TOKEN_TTL_S = 3600;

interface Grant {
  sellerId: string;
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; sellerId: string }
  | { ok: false; details: string };

/** Details strings as Amazon words them (amazon-sp-api refreshes the token when it reads "...has expired"). */
export const TOKEN_DETAILS = {
  missing: '',
  invalid: 'The access token you provided is revoked, malformed or invalid.',
  expired: 'The access token you provided has expired.',
};

/** The tokens of one sandbox. */
export class AccessTokens {
  readonly #grants = new Map<string, Grant>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** Issues a fresh token for a seller. */
  issue(sellerId: string): { token: string; expiresIn: number } {
    const token = `Atza|${randomBytes(48).toString('base64url')}`;
    this.#grants.set(token, { sellerId, expiresAt: this.#now() + ACCESS_TOKEN_TTL_S * 1000 });
    return { token, expiresIn: ACCESS_TOKEN_TTL_S };
  }

  /** The seller of a token from the x-amz-access-token header, or why it is refused. */
  check(token: string | string[] | undefined): TokenCheck {
    if (typeof token !== 'string' || token === '') return { ok: false, details: TOKEN_DETAILS.missing };
    const grant = this.#grants.get(token);
    if (!grant) return { ok: false, details: TOKEN_DETAILS.invalid };
    if (grant.expiresAt <= this.#now()) return { ok: false, details: TOKEN_DETAILS.expired };
    return { ok: true, sellerId: grant.sellerId };
  }

  /** Makes every issued token expire now (tests of the client's refresh; admin API). */
  expireAll(): void {
    const now = this.#now();
    for (const grant of this.#grants.values()) grant.expiresAt = now;
  }

  /** Revokes the tokens of one seller (all when absent): they are then "revoked, malformed or invalid". */
  revoke(sellerId?: string): number {
    let n = 0;
    for (const [token, grant] of this.#grants) {
      if (sellerId === undefined || grant.sellerId === sellerId) {
        this.#grants.delete(token);
        n += 1;
      }
    }
    return n;
  }

  clear(): void {
    this.#grants.clear();
  }
}
