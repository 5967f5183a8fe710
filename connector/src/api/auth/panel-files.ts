/**
 * The built admin panel (`admin-ui/dist`) at /admin/: public files (the API behind them checks every call), an
 * unknown path without a file extension answered with index.html (the panel's own router decides), and a clear
 * 503 page while the panel is not built. Every /admin/ answer says which sites may frame it:
 * `Content-Security-Policy: frame-ancestors <PANEL_ERP_ORIGINS>` ('self' when none), and no X-Frame-Options,
 * which would contradict it in browsers that prefer it.
 */
import { existsSync, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { PanelOptions } from './panel-options.ts';

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Admin panel not built</title>
<body style="font-family:system-ui;margin:3rem;max-width:40rem"><h1>The admin panel is not built</h1>
<p>The connector serves the panel from <code>admin-ui/dist</code>, which does not exist yet. Build it with
<code>npm run build --workspace admin-ui</code> (or <code>pnpm --filter admin-ui build</code>) and reload this page.</p>
<p>The API itself is up: <a href="/docs">/docs</a>.</p></body></html>`;

/** The CSP that names who may frame the panel. */
export const frameAncestors = (origins: readonly string[]): string => `frame-ancestors ${origins.length ? origins.join(' ') : "'self'"}`;

/** A file of the dist folder by its URL path, or null (never outside the folder). */
function fileOf(root: string, path: string): string | null {
  const file = resolve(root, `.${sep}${decodeURIComponent(path)}`);
  if (!file.startsWith(root + sep)) return null;
  try {
    return statSync(file).isFile() ? file.slice(root.length + 1) : null;
  } catch {
    return null;
  }
}

/** The /admin/ routes over `panel.distDir`. */
export function panelFiles(panel: Pick<PanelOptions, 'distDir' | 'erpOrigins'>): FastifyPluginAsync {
  const root = resolve(panel.distDir);
  const csp = frameAncestors(panel.erpOrigins);
  // Encapsulated: sendFile and the header hook apply to these routes only.
  return async (app) => {
    await app.register(fastifyStatic, { root, serve: false, decorateReply: true });
    app.addHook('onSend', async (_req, reply) => {
      reply.header('content-security-policy', csp);
      reply.removeHeader('x-frame-options');
    });
    const config = { access: 'public' as const };
    const schema = { hide: true };
    app.get('/admin', { config, schema }, (_req, reply) => reply.redirect('/admin/', 301));
    app.get<{ Params: { '*': string } }>('/admin/*', { config, schema }, (req, reply) => serve(reply, req.params['*'] ?? ''));
  };

  function serve(reply: FastifyReply, path: string) {
    if (!existsSync(resolve(root, 'index.html'))) return reply.status(503).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(NOT_BUILT);
    let file: string | null = null;
    try {
      file = path === '' ? null : fileOf(root, path);
    } catch {
      file = null; // a malformed %-escape: no such file
    }
    // Hashed assets never change under their name; index.html must be fetched again after each build.
    if (file) return reply.sendFile(file, { maxAge: file.startsWith(`assets${sep}`) ? '365d' : 0, immutable: file.startsWith(`assets${sep}`) });
    if (extname(path) !== '') return reply.status(404).type('text/plain; charset=utf-8').send('no such file in the admin panel');
    return reply.header('cache-control', 'no-cache').sendFile('index.html', { maxAge: 0 });
  }
}
