/**
 * Authentication by route: every admin route of the server (enumerated from the server itself), under every
 * spelling a router or a proxy may read as its path (`/%61pi`, `/a%70i`, `//api`, `/API`, `/api%2F`, `/x/../api`)
 * and with its own method, answers 401 UNAUTHORIZED or the not-found handler's 404 without a token, never a
 * handler's answer, and the database is left exactly as it was. The Bearer scheme is case-insensitive; no token
 * reaches the log, whatever query parameter carries it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { fillPath, startApiFixture, type ApiFixture } from './support/api-fixture.ts';

const SPELLINGS: Array<[string, (path: string) => string]> = [
  ['%61pi', (p) => p.replace('/api/', '/%61pi/')],
  ['a%70i', (p) => p.replace('/api/', '/a%70i/')],
  ['//api', (p) => `/${p}`],
  ['/API', (p) => p.replace('/api/', '/API/')],
  ['api%2F', (p) => p.replace('/api/', '/api%2F')],
  ['/x/../api', (p) => `/x/..${p}`],
  ['/api/./', (p) => p.replace('/api/', '/api/./')],
];

describe('API authentication by route', () => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await startApiFixture(inject('pgAdminUrl'), 'api_auth');
  });
  afterAll(() => f?.close());

  it('no spelling of any admin route reaches a handler without a token, and nothing changes in the database', async () => {
    // Every level but public: read, write, resolve and admin alike need the admin token or a panel session.
    const routes = f.api.app.routeAccess.filter((r) => r.access !== 'public');
    // Every business route of the server is here, with the methods it answers (HEAD included).
    expect(routes.length).toBeGreaterThanOrEqual(20);
    // Public: probes and docs, the inbound routes the ERP calls (a secret in the path: test/erp-change-feed.test.ts),
    // the panel's files and its sign-in (they answer no business data), and Amazon's redirect after a seller's
    // consent (a one-time state is its proof: test/connections.test.ts).
    const publicRoutes = f.api.app.routeAccess.filter((r) => r.access === 'public');
    expect(publicRoutes.every((r) => /^\/(health|metrics|docs|inbound\/|admin(\/|$)|api\/session\/(config|exchange|login)$|amazon\/oauth\/callback$)/.test(r.url)), JSON.stringify(publicRoutes)).toBe(true);
    const before = await f.digest();
    const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
    const urls = [...new Set(routes.map((r) => r.url))];
    let sent = 0;
    for (const url of urls) {
      const path = fillPath(url, f.ids);
      const declared = new Set(routes.filter((r) => r.url === url).map((r) => r.method));
      for (const method of METHODS) {
        for (const [name, spell] of SPELLINGS) {
          const target = spell(path);
          const attempts: Array<Record<string, string>> = [{}, { authorization: 'Bearer wrong-token-0123456789' }, { authorization: 'Basic YWRtaW46YWRtaW4=' }];
          for (const headers of attempts) {
            const r = await f.api.raw(method, target, headers);
            sent++;
            const what = `${method} ${target} ${JSON.stringify(headers)} -> ${r.status} ${r.text.slice(0, 120)}`;
            expect([401, 404], what).toContain(r.status);
            if (method !== 'HEAD') {
              const body = JSON.parse(r.text) as { code: string; message: string };
              // A 404 must come from the router finding no route, never from a handler looking a record up.
              if (r.status === 404) expect(body.message, what).toMatch(/^no route /);
              else expect({ code: body.code, scheme: r.wwwAuthenticate }, what).toEqual({ code: 'UNAUTHORIZED', scheme: 'Bearer realm="connector"' });
            }
            // The decoded spellings match the route: its own check answers.
            if ((name === '%61pi' || name === 'a%70i') && declared.has(method)) expect(r.status, what).toBe(401);
          }
        }
      }
    }
    expect(sent).toBe(urls.length * METHODS.length * SPELLINGS.length * 3);
    expect(await f.digest()).toBe(before);
  });

  it('the encoded spellings do route to the handlers: with the token they answer as /api does', async () => {
    const plain = await f.api.raw('GET', `/api/backends/${f.ids.backend}`, { authorization: `Bearer ${f.api.token}` });
    expect(plain.status).toBe(200);
    for (const target of [`/%61pi/backends/${f.ids.backend}`, `/a%70i/backends/${f.ids.backend}`]) {
      const r = await f.api.raw('GET', target, { authorization: `Bearer ${f.api.token}` });
      expect(r, target).toMatchObject({ status: 200, text: plain.text });
    }
  });

  it('accepts the Bearer scheme in any case, and nothing else', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      expect((await f.api.raw('GET', '/api/backends', { authorization: `${scheme} ${f.api.token}` })).status, scheme).toBe(200);
    }
    for (const header of [`Token ${f.api.token}`, f.api.token, `Bearer ${f.api.token}x`, `Bearer ${f.api.token.slice(1)}`, 'Bearer', `Bearer  `]) {
      expect((await f.api.raw('GET', '/api/backends', { authorization: header })).status, header).toBe(401);
    }
  });

  it('the public routes answer without a token: /health, /metrics, /docs', async () => {
    expect((await f.api.raw('GET', '/health')).status).toBe(200);
    expect((await f.api.raw('GET', '/metrics')).status).toBe(200);
    const doc = await f.api.raw('GET', '/docs/json');
    expect(doc.status).toBe(200);
    expect(JSON.parse(doc.text).openapi).toBe('3.1.0');
  });

  it('never logs a token, whatever query parameter or header carries it', async () => {
    const secret = `leak-${f.api.token}`;
    const params = ['token', 'access_token', 'apiKey', 'auth', 'x', 'cursor_secret', 'Token'];
    for (const p of params) {
      for (const path of ['/api/backends', '/health', '/metrics', '/nowhere', `/api/backends/${f.ids.backend}/orders`]) {
        await f.api.raw('GET', `${path}?${p}=${encodeURIComponent(secret)}&limit=1`, { authorization: `Bearer ${f.api.token}`, 'x-api-key': secret, cookie: `s=${secret}` });
        await f.api.raw('GET', `${path}?${p}=${encodeURIComponent(f.api.token)}`, {});
      }
    }
    const log = f.api.log();
    // The requests were logged (with their paths), only never the secrets.
    expect(log).toContain('/api/backends');
    expect(log).toContain('[REDACTED]');
    expect(log.includes(f.api.token)).toBe(false);
    expect(log.includes(encodeURIComponent(f.api.token))).toBe(false);
  });
});
