/**
 * Login with Amazon: `POST /auth/o2/token` exchanging a seller's refresh token for an access token, an
 * authorisation code of the consent page for a refresh token (`authorization_code`, the website authorisation
 * workflow), or the application's credentials for a grantless token (`client_credentials` with a scope).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxState } from '../state.ts';
import { lwaError } from './amazon-errors.ts';

function field(body: unknown, name: string): string | undefined {
  const v = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Registers the token endpoint (JSON body as amazon-sp-api sends, or form-encoded as real LWA also takes). */
export function registerLwaRoute(app: FastifyInstance, state: SandboxState): void {
  app.post('/auth/o2/token', async (req, reply) => {
    if (req.target.kind === 'sp-api' || req.target.kind === 'sqs') return reply.code(404).send({ message: 'Not Found' });
    req.callInfo = { operation: 'lwa.token', sellerId: null, throttled: false };
    const body = req.body;
    const grantType = field(body, 'grant_type');
    if (!grantType) return lwaError(reply, 400, 'invalid_request', 'The request is missing a required parameter : grant_type');
    if (grantType === 'client_credentials') return clientCredentials(state, body, reply, req);
    if (grantType === 'authorization_code') return authorizationCode(state, body, reply, req);
    if (grantType !== 'refresh_token') {
      return lwaError(reply, 400, 'unsupported_grant_type', `The authorization grant type is not supported : ${grantType}`);
    }
    const clientId = field(body, 'client_id');
    const clientSecret = field(body, 'client_secret');
    const refreshToken = field(body, 'refresh_token');
    if (!refreshToken) {
      return lwaError(reply, 400, 'invalid_request', 'The request is missing a required parameter : refresh_token');
    }
    if (!clientId || !clientSecret || !clientKnown(state, clientId, clientSecret)) return lwaError(reply, 401, 'invalid_client', 'Client authentication failed');
    const granted = state.authorizations.grantOf(refreshToken, clientId);
    const seller = granted ? state.sellers.get(granted) : [...state.sellers.values()].find((s) => s.refreshToken === refreshToken && s.clientId === clientId);
    if (!seller) {
      return lwaError(reply, 400, 'invalid_grant',
        "The request has an invalid grant parameter : refresh_token. User may have revoked or didn't grant the permission.");
    }
    req.callInfo.sellerId = seller.sellerId;
    const { token, expiresIn } = state.tokens.issue(seller.sellerId, clientId);
    return reply.send({ access_token: token, refresh_token: refreshToken, token_type: 'bearer', expires_in: expiresIn });
  });
}

/** Whether an LWA client of a seller's configuration or of a registered application has this id and secret. */
function clientKnown(state: SandboxState, clientId: string, clientSecret: string): boolean {
  const match = (c: { clientId: string; clientSecret: string }) => c.clientId === clientId && c.clientSecret === clientSecret;
  return [...state.sellers.values()].some(match) || [...state.applications.values()].some(match);
}

/** A consent page's code for the seller's refresh token (single use, 5 minutes, the consent's redirect URI). */
function authorizationCode(state: SandboxState, body: unknown, reply: FastifyReply, req: FastifyRequest): FastifyReply {
  const code = field(body, 'code');
  const clientId = field(body, 'client_id');
  const clientSecret = field(body, 'client_secret');
  if (!code) return lwaError(reply, 400, 'invalid_request', 'The request is missing a required parameter : code');
  if (!clientId || !clientSecret || !clientKnown(state, clientId, clientSecret)) return lwaError(reply, 401, 'invalid_client', 'Client authentication failed');
  const r = state.authorizations.redeem(code, clientId, field(body, 'redirect_uri'));
  if ('refused' in r) {
    const why = r.refused === 'redirect' ? 'redirect_uri' : 'code';
    return lwaError(reply, 400, 'invalid_grant', `The request has an invalid grant parameter : ${why}`);
  }
  req.callInfo!.sellerId = r.sellerId;
  const { token, expiresIn } = state.tokens.issue(r.sellerId, clientId);
  return reply.send({ access_token: token, refresh_token: r.refreshToken, token_type: 'bearer', expires_in: expiresIn });
}

/** The scopes LWA grants to an SP-API application without a seller (Amazon's "grantless operations"). */
export const GRANTLESS_SCOPES = ['sellingpartnerapi::notifications', 'sellingpartnerapi::client_credential:rotation'];

function clientCredentials(state: SandboxState, body: unknown, reply: FastifyReply, req: FastifyRequest): FastifyReply {
  const clientId = field(body, 'client_id');
  const clientSecret = field(body, 'client_secret');
  const scope = field(body, 'scope');
  if (!scope) return lwaError(reply, 400, 'invalid_request', 'The request is missing a required parameter : scope');
  const app = [...state.sellers.values()].find((s) => s.clientId === clientId && s.clientSecret === clientSecret);
  if (!clientId || !clientSecret || !app) return lwaError(reply, 401, 'invalid_client', 'Client authentication failed');
  if (!GRANTLESS_SCOPES.includes(scope)) return lwaError(reply, 400, 'invalid_scope', 'An unknown scope was requested');
  req.callInfo = { operation: 'lwa.token', sellerId: null, throttled: false };
  const { token, expiresIn } = state.tokens.issueGrantless(clientId, scope);
  // No refresh token: a client asks again with its credentials when this one expires.
  return reply.send({ access_token: token, scope, token_type: 'bearer', expires_in: expiresIn });
}
