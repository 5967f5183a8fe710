/** The web login's sessions: a random id in a first-party, HttpOnly cookie on the ERP's origin, kept in memory. */
import { randomBytes } from 'node:crypto';

export const SESSION_COOKIE = 'session_id';
const LIFETIME_MS = 8 * 3600_000;

export class HostSessions {
  private readonly byId = new Map<string, { userId: number; expires: number }>();

  /** A new session for the user; the cookie header that carries it. */
  open(userId: number): string {
    const id = randomBytes(24).toString('base64url');
    this.byId.set(id, { userId, expires: Date.now() + LIFETIME_MS });
    return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${LIFETIME_MS / 1000}`;
  }

  /** The signed-in user's id from a Cookie header, or null. */
  userOf(cookieHeader: string | undefined): number | null {
    const id = sessionIdOf(cookieHeader);
    const s = id ? this.byId.get(id) : undefined;
    if (!s) return null;
    if (s.expires < Date.now()) {
      this.byId.delete(id!);
      return null;
    }
    return s.userId;
  }

  /** Ends the session; the header that clears the cookie. */
  close(cookieHeader: string | undefined): string {
    const id = sessionIdOf(cookieHeader);
    if (id) this.byId.delete(id);
    return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
  }
}

function sessionIdOf(header: string | undefined): string | null {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return v.join('=') || null;
  }
  return null;
}
