/**
 * Seller Central's side of the website authorisation workflow: `GET /apps/authorize/consent` shows the seller the
 * application asking for access and an Authorize button; the button (`POST /apps/authorize/confirm`) redirects the
 * browser to the application's redirect URI with `spapi_oauth_code`, `state` and `selling_partner_id`. Served on
 * Seller Central's host names and on the sandbox's own address (a browser on 127.0.0.1:port), never on the SP-API,
 * LWA or SQS hosts. The sandbox has no seller sign-in: the page lets the person pick the seller account.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxState } from '../state.ts';
import type { SandboxApplication } from './applications.ts';

type Query = Record<string, string | undefined>;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(reply: FastifyReply, status: number, title: string, body: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>` +
      '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;color:#232f3e}button{background:#ffd814;border:1px solid #fcd200;border-radius:8px;padding:.6rem 1.4rem;font-size:1rem}</style>' +
      `</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`);
}

/** Amazon's error page: its code (MD1000, MD5101, ...) and what it means. */
const refusal = (reply: FastifyReply, code: string, message: string) =>
  page(reply, 400, 'We cannot authorize this application', `<p>Error code: <strong id="error-code">${code}</strong></p><p>${escapeHtml(message)}</p>`);

/** The application the query names and the redirect URI to use, or the refusal already sent. */
function resolve(state: SandboxState, q: Query, reply: FastifyReply): { app: SandboxApplication; redirectUri: string } | undefined {
  const app = q.application_id ? state.applications.get(q.application_id) : undefined;
  if (!app) return void refusal(reply, 'MD9100', 'The application id is not valid.');
  if (app.draft && q.version !== 'beta') return void refusal(reply, 'MD1000', 'The application is in draft state: add version=beta to authorize it.');
  if (!q.state) return void refusal(reply, 'MD9100', 'The state parameter is missing.');
  const redirectUri = q.redirect_uri ?? app.redirectUris[0];
  const registered = app.redirectUris.length === 0 ? /^https?:\/\/[^\s]+$/.test(redirectUri ?? '') : app.redirectUris.includes(redirectUri ?? '');
  if (!redirectUri || !registered) return void refusal(reply, 'MD5101', "The redirect URI does not match one of the application's redirect URIs.");
  return { app, redirectUri };
}

export function registerConsentRoutes(app: FastifyInstance, state: SandboxState): void {
  const servedHere = (kind: string) => kind === 'direct';
  app.get('/apps/authorize/consent', async (req, reply) => {
    if (!servedHere(req.target.kind)) return reply.code(404).send({ message: 'Not Found' });
    const q = req.query as Query;
    const ok = resolve(state, q, reply);
    if (!ok) return reply;
    const hidden = (name: string, v: string | undefined) => (v === undefined ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(v)}">`);
    const sellers = [...state.sellers.values()]
      .map((s) => `<option value="${escapeHtml(s.sellerId)}">${escapeHtml(s.name ?? s.sellerId)} (${escapeHtml(s.sellerId)}, ${s.region.toUpperCase()})</option>`)
      .join('');
    return page(reply, 200, `Authorize ${ok.app.name}`,
      `<p><strong id="app-name">${escapeHtml(ok.app.name)}</strong> asks for access to your selling account through the Selling Partner API.</p>` +
      `<form method="post" action="/apps/authorize/confirm">${hidden('application_id', q.application_id)}${hidden('state', q.state)}` +
      `${hidden('redirect_uri', q.redirect_uri)}${hidden('version', q.version)}` +
      `<p><label>Selling account <select name="selling_partner_id">${sellers}</select></label></p>` +
      '<p><button type="submit" id="authorize">Authorize</button></p></form>');
  });
  app.post('/apps/authorize/confirm', async (req, reply) => {
    if (!servedHere(req.target.kind)) return reply.code(404).send({ message: 'Not Found' });
    const q = (req.body ?? {}) as Query;
    const ok = resolve(state, q, reply);
    if (!ok) return reply;
    const seller = q.selling_partner_id ? state.sellers.get(q.selling_partner_id) : undefined;
    if (!seller) return refusal(reply, 'MD9100', 'Choose a selling account.');
    const code = state.authorizations.issueCode(ok.app, seller.sellerId, ok.redirectUri);
    const target = new URL(ok.redirectUri);
    target.searchParams.set('spapi_oauth_code', code);
    target.searchParams.set('state', q.state!);
    target.searchParams.set('selling_partner_id', seller.sellerId);
    return reply.code(302).header('location', target.toString()).header('cache-control', 'no-store').send();
  });
}
