import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import type { Api } from '../server.ts';
import { SESSION_MAX_AGE_SECONDS, signSession } from './session-token.ts';
import { ERP_ORIGIN, SESSION_KEY, adminAuth, erpToken, panelApi, unsignedToken } from '../../app/testing/panel-api.ts';

let app: Api;
const calls: string[] = [];
beforeAll(async () => {
  app = await panelApi({ calls });
});
afterAll(() => app.close());

const exchange = (token: string, on = app) => on.inject({ method: 'POST', url: '/api/session/exchange', payload: { token } });
const codeOf = async (token: string) => {
  const res = await exchange(token);
  return `${res.statusCode} ${res.json().code}`;
};

describe('POST /api/session/exchange', () => {
  it('turns a good ERP token into a session that carries the name and role, and audits it', async () => {
    const res = await exchange(await erpToken({ name: 'Anna Berg', role: 'viewer' }));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.user).toEqual({ name: 'Anna Berg', roles: ['viewer'] });
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    const me = await app.inject({ url: '/api/session', headers: { authorization: `Bearer ${body.sessionToken}` } });
    expect(me.json()).toEqual({ user: { name: 'Anna Berg', roles: ['viewer'] } });
    expect(calls).toContain('audit:session.exchange:Anna Berg');
  });

  it('refuses forged, expired, replayed, wrong-audience, alg none, foreign and overlong tokens, each with its code', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await codeOf(await erpToken({}, { secret: 'not-the-shared-secret-but-just-as-long-0123456789' }))).toBe('401 ERP_TOKEN_INVALID');
    expect(await codeOf('not.a.jwt')).toBe('401 ERP_TOKEN_INVALID');
    expect(await codeOf(await erpToken({ iat: now - 300, exp: now - 60 }))).toBe('401 ERP_TOKEN_EXPIRED');
    const once = await erpToken();
    expect((await exchange(once)).statusCode).toBe(200);
    expect(await codeOf(once)).toBe('401 ERP_TOKEN_REPLAYED');
    expect(await codeOf(await erpToken({ aud: 'someone-else' }))).toBe('401 ERP_TOKEN_AUDIENCE');
    expect(await codeOf(unsignedToken({ iss: ERP_ORIGIN, aud: 'aec-admin-panel', sub: '1', jti: 'abcdefgh1', iat: now, exp: now + 60, name: 'x', role: 'integrator' }))).toBe('401 ERP_TOKEN_ALGORITHM');
    expect(await codeOf(await erpToken({}, { alg: 'HS512' }))).toBe('401 ERP_TOKEN_ALGORITHM');
    expect(await codeOf(await erpToken({ iss: 'https://evil.example.com' }))).toBe('401 ERP_TOKEN_ISSUER');
    expect(await codeOf(await erpToken({ exp: now + 3600 }))).toBe('401 ERP_TOKEN_CLAIMS');
    expect(await codeOf(await erpToken({ role: 'admin' }))).toBe('401 ERP_TOKEN_CLAIMS');
    expect(await codeOf(await erpToken({ jti: null }))).toBe('401 ERP_TOKEN_CLAIMS');
  });

  it('refuses every token while no embed secret is configured', async () => {
    const bare = await panelApi({ panel: { embedSecret: null } });
    const res = await exchange(await erpToken(), bare);
    expect([res.statusCode, res.json().code]).toEqual([403, 'EMBED_NOT_CONFIGURED']);
    await bare.close();
  });
});

describe('panel sessions', () => {
  it('are refused when forged, expired, or when an ERP token is sent in their place', async () => {
    const call = async (token: string) => {
      const res = await app.inject({ url: '/api/backends', headers: { authorization: `Bearer ${token}` } });
      return `${res.statusCode} ${res.json().code}`;
    };
    const otherKey = await signSession(new Uint8Array(32).fill(9), { name: 'x', roles: ['integrator'], subject: 'local:x' }, Math.floor(Date.now() / 1000));
    expect(await call(otherKey.sessionToken)).toBe('401 SESSION_INVALID');
    const old = Date.now() - 3600_000;
    const expired = await signSession(SESSION_KEY, { name: 'x', roles: ['integrator'], subject: 'local:x' }, Math.floor(old / 1000), old);
    expect(await call(expired.sessionToken)).toBe('401 SESSION_EXPIRED');
    expect(await call(await erpToken({ role: 'integrator' }))).toBe('401 SESSION_INVALID');
    expect(await call('no-such-admin-token-at-all')).toBe('401 UNAUTHORIZED');
  });

  it('refresh gives a new session for the same user, keeps the sign-in time, and is for sessions only', async () => {
    const first = (await exchange(await erpToken({ name: 'Ole', role: 'integrator' }))).json();
    const res = await app.inject({ method: 'POST', url: '/api/session/refresh', headers: { authorization: `Bearer ${first.sessionToken}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toEqual({ name: 'Ole', roles: ['integrator'] });
    // The session id (sid) survives the refresh; another sign-in of the same user is another session.
    const sid = (t: string) => decodeJwt(t).sid;
    expect(typeof sid(first.sessionToken)).toBe('string');
    expect(sid(res.json().sessionToken)).toBe(sid(first.sessionToken));
    const second = (await exchange(await erpToken({ name: 'Ole', role: 'integrator' }))).json();
    expect(sid(second.sessionToken)).not.toBe(sid(first.sessionToken));
    const byAdmin = await app.inject({ method: 'POST', url: '/api/session/refresh', headers: adminAuth });
    expect(byAdmin.json().code).toBe('SESSION_INVALID');
    const signIn = Math.floor(Date.now() / 1000) - SESSION_MAX_AGE_SECONDS - 60;
    await expect(signSession(SESSION_KEY, { name: 'x', roles: ['viewer'], subject: 'local:x' }, signIn)).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
  });

  it('tells the panel how it may sign in, without credentials', async () => {
    const res = await app.inject({ url: '/api/session/config' });
    expect(res.json()).toEqual({ erpOrigins: [ERP_ORIGIN], localLogin: true });
    expect((await app.inject({ url: '/api/session' })).json().code).toBe('UNAUTHORIZED');
    expect((await app.inject({ url: '/api/session', headers: adminAuth })).json()).toEqual({ user: { name: 'admin-token', roles: ['admin'] } });
  });

  it('answers a wrong local login like an unknown one, throttles repeated failures, and obeys PANEL_LOCAL_LOGIN', async () => {
    const login = (l: string, on = app) => on.inject({ method: 'POST', url: '/api/session/login', payload: { login: l, password: 'wrong-password-123' } });
    for (let i = 0; i < 5; i++) expect((await login('nobody')).json().code).toBe('LOGIN_FAILED');
    const sixth = await login('nobody');
    expect([sixth.statusCode, sixth.json().code]).toEqual([429, 'LOGIN_THROTTLED']);
    expect((await login('somebody-else')).json().code).toBe('LOGIN_FAILED');
    const off = await panelApi({ panel: { localLogin: false } });
    expect((await login('nobody', off)).json().code).toBe('LOGIN_DISABLED');
    await off.close();
  });
});
