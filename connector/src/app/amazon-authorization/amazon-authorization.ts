/**
 * "Connect with Amazon", the website authorisation workflow of a public SP-API application: `start` gives the
 * Seller Central consent URL of the backend's region (`application_id`, a fresh `state`, `redirect_uri`, and
 * `version=beta` while the app is a draft) and a `stateRef`, the state bound to the caller's session; `receive`
 * takes Amazon's redirect (public: the browser window of the consent carries no session of ours) and only keeps
 * the code, sealed; `complete`, called by the panel that started it with the same session, exchanges the code at
 * LWA with the backend's LWA client for a refresh token and stores it sealed as the backend's Amazon credential
 * (the same path as pasting one: the refusal is cleared, runtimes dropped, a sweep asked for), audited with the
 * selling partner id. A forged state, a redirect replayed, or another session completing gets nothing.
 */
import type { AmazonAppConfig } from '../../config/panel.ts';
import type { Keyring } from '../../core/crypto.ts';
import { requestLwaTokens } from '../../amazon/lwa-client.ts';
import { recordAudit } from '../../core/audit/audit-log.ts';
import type { BackendRecord, BackendCredentials } from '../../core/backend/index.ts';
import { isSyncError, PermanentError } from '../../core/errors.ts';
import type { Queryable } from '../../core/sql.ts';
import { claimCode, issueState, receiveCode, recordOutcome, recordRedirectOutcome } from './authorization-states.ts';

/** Seller Central of each region (Amazon's "Seller Central URLs"; the consent page is served by each). */
const SELLER_CENTRAL: Record<BackendRecord['amazonRegion'], string> = {
  na: 'https://sellercentral.amazon.com',
  eu: 'https://sellercentral-europe.amazon.com',
  fe: 'https://sellercentral.amazon.co.jp',
};

export interface AuthorizationDeps {
  db: Queryable;
  keyring: Keyring;
  app: AmazonAppConfig;
  amazonEndpoint: { host: string; port: number } | null;
  backend(id: number): Promise<BackendRecord>;
  credentials(id: number): Promise<BackendCredentials>;
  /** Stores the new Amazon credentials the way PUT .../credentials/amazon does. */
  storeAmazon(id: number, amazon: BackendCredentials['amazon'], actor: string): Promise<unknown>;
}

/** Who asks: the actor's name, and the hash of its session (api/auth/session-binding.ts). */
export interface AuthorizationCaller {
  actor: string;
  binding: string;
}

export type AuthorizationProgress = { status: 'pending'; expiresAt: string } | { status: 'connected'; sellingPartnerId: string | null };

export interface CallbackQuery {
  code: string;
  state: string;
  sellingPartnerId: string | null;
}

export function amazonAuthorization(deps: AuthorizationDeps) {
  const configured = () => {
    if (!deps.app.appId || !deps.app.redirectUri) {
      throw new PermanentError('AMAZON_AUTHORIZATION_UNAVAILABLE', '"Connect with Amazon" needs AMAZON_APP_ID and a redirect URI (AMAZON_OAUTH_REDIRECT_URI or CONNECTOR_PUBLIC_URL)');
    }
    return { appId: deps.app.appId, redirectUri: deps.app.redirectUri };
  };
  return {
    /** The consent URL for `backendId`, with a state bound to it and to the caller's session. */
    async start(backendId: number, caller: AuthorizationCaller): Promise<{ url: string; stateRef: string; expiresAt: string }> {
      const { appId, redirectUri } = configured();
      const backend = await deps.backend(backendId);
      const { state, stateRef, expiresAt } = await issueState(deps.db, { backendId, principal: caller.actor, binding: caller.binding, redirectUri });
      const url = new URL('/apps/authorize/consent', deps.app.sellerCentralUrl ?? SELLER_CENTRAL[backend.amazonRegion]);
      url.searchParams.set('application_id', appId);
      url.searchParams.set('state', state);
      url.searchParams.set('redirect_uri', redirectUri);
      if (deps.app.draft) url.searchParams.set('version', 'beta');
      return { url: url.toString(), stateRef, expiresAt: expiresAt.toISOString() };
    },

    /** Amazon's redirect: the code kept sealed for the panel, or a PermanentError with the refusal's code. */
    async receive(q: CallbackQuery): Promise<void> {
      try {
        await receiveCode(deps.db, deps.keyring, q.state, q.code, q.sellingPartnerId);
      } catch (e) {
        // An unknown state has no row: the update touches nothing. A replay's outcome says it was tried.
        if (isSyncError(e)) await recordRedirectOutcome(deps.db, q.state, e.code).catch(() => {});
        throw e;
      }
    },

    /** The panel's completion: pending until the redirect came, then the refresh token stored, once. */
    async complete(backendId: number, stateRef: string, caller: AuthorizationCaller): Promise<AuthorizationProgress> {
      const claimed = await claimCode(deps.db, deps.keyring, backendId, stateRef, caller.binding);
      if (claimed === 'pending') return { status: 'pending', expiresAt: await expiryOf(stateRef) };
      const q = claimed;
      try {
        const backend = await deps.backend(backendId);
        if (q.sellingPartnerId && q.sellingPartnerId !== backend.sellerId) {
          throw new PermanentError('AUTHORIZATION_SELLER_MISMATCH', `Amazon's seller ${q.sellingPartnerId} authorised, but the backend is seller ${backend.sellerId}`);
        }
        const current = (await deps.credentials(backendId)).amazon;
        let refreshToken: string | null;
        try {
          ({ refreshToken } = await requestLwaTokens(
            { clientId: current.lwaClientId, clientSecret: current.lwaClientSecret },
            { grantType: 'authorization_code', code: q.code, redirectUri: q.redirectUri },
            { endpoint: deps.amazonEndpoint },
          ));
        } catch (e) {
          if (isSyncError(e) && e.code === 'AMAZON_AUTH_FAILED') {
            throw new PermanentError('AUTHORIZATION_CODE_REFUSED', `Login with Amazon refused the authorisation code (${String(e.details.lwaError)})`, { lwaError: e.details.lwaError });
          }
          throw e;
        }
        if (!refreshToken) throw new PermanentError('AUTHORIZATION_CODE_REFUSED', 'Login with Amazon answered without a refresh token');
        await deps.storeAmazon(backendId, { ...current, refreshToken }, caller.actor);
        await recordAudit(deps.db, {
          actor: caller.actor,
          action: 'backend.amazon-authorized',
          backendId,
          target: `backend:${backendId}`,
          after: { sellingPartnerId: q.sellingPartnerId, via: 'website authorisation workflow' },
        });
        await recordOutcome(deps.db, q.stateHash, 'authorized');
        return { status: 'connected', sellingPartnerId: q.sellingPartnerId };
      } catch (e) {
        await recordOutcome(deps.db, q.stateHash, isSyncError(e) ? e.code : 'INTERNAL').catch(() => {});
        throw e;
      }
    },
  };

  async function expiryOf(stateRef: string): Promise<string> {
    const { rows } = await deps.db.query<{ expires_at: Date }>('select expires_at from amazon_authorization_state where state_ref = $1', [stateRef]);
    return (rows[0]?.expires_at ?? new Date()).toISOString();
  }
}
export type AmazonAuthorization = ReturnType<typeof amazonAuthorization>;
