/**
 * The signed-in user and how the panel keeps its session: embedded (the ERP's token exchanged, refreshed before
 * expiry, the parent asked again when it lapses), a local login, or an API token typed in for development.
 */
import { computed, reactive, readonly } from 'vue';
import { ApiError } from '@/api/api-error';
import { setToken } from './token-store';
import { askParentForToken, browserWindow, isEmbedded, takeTokenFromHash, type HostWindow } from './embedded';
import { sessionApi, type SessionConfig, type SessionGrant, type SessionUser } from './session-api';

export type AccessLevel = 'read' | 'write' | 'resolve';
type Status = 'starting' | 'signed-in' | 'signed-out';

const state = reactive({
  status: 'starting' as Status,
  user: null as SessionUser | null,
  embedded: false,
  config: { erpOrigins: [], localLogin: true } as SessionConfig,
  error: null as ApiError | null,
});
let host: HostWindow | undefined;
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
/** Refresh this long before the session expires (and never sooner than 5 s from now). */
const REFRESH_MARGIN_MS = 60_000;

function signIn(grant: SessionGrant): void {
  setToken(grant.sessionToken);
  Object.assign(state, { status: 'signed-in', user: grant.user, error: null });
  clearTimeout(refreshTimer);
  const wait = Math.max(5_000, Date.parse(grant.expiresAt) - Date.now() - REFRESH_MARGIN_MS);
  refreshTimer = setTimeout(() => void refreshNow(grant.sessionToken), wait);
}

function signedOut(error: ApiError | null = null): void {
  clearTimeout(refreshTimer);
  setToken(undefined);
  Object.assign(state, { status: 'signed-out', user: null, error });
}

async function exchange(erpToken: string): Promise<void> {
  try {
    signIn(await sessionApi.exchange(erpToken));
  } catch (e) {
    signedOut(ApiError.from(e));
  }
}

/** Asks the ERP page for a new token (embedded only) and exchanges it; signed out when none comes. */
async function askParent(): Promise<void> {
  if (!host || !state.embedded) return signedOut(state.error);
  const token = await askParentForToken(host, state.config.erpOrigins);
  if (token) return exchange(token);
  signedOut(new ApiError('ERP_TOKEN_MISSING', 'the ERP page did not send a session token; reload the page in the ERP', 0));
}

async function refreshNow(sessionToken: string): Promise<void> {
  try {
    signIn(await sessionApi.refresh(sessionToken));
  } catch (e) {
    state.error = ApiError.from(e);
    await askParent();
  }
}

/** Starts the session once at boot: the fragment's ERP token, else the parent's, else the login screen. */
export async function startSession(w: HostWindow = browserWindow()): Promise<void> {
  host = w;
  state.embedded = isEmbedded(w);
  const fromHash = takeTokenFromHash(w);
  state.config = await sessionApi.config().catch(() => ({ erpOrigins: [], localLogin: true }));
  if (fromHash) return exchange(fromHash);
  if (state.embedded) return askParent();
  signedOut();
}

/** Standalone login with a local account. Throws the ApiError so the form can show it. */
export async function loginWithPassword(login: string, password: string): Promise<void> {
  signIn(await sessionApi.login(login, password));
}

/**
 * Development and scripts: an API token (the connector's admin token) used as the bearer as-is. It never expires
 * here, so no refresh; the user comes from GET /api/session.
 */
export async function loginWithApiToken(token: string): Promise<void> {
  const user = await sessionApi.whoAmI(token).then(
    (r) => r.user,
    async (e: unknown) => {
      // A connector without the session routes yet: the token is checked on a read route instead.
      if (!(e instanceof ApiError) || e.status !== 404) throw e;
      await sessionApi.probe(token);
      return { name: 'API token', roles: ['admin'] };
    },
  );
  setToken(token);
  clearTimeout(refreshTimer);
  Object.assign(state, { status: 'signed-in', user, error: null });
}

export function signOut(): void {
  signedOut();
}

/** Called by the API client on a 401: the session lapsed, so get a new one the way this panel can. */
export async function sessionLapsed(): Promise<void> {
  if (state.status === 'signed-in') await askParent();
}

/** Whether the user's roles allow an access level (the API checks again; this only hides what would be refused). */
export function allows(roles: readonly string[], level: AccessLevel): boolean {
  if (roles.includes('admin') || roles.includes('integrator')) return true;
  if (level === 'read') return roles.length > 0;
  if (level === 'resolve') return roles.includes('accountant');
  return false;
}

export function useSession() {
  return {
    state: readonly(state),
    user: computed(() => state.user),
    can: (level: AccessLevel) => allows(state.user?.roles ?? [], level),
    signOut,
  };
}

/** "Try again" on the login screen when embedded: ask the ERP page for a token once more. */
export const retryEmbedded = (): Promise<void> => askParent();
