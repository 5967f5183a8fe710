/**
 * LWA access tokens issued by the sandbox: opaque `Atza|...` strings for one hour, bound either to one seller
 * (refresh_token grant) or to an application and a scope (client_credentials grant: grantless operations).
 */
import { randomBytes } from 'node:crypto';

export const ACCESS_TOKEN_TTL_S = 3600;

interface Grant {
  /** Absent for a grantless token: it acts for the application, not for a seller. */
  sellerId?: string;
  /** The LWA client id (the application) the token was issued to. */
  clientId?: string;
  scope?: string;
  expiresAt: number;
}

export type TokenCheck =
  | { ok: true; sellerId: string }
  | { ok: false; details: string };

export type GrantlessCheck =
  | { ok: true; clientId: string }
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
  issue(sellerId: string, clientId?: string): { token: string; expiresIn: number } {
    const token = `Atza|${randomBytes(48).toString('base64url')}`;
    this.#grants.set(token, { sellerId, clientId, expiresAt: this.#now() + ACCESS_TOKEN_TTL_S * 1000 });
    return { token, expiresIn: ACCESS_TOKEN_TTL_S };
  }

  /** Issues a grantless token (client_credentials) of an application for one scope. */
  issueGrantless(clientId: string, scope: string): { token: string; expiresIn: number } {
    const token = `Atza|${randomBytes(48).toString('base64url')}`;
    this.#grants.set(token, { clientId, scope, expiresAt: this.#now() + ACCESS_TOKEN_TTL_S * 1000 });
    return { token, expiresIn: ACCESS_TOKEN_TTL_S };
  }

  /**
   * The application of a grantless token of `scope`. A seller's token is refused here, and a grantless token is
   * refused by `check`: Amazon answers both with 403 Unauthorized "Access to requested resource is denied.".
   */
  checkGrantless(token: string | string[] | undefined, scope: string): GrantlessCheck {
    if (typeof token !== 'string' || token === '') return { ok: false, details: TOKEN_DETAILS.missing };
    const grant = this.#grants.get(token);
    if (!grant) return { ok: false, details: TOKEN_DETAILS.invalid };
    if (grant.expiresAt <= this.#now()) return { ok: false, details: TOKEN_DETAILS.expired };
    if (grant.sellerId !== undefined || grant.scope !== scope || !grant.clientId) return { ok: false, details: TOKEN_DETAILS.missing };
    return { ok: true, clientId: grant.clientId };
  }

  /** The application a seller token was issued to (undefined for unknown tokens). */
  clientOf(token: string | string[] | undefined): string | undefined {
    return typeof token === 'string' ? this.#grants.get(token)?.clientId : undefined;
  }

  /** The seller of a token from the x-amz-access-token header, or why it is refused. */
  check(token: string | string[] | undefined): TokenCheck {
    if (typeof token !== 'string' || token === '') return { ok: false, details: TOKEN_DETAILS.missing };
    const grant = this.#grants.get(token);
    if (!grant) return { ok: false, details: TOKEN_DETAILS.invalid };
    if (grant.expiresAt <= this.#now()) return { ok: false, details: TOKEN_DETAILS.expired };
    // A grantless token does not act for a seller: "Access to requested resource is denied.", no details.
    if (grant.sellerId === undefined) return { ok: false, details: TOKEN_DETAILS.missing };
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
      if (sellerId === undefined ? true : grant.sellerId === sellerId) {
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
