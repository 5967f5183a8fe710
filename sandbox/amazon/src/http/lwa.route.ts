/** Login with Amazon: `POST /auth/o2/token` exchanging a seller's refresh token for an access token. */
import type { FastifyInstance } from 'fastify';
import type { SandboxState } from '../state.ts';
import { lwaError } from './amazon-errors.ts';

function field(body: unknown, name: string): string | undefined {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Registers the token endpoint (JSON body as amazon-sp-api sends, or form-encoded as real LWA also takes). */
export function registerLwaRoute(app: FastifyInstance, state: SandboxState): void {
  app.post('/auth/o2/token', async (req, reply) => {
    if (req.target.kind === 'sp-api') return reply.code(404).send({ message: 'Not Found' });
    req.callInfo = { operation: 'lwa.token', sellerId: null, throttled: false };
    const body = req.body;
    const grantType = field(body, 'grant_type');
    if (!grantType) return lwaError(reply, 400, 'invalid_request', 'The request is missing a required parameter : grant_type');
    if (grantType !== 'refresh_token') {
      return lwaError(reply, 400, 'unsupported_grant_type', `The authorization grant type is not supported : ${grantType}`);
    }
    const clientId = field(body, 'client_id');
    const clientSecret = field(body, 'client_secret');
    const refreshToken = field(body, 'refresh_token');
    if (!refreshToken) {
      return lwaError(reply, 400, 'invalid_request', 'The request is missing a required parameter : refresh_token');
    }
    const app = [...state.sellers.values()].find((s) => s.clientId === clientId && s.clientSecret === clientSecret);
    if (!clientId || !clientSecret || !app) return lwaError(reply, 401, 'invalid_client', 'Client authentication failed');
    const seller = [...state.sellers.values()].find((s) => s.refreshToken === refreshToken && s.clientId === clientId);
    if (!seller) {
      return lwaError(reply, 400, 'invalid_grant',
        "The request has an invalid grant parameter : refresh_token. User may have revoked or didn't grant the permission.");
    }
    req.callInfo.sellerId = seller.sellerId;
    const { token, expiresIn } = state.tokens.issue(seller.sellerId);
    return reply.send({ access_token: token, refresh_token: refreshToken, token_type: 'bearer', expires_in: expiresIn });
  });
}
