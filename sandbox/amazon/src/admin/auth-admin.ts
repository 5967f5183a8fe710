/**
 * The admin API of authorisation (`/_sandbox`): revoking a seller's access tokens before their hour is up (Amazon
 * then answers 403 "revoked, malformed or invalid", and a client should refresh once), and a seller authorising
 * the app again, which gives a new refresh token and makes LWA refuse the old one (`invalid_grant`), as after a
 * revoked authorisation in Seller Central.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxState } from '../state.ts';
import { AdminError } from './admin-ops.ts';

/** Revokes the access tokens of one seller (all when absent); returns how many. */
export function revokeAccessTokens(state: SandboxState, sellerId?: string): number {
  if (sellerId !== undefined && !state.sellers.has(sellerId)) throw new AdminError(404, 'UNKNOWN_SELLER', `unknown seller ${sellerId}`);
  return state.tokens.revoke(sellerId);
}

/** The seller authorises the app again: a new refresh token, the old one refused from now on, access tokens revoked. */
export function reauthorise(state: SandboxState, sellerId: string): { refreshToken: string } {
  const seller = state.sellers.get(sellerId);
  if (!seller) throw new AdminError(404, 'UNKNOWN_SELLER', `unknown seller ${sellerId}`);
  const refreshToken = `Atzr|${randomBytes(32).toString('base64url')}`;
  state.sellers.set(sellerId, { ...seller, refreshToken });
  state.tokens.revoke(sellerId);
  return { refreshToken };
}

/** Registers `POST /_sandbox/tokens/revoke` and `POST /_sandbox/sellers/:id/reauthorise` (inside the admin scope). */
export function registerAuthAdminRoutes(admin: FastifyInstance, state: SandboxState): void {
  admin.post('/tokens/revoke', async (req) => {
    const sellerId = (req.body as { sellerId?: unknown } | null)?.sellerId;
    if (sellerId !== undefined && typeof sellerId !== 'string') throw new AdminError(400, 'BAD_REQUEST', 'sellerId must be a string');
    return { revoked: revokeAccessTokens(state, sellerId) };
  });
  admin.post<{ Params: { id: string } }>('/sellers/:id/reauthorise', async (req) => reauthorise(state, req.params.id));
}
