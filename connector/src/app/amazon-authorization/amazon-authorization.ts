/**
 * "Connect with Amazon", the website authorisation workflow of a public SP-API application: `start` gives the
 * Seller Central consent URL of the backend's region (`application_id`, a fresh `state`, `redirect_uri`, and
 * `version=beta` while the app is a draft); `complete` takes Amazon's redirect (`spapi_oauth_code`, `state`,
 * `selling_partner_id`), proves the state, exchanges the code at LWA with the backend's LWA client for a
 * refresh token and stores it sealed as the backend's Amazon credential (the same path as pasting one: the
 * refusal is cleared, runtimes dropped, a sweep asked for), audited with the selling partner id.
 */
import type { AmazonAppConfig } from '../../config/panel.ts';
import { requestLwaTokens } from '../../amazon/lwa-client.ts';
import { recordAudit } from '../../core/audit/audit-log.ts';
import type { BackendRecord, BackendCredentials } from '../../core/backend/index.ts';
import { isSyncError, PermanentError } from '../../core/errors.ts';
import type { Queryable } from '../../core/sql.ts';
import { consumeState, issueState, recordOutcome } from './authorization-states.ts';

/** Seller Central of each region (Amazon's "Seller Central URLs"; the consent page is served by each). */
const SELLER_CENTRAL: Record<BackendRecord['amazonRegion'], string> = {
  na: 'https://sellercentral.amazon.com',
  eu: 'https://sellercentral-europe.amazon.com',
  fe: 'https://sellercentral.amazon.co.jp',
};

export interface AuthorizationDeps {
  db: Queryable;
  app: AmazonAppConfig;
  amazonEndpoint: { host: string; port: number } | null;
  backend(id: number): Promise<BackendRecord>;
  credentials(id: number): Promise<BackendCredentials>;
  /** Stores the new Amazon credentials the way PUT .../credentials/amazon does. */
  storeAmazon(id: number, amazon: BackendCredentials['amazon'], actor: string): Promise<unknown>;
}

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
    /** The consent URL for `backendId`, with a state bound to it and to `principal`. */
    async start(backendId: number, principal: string): Promise<{ url: string; expiresAt: string }> {
      const { appId, redirectUri } = configured();
      const backend = await deps.backend(backendId);
      const { state, expiresAt } = await issueState(deps.db, { backendId, principal, redirectUri });
      const url = new URL('/apps/authorize/consent', deps.app.sellerCentralUrl ?? SELLER_CENTRAL[backend.amazonRegion]);
      url.searchParams.set('application_id', appId);
      url.searchParams.set('state', state);
      url.searchParams.set('redirect_uri', redirectUri);
      if (deps.app.draft) url.searchParams.set('version', 'beta');
      return { url: url.toString(), expiresAt: expiresAt.toISOString() };
    },

    /** Amazon's redirect: the backend authorised, or a PermanentError with the refusal's code (recorded on the state). */
    async complete(q: CallbackQuery): Promise<{ backendId: number; sellingPartnerId: string | null }> {
      const bound = await consumeState(deps.db, q.state, q.sellingPartnerId);
      try {
        const backend = await deps.backend(bound.backendId);
        if (q.sellingPartnerId && q.sellingPartnerId !== backend.sellerId) {
          throw new PermanentError('AUTHORIZATION_SELLER_MISMATCH', `Amazon's seller ${q.sellingPartnerId} authorised, but the backend is seller ${backend.sellerId}`);
        }
        const current = (await deps.credentials(bound.backendId)).amazon;
        let refreshToken: string | null;
        try {
          ({ refreshToken } = await requestLwaTokens(
            { clientId: current.lwaClientId, clientSecret: current.lwaClientSecret },
            { grantType: 'authorization_code', code: q.code, redirectUri: bound.redirectUri },
            { endpoint: deps.amazonEndpoint },
          ));
        } catch (e) {
          if (isSyncError(e) && e.code === 'AMAZON_AUTH_FAILED') {
            throw new PermanentError('AUTHORIZATION_CODE_REFUSED', `Login with Amazon refused the authorisation code (${String(e.details.lwaError)})`, { lwaError: e.details.lwaError });
          }
          throw e;
        }
        if (!refreshToken) throw new PermanentError('AUTHORIZATION_CODE_REFUSED', 'Login with Amazon answered without a refresh token');
        await deps.storeAmazon(bound.backendId, { ...current, refreshToken }, bound.principal);
        await recordAudit(deps.db, {
          actor: bound.principal,
          action: 'backend.amazon-authorized',
          backendId: bound.backendId,
          target: `backend:${bound.backendId}`,
          after: { sellingPartnerId: q.sellingPartnerId, via: 'website authorisation workflow' },
        });
        await recordOutcome(deps.db, q.state, 'authorized');
        return { backendId: bound.backendId, sellingPartnerId: q.sellingPartnerId };
      } catch (e) {
        await recordOutcome(deps.db, q.state, isSyncError(e) ? e.code : 'INTERNAL').catch(() => {});
        throw e;
      }
    },
  };
}
export type AmazonAuthorization = ReturnType<typeof amazonAuthorization>;
