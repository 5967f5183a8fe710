import { afterEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { installRouteAccess } from './route-access.ts';
import { bearerCredentials } from './admin-token.strategy.ts';
import { installErrorHandler } from '../errors/error-handler.ts';
import { coreOnlyCatalogue } from '../errors/error-catalogue.ts';

const TOKEN = 'route-access-token-0123';
let app: FastifyInstance;
afterEach(() => app?.close());

async function server() {
  app = Fastify({ logger: false });
  installErrorHandler(app, coreOnlyCatalogue);
  await installRouteAccess(app, { adminToken: TOKEN, docsPrefix: '/docs' });
  return app;
}

describe('route access', () => {
  it('refuses to start with a route that declares no access (default deny)', async () => {
    const s = await server();
    await expect(async () => {
      s.get('/forgotten', async () => 'data');
      await s.ready();
    }).rejects.toThrow(/GET \/forgotten declares no config.access/);
  });

  it('attaches the admin check to the route and sets the principal; public routes stay open', async () => {
    const s = await server();
    s.get('/secret', { config: { access: 'admin' } }, async (req) => ({ who: req.principal?.name }));
    s.get('/open', { config: { access: 'public' } }, async (req) => ({ who: req.principal?.name ?? null }));
    expect((await s.inject({ url: '/secret' })).json()).toMatchObject({ code: 'UNAUTHORIZED' });
    expect((await s.inject({ url: '/secret', headers: { authorization: `BEARER ${TOKEN}` } })).json()).toEqual({ who: 'admin-token' });
    expect((await s.inject({ url: '/open' })).json()).toEqual({ who: null });
    expect(s.routeAccess.filter((r) => r.method === 'GET').map((r) => `${r.url}:${r.access}`)).toEqual(['/secret:admin', '/open:public']);
  });

  it('reads the Bearer scheme in any case and nothing else', () => {
    expect(bearerCredentials('Bearer abc')).toBe('abc');
    expect(bearerCredentials('bEARer   abc')).toBe('abc');
    for (const h of [undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Bearerabc', 'Bearer a b']) expect(bearerCredentials(h), String(h)).toBeNull();
  });
});
