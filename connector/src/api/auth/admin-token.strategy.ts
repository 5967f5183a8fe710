/**
 * The admin token strategy: `Authorization: Bearer <token>`, the scheme in any case (RFC 9110 §11.1 makes auth
 * schemes case-insensitive), compared in constant time. The panel's session strategy sits beside it (session.strategy.ts).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { PermanentError } from '../../core/errors.ts';
import type { Principal } from '../access.ts';

const ADMIN: Principal = { name: 'admin-token', roles: ['admin'] };

/** The credentials of an `Authorization: Bearer ...` header, or null. */
export function bearerCredentials(header: string | undefined): string | null {
  const m = /^bearer +(\S+) *$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

/** Digests first, so the comparison takes the same time whatever the length of the guess. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** An @fastify/auth strategy: sets `req.principal` or refuses with 401 UNAUTHORIZED. */
export function adminTokenStrategy(adminToken: string) {
  if (adminToken.length < 16) throw new Error('the admin token must have at least 16 characters');
  return async (req: FastifyRequest): Promise<void> => {
    const given = bearerCredentials(req.headers.authorization);
    if (given === null || !sameSecret(given, adminToken)) {
      throw new PermanentError('UNAUTHORIZED', 'a valid admin token is required (Authorization: Bearer <token>)');
    }
    req.principal = ADMIN;
  };
}
