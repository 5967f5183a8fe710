/**
 * The SP-API applications the sandbox knows (Seller Central's view of the Developer Console: id, name, LWA client,
 * redirect URIs, draft or published) and what the website authorisation workflow leaves behind: one-time
 * authorisation codes (5 minutes, single use, bound to the application, the seller and the redirect URI) and the
 * refresh tokens LWA issued for them.
 */
import { randomBytes } from 'node:crypto';

export interface SandboxApplication {
  /** `amzn1.sp.solution.<uuid>`: the `application_id` of the consent URL. */
  applicationId: string;
  name: string;
  /** The application's LWA client: the code is exchanged with these. */
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs; empty: any http(s) `redirect_uri` given in the consent URL is taken (the demo). */
  redirectUris: string[];
  /** A draft application is authorised only with `version=beta` (Amazon's MD1000 otherwise). */
  draft: boolean;
}

/** How long an authorisation code may be exchanged (Amazon: five minutes). */
export const CODE_TTL_MS = 5 * 60_000;

interface IssuedCode {
  applicationId: string;
  clientId: string;
  sellerId: string;
  redirectUri: string;
  expiresAt: number;
}

/** Codes issued on consent and refresh tokens issued on their exchange. */
export class Authorizations {
  readonly #codes = new Map<string, IssuedCode>();
  /** refresh token -> the seller who granted it and the client it was granted to. */
  readonly #grants = new Map<string, { sellerId: string; clientId: string }>();

  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** A new code for `sellerId`'s consent to `app`, redirecting to `redirectUri`. */
  issueCode(app: SandboxApplication, sellerId: string, redirectUri: string): string {
    const code = `ANsandbox${randomBytes(15).toString('base64url')}`;
    this.#codes.set(code, { applicationId: app.applicationId, clientId: app.clientId, sellerId, redirectUri, expiresAt: this.#now() + CODE_TTL_MS });
    return code;
  }

  /**
   * Redeems a code once: its seller and a new refresh token, or why not (`unknown`: never issued, used or expired;
   * `client`: issued to another application; `redirect`: another redirect URI than the consent's). A code is spent
   * by any attempt, as with LWA.
   */
  redeem(code: string, clientId: string, redirectUri: string | undefined): { sellerId: string; refreshToken: string } | { refused: 'unknown' | 'client' | 'redirect' } {
    const issued = this.#codes.get(code);
    this.#codes.delete(code);
    if (!issued || issued.expiresAt <= this.#now()) return { refused: 'unknown' };
    if (issued.clientId !== clientId) return { refused: 'client' };
    if (redirectUri !== issued.redirectUri) return { refused: 'redirect' };
    const refreshToken = `Atzr|${randomBytes(32).toString('base64url')}`;
    this.#grants.set(refreshToken, { sellerId: issued.sellerId, clientId });
    return { sellerId: issued.sellerId, refreshToken };
  }

  /** The seller a refresh token issued here was granted by, for `clientId`. */
  grantOf(refreshToken: string, clientId: string): string | undefined {
    const g = this.#grants.get(refreshToken);
    return g && g.clientId === clientId ? g.sellerId : undefined;
  }
}
