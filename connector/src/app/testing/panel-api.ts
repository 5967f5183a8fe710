/**
 * For tests: the assembled API (every flow's routes) over stand-in services, with a panel configured (embed
 * secret, one ERP origin, a fixed session key), and helpers that sign ERP tokens and sessions as a test needs them.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { ApiDeps } from '../../api/deps.ts';
import { nothing } from '../../api/openapi.ts';
import { buildApi, type Api } from '../../api/server.ts';
import { standInServices } from '../../api/testing/stand-in-services.ts';
import { createMetrics } from '../../observability/metrics.ts';
import { apiFlows, apiSettings } from '../api-parts.ts';
import type { PanelOptions } from '../../api/auth/panel-options.ts';
import { signSession } from '../../api/auth/session-token.ts';

export const ADMIN_TOKEN = 'panel-test-admin-token';
export const EMBED_SECRET = 'the-shared-embed-secret-of-the-test-erp-0123456789';
export const ERP_ORIGIN = 'https://erp.example.com';
export const SESSION_KEY = new Uint8Array(32).fill(7);

/** The assembled API with `overrides` of the stand-in services and the panel options. */
export async function panelApi(opts: { calls?: string[]; services?: Partial<ApiDeps>; panel?: Partial<PanelOptions> } = {}): Promise<Api> {
  const deps: ApiDeps = {
    version: 'test',
    metrics: createMetrics({ defaults: false }),
    settings: apiSettings,
    flows: apiFlows(nothing),
    ...standInServices(opts.calls ?? []),
    ...opts.services,
  };
  const panel = { sessionKey: SESSION_KEY, embedSecret: EMBED_SECRET, erpOrigins: [ERP_ORIGIN], erpIssuers: [], localLogin: true, ...opts.panel };
  return buildApi(deps, { adminToken: ADMIN_TOKEN, logLevel: 'silent', panel });
}

/** An ERP token as the ERP addon signs it, with `over` claims changed (null removes one) and `alg`/`secret` for forgeries. */
export async function erpToken(over: Record<string, unknown> = {}, opts: { secret?: string; alg?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { iss: `${ERP_ORIGIN}/`, aud: 'aec-admin-panel', sub: '42', iat: now, exp: now + 60, jti: randomUUID(), name: 'Anna Berg', role: 'accountant', ...over };
  for (const [k, v] of Object.entries(claims)) if (v === null) delete claims[k];
  return new SignJWT(claims).setProtectedHeader({ alg: opts.alg ?? 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(opts.secret ?? EMBED_SECRET));
}

/** An unsecured JWT (`alg: none`), as an attacker would send it. */
export function unsignedToken(claims: Record<string, unknown>): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
}

/** The Authorization header of a session with `role`, signed with the test key. */
export async function sessionAuth(role: string, name = `${role}-user`): Promise<{ authorization: string }> {
  const s = await signSession(SESSION_KEY, { name, roles: [role], subject: `local:${name}` }, Math.floor(Date.now() / 1000));
  return { authorization: `Bearer ${s.sessionToken}` };
}

export const adminAuth = { authorization: `Bearer ${ADMIN_TOKEN}` };
