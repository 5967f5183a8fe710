/**
 * What a one-time value handed to the browser (the "Connect with Amazon" state) is bound to: the caller's session.
 * A panel session is its `sid` (stable across refreshes, new at each sign-in); the admin token is a hash of the
 * token itself (scripts have no session). Only a SHA-256 of either is stored.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { PermanentError } from '../../core/errors.ts';
import { bearerCredentials } from './admin-token.strategy.ts';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64url');

/** The session binding of an authenticated request (a hash); UNAUTHORIZED when it has none. */
export function sessionBindingOf(req: FastifyRequest): string {
  if (req.panelSession) return sha(`panel-session:${req.panelSession.sessionId}`);
  const token = bearerCredentials(req.headers.authorization);
  if (!token || !req.principal) throw new PermanentError('UNAUTHORIZED', 'a signed-in caller is required');
  return sha(`admin-token:${token}`);
}
