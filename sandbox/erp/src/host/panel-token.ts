/** The panel's one-minute HS256 token (issue 12's contract), signed with jose as the Odoo addon signs it. */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { roleOf, type HostUser } from './host-users.ts';

export const PANEL_AUDIENCE = 'aec-admin-panel';
export const PANEL_TOKEN_SECONDS = 60;

/** A token for `user`, issued by `issuer` (the ERP's origin as the browser sees it). */
export async function signPanelToken(user: HostUser, issuer: string, secret: string, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
  const iat = Math.floor(now / 1000);
  const token = await new SignJWT({ name: user.name, role: roleOf(user.groups) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(PANEL_AUDIENCE)
    .setSubject(String(user.id))
    .setIssuedAt(iat)
    .setExpirationTime(iat + PANEL_TOKEN_SECONDS)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(secret));
  return { token, expiresAt: iat + PANEL_TOKEN_SECONDS };
}
