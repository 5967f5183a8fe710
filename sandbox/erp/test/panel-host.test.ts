/**
 * The ERP sandbox's host page of the embedded panel: web login with a first-party session cookie, the token
 * endpoint (contract claims, one minute, HS256 with the shared secret, role from the user's groups) and the page
 * that frames the panel. The browser side (iframe, postMessage) is covered by test/e2e/embedded-panel.e2e.test.ts.
 */
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';

const SECRET = 'panel-secret-of-the-sandbox-test-0123456789';
const PANEL = 'http://127.0.0.1:3999/';
const key = new TextEncoder().encode(SECRET);
let sb: RunningErpSandbox;
let drop: () => Promise<void>;
let dbUrl: string;

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_panel_host');
  dbUrl = db.url;
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, seed: { kind: 'fresh' }, panel: { url: PANEL, secret: SECRET } });
  drop = async () => { await sb.close(); await db.drop(); };
});
afterAll(async () => drop());

const get = (s: RunningErpSandbox, path: string, cookie?: string) =>
  fetch(`${s.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

async function signIn(login: string, password = login): Promise<Response> {
  return fetch(`${sb.url}/web/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login, password }).toString() });
}
async function cookieOf(login: string): Promise<string> {
  const r = await signIn(login);
  expect(r.status).toBe(303);
  return r.headers.get('set-cookie')!.split(';')[0]!;
}

describe('the web login', () => {
  it('sends the signed-out to the login form, refuses a wrong password, sets an HttpOnly first-party cookie', async () => {
    const page = await get(sb, '/odoo/amazon');
    expect([page.status, page.headers.get('location')]).toEqual([303, '/web/login']);
    expect(await (await get(sb, '/web/login')).text()).toContain('<form class="login" method="post" action="/web/login">');
    const wrong = await signIn('integrator', 'nope');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('Wrong login/password');
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const ok = await signIn('integrator');
    expect([ok.status, ok.headers.get('location')]).toEqual([303, '/odoo/amazon']);
    expect(ok.headers.get('set-cookie')).toMatch(/^session_id=[\w-]{32}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800$/);
  });

  it('the token endpoint wants a session (401 SESSION_REQUIRED), logout ends it', async () => {
    const anonymous = await get(sb, '/amazon_connector/panel_token');
    expect([anonymous.status, ((await anonymous.json()) as { code: string }).code]).toEqual([401, 'SESSION_REQUIRED']);
    const cookie = await cookieOf('viewer');
    expect((await get(sb, '/amazon_connector/panel_token', cookie)).status).toBe(200);
    const out = await fetch(`${sb.url}/web/session/logout`, { method: 'POST', redirect: 'manual', headers: { cookie } });
    expect([out.status, out.headers.get('set-cookie')]).toEqual([303, 'session_id=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0']);
    expect((await get(sb, '/amazon_connector/panel_token', cookie)).status).toBe(401);
  });
});

describe('the panel token', () => {
  it.each([
    ['integrator', '101', 'Ines Integrator', 'integrator'],
    ['admin', '2', 'Administrator', 'integrator'],
    ['accountant', '102', 'Arne Accountant', 'accountant'],
    ['viewer', '103', 'Vera Viewer', 'viewer'],
  ])('%s: the contract claims, one minute, HS256 with the shared secret', async (login, sub, name, role) => {
    const r = await get(sb, '/amazon_connector/panel_token', await cookieOf(login));
    expect(r.headers.get('cache-control')).toBe('no-store');
    const body = await r.json() as { token: string; panelUrl: string; expiresAt: number };
    expect(body.panelUrl).toBe('http://127.0.0.1:3999');
    expect(decodeProtectedHeader(body.token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const { payload } = await jwtVerify(body.token, key, { audience: 'aec-admin-panel', issuer: sb.url, algorithms: ['HS256'] });
    expect(payload).toMatchObject({ sub, name, role, exp: body.expiresAt });
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(5);
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    await expect(jwtVerify(body.token, new TextEncoder().encode(`${SECRET}x`))).rejects.toThrow(/signature/);
    await expect(jwtVerify(body.token, key, { currentDate: new Date((payload.exp! + 1) * 1000) })).rejects.toThrow(/"exp"/);
  });

  it('every token is new (jti)', async () => {
    const cookie = await cookieOf('accountant');
    const tokens = await Promise.all([1, 2, 3].map(async () => ((await (await get(sb, '/amazon_connector/panel_token', cookie)).json()) as { token: string }).token));
    const jtis = await Promise.all(tokens.map(async (t) => (await jwtVerify(t, key)).payload.jti));
    expect(new Set(jtis).size).toBe(3);
  });

  it('a sandbox started without the panel settings says so (503 PANEL_NOT_CONFIGURED)', async () => {
    const bare = await startErpSandbox({ databaseUrl: dbUrl, port: 0 });
    try {
      const login = await fetch(`${bare.url}/web/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'login=viewer&password=viewer' });
      const r = await get(bare, '/amazon_connector/panel_token', login.headers.get('set-cookie')!.split(';')[0]);
      expect([r.status, ((await r.json()) as { code: string }).code]).toEqual([503, 'PANEL_NOT_CONFIGURED']);
    } finally {
      await bare.close();
    }
  });
});

describe('the Amazon page', () => {
  it('frames the panel like the Odoo addon: its own token endpoint, /admin/#erp_token=, aec:need-token answered', async () => {
    const r = await get(sb, '/odoo/amazon', await cookieOf('accountant'));
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('<span id="user">Arne Accountant (accountant)</span>');
    expect(html).toContain("fetch('/amazon_connector/panel_token'");
    expect(html).toContain("answer.panelUrl + '/admin/#erp_token=' + encodeURIComponent(answer.token)");
    expect(html).toContain("event.source !== frame.contentWindow || event.origin !== panelOrigin");
    expect(html).toContain("postMessage({ type: 'aec:erp-token', token: answer.token }, panelOrigin)");
  });
});
