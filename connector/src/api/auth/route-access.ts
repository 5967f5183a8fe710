/**
 * Authentication by route, default deny: every route declares `config: { access }` (see ../access.ts) and this
 * hook attaches the checks of that access to the route itself as its first onRequest hooks: who is calling (the
 * admin token or a panel session, any one sufficing: @fastify/auth's `or`), then whether the caller's roles reach
 * the level (roles.ts; 403 FORBIDDEN_ROLE when not). Whatever spelling of a URL the router matches
 * (`/%61pi/...`), the matched route's own hooks run, so no URL text is compared anywhere. A route without `access`
 * stops the server at start-up. Swagger UI's routes (registered by its plugin, which cannot declare `access`) are
 * public by the prefix of their route definition.
 */
import fastifyAuth from '@fastify/auth';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify';
import type { Access } from '../access.ts';
import { adminTokenStrategy } from './admin-token.strategy.ts';
import { requireLevel, type Level } from './roles.ts';
import { sessionStrategy } from './session.strategy.ts';

export interface RouteAccessOptions {
  adminToken: string;
  /** Checks panel sessions (session-token.ts); without it only the admin token is accepted. */
  sessionKey?: Uint8Array;
  /** Route prefix of the documentation plugin (public). */
  docsPrefix: string;
}

export interface RouteAccessEntry {
  method: string;
  url: string;
  access: Access;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the server with its access, as registered (tests enumerate the routes from it). */
    routeAccess: RouteAccessEntry[];
  }
}

function accessOf(route: RouteOptions & { prefix?: string }, docsPrefix: string): Access | undefined {
  if (route.config?.access) return route.config.access;
  // By the plugin's registration prefix, not the URL: a route of ours under /docs would still have to declare.
  return route.prefix === docsPrefix ? 'public' : undefined;
}

/** Installs the access check on every route registered after it (call before registering any route). */
export async function installRouteAccess(app: FastifyInstance, opts: RouteAccessOptions): Promise<void> {
  await app.register(fastifyAuth);
  // Who is calling: the admin token (scripts) or a panel session; the session's refusal is the one answered.
  const strategies: Array<(req: FastifyRequest) => Promise<void>> = [adminTokenStrategy(opts.adminToken)];
  if (opts.sessionKey) strategies.push(sessionStrategy(opts.sessionKey));
  const authenticate = app.auth(strategies) as unknown as onRequestHookHandler;
  const checks = Object.fromEntries(
    (['read', 'write', 'resolve', 'admin'] as const).map((level) => [level, [authenticate, requireLevel(level)]]),
  ) as Record<Level, onRequestHookHandler[]>;
  const table: RouteAccessEntry[] = [];
  app.decorate('routeAccess', table);
  app.addHook('onRoute', (route) => {
    const access = accessOf(route, opts.docsPrefix);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!access) throw new Error(`route ${methods.join(',')} ${route.url} declares no config.access (public, read, write, resolve or admin)`);
    route.config = { ...route.config, access };
    for (const method of methods) table.push({ method, url: route.url, access });
    if (access === 'public') return;
    const existing = route.onRequest ? (Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]) : [];
    // First, so nothing of the request (body, params) is read or answered before the caller is known.
    route.onRequest = [...checks[access], ...existing];
  });
}
