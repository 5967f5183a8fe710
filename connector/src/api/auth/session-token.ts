/**
 * The panel's own session: an HS256 JWT (jose) the connector signs and checks itself, carrying the user's name and
 * roles, living 15 minutes and refreshed by the panel before it expires, for at most 12 hours from the sign-in
 * (`auth_time`), after which the user signs in again. Its key is derived from the connector's master key
 * (CONNECTOR_SECRET_KEY, HKDF with a label of its own), never from the ERP's embed secret: a token the ERP could
 * sign is never a session.
 */
import { hkdfSync, randomUUID } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { PermanentError } from '../../core/errors.ts';
import type { Principal } from '../access.ts';

export const SESSION_SECONDS = 15 * 60;
export const SESSION_MAX_AGE_SECONDS = 12 * 3600;
const ISSUER = 'aec-connector';
const AUDIENCE = 'aec-admin-panel-session';

export interface SessionUser extends Principal {
  /** Who, stably: `erp:<issuer>#<user id>` or `local:<login>`. */
  subject: string;
  /**
   * The sign-in this session belongs to (`sid`): new at each sign-in or exchange, kept by every refresh, so what is
   * bound to a session (the "Connect with Amazon" state) survives the refreshes but not another sign-in.
   */
  sessionId?: string;
}

export interface SignedSession {
  sessionToken: string;
  expiresAt: string;
  user: { name: string; roles: string[] };
}

/** The session signing key of a master key (32 bytes, HKDF-SHA256). */
export function deriveSessionKey(masterKey: Uint8Array): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', masterKey, 'aec-admin-panel', 'panel-session-jwt-v1', 32));
}

/** Signs a session for `user`; `authTime` (seconds) is the original sign-in, kept across refreshes. */
export async function signSession(key: Uint8Array, user: SessionUser, authTime: number, now = Date.now()): Promise<SignedSession & { authTime: number; sessionId: string }> {
  const iat = Math.floor(now / 1000);
  const exp = Math.min(iat + SESSION_SECONDS, authTime + SESSION_MAX_AGE_SECONDS);
  // A refresh past the sign-in's 12 hours: the user signs in again.
  if (exp <= iat) throw new PermanentError('SESSION_EXPIRED', 'the panel session is older than 12 hours: sign in again');
  const sessionId = user.sessionId ?? randomUUID();
  const sessionToken = await new SignJWT({ name: user.name, roles: user.roles, auth_time: authTime, sid: sessionId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(user.subject)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key);
  return { sessionToken, expiresAt: new Date(exp * 1000).toISOString(), user: { name: user.name, roles: user.roles }, authTime, sessionId };
}

/** The session's user, or SESSION_EXPIRED / SESSION_INVALID. */
export async function verifySession(key: Uint8Array, token: string): Promise<SessionUser & { authTime: number; sessionId: string }> {
  try {
    const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'], issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['sub', 'exp', 'iat'] });
    const { name, roles, auth_time: authTime, sub, sid } = payload as { name?: unknown; roles?: unknown; auth_time?: unknown; sub: string; sid?: unknown };
    if (typeof name !== 'string' || !Array.isArray(roles) || !roles.every((r) => typeof r === 'string') || typeof authTime !== 'number' || typeof sid !== 'string') {
      throw new PermanentError('SESSION_INVALID', 'the session token lacks its user');
    }
    return { name, roles: roles as string[], subject: sub, authTime, sessionId: sid };
  } catch (e) {
    if (e instanceof errors.JWTExpired) throw new PermanentError('SESSION_EXPIRED', 'the panel session has expired: sign in again');
    if (e instanceof PermanentError) throw e;
    throw new PermanentError('SESSION_INVALID', 'the panel session token is not valid: sign in again');
  }
}

/** Whether a bearer credential has the shape of a JWT (three base64url parts), to tell sessions from the admin token. */
export const looksLikeJwt = (s: string): boolean => /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(s);
