/**
 * The panel session strategy (@fastify/auth, beside the admin token's): `Authorization: Bearer <session JWT>`.
 * It runs after the admin token's strategy, so its refusal is the one answered: UNAUTHORIZED when no bearer JWT was
 * sent at all, SESSION_EXPIRED or SESSION_INVALID for a session token that is no longer or never was good.
 */
import type { FastifyRequest } from 'fastify';
import { PermanentError } from '../../core/errors.ts';
import { bearerCredentials } from './admin-token.strategy.ts';
import { looksLikeJwt, verifySession, type SessionUser } from './session-token.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The panel session of the request (unset for the admin token). */
    panelSession?: SessionUser & { authTime: number; sessionId: string };
  }
}

/** Sets `req.principal` (and `req.panelSession`) from a valid session token, or refuses. */
export function sessionStrategy(key: Uint8Array) {
  return async (req: FastifyRequest): Promise<void> => {
    const given = bearerCredentials(req.headers.authorization);
    if (given === null || !looksLikeJwt(given)) {
      throw new PermanentError('UNAUTHORIZED', 'a valid admin token or panel session is required (Authorization: Bearer <token>)');
    }
    const session = await verifySession(key, given);
    req.panelSession = session;
    req.principal = { name: session.name, roles: session.roles };
  };
}
