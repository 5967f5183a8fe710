/**
 * The sandbox's web side for the embedded panel, as the Odoo addon offers it: `GET/POST /web/login` (form, session
 * cookie), `POST /web/session/logout`, `GET /odoo/amazon` (the page framing the panel) and
 * `GET /amazon_connector/panel_token` (the addon controller's answer: `{ token, panelUrl, expiresAt }`).
 * Configured only with the panel's URL and the shared secret (`panel` option / ERP_SANDBOX_PANEL_URL, _SECRET).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { loginPage, panelHostPage } from './host-pages.ts';
import { HostSessions } from './host-sessions.ts';
import { checkLogin, hostUser } from './host-users.ts';
import { signPanelToken } from './panel-token.ts';

export interface PanelHostConfig {
  /** The connector's base URL; the panel is at `<url>/admin/`. */
  url: string;
  /** The secret shared with the connector (PANEL_EMBED_SECRET), at least 32 characters. */
  secret: string;
}

/** Registers the routes in their own scope (the form body parser stays out of the emulated Odoo's endpoints). */
export function registerHostRoutes(app: FastifyInstance, pool: Pool, panel: PanelHostConfig | undefined): void {
  const sessions = new HostSessions();
  const html = (reply: FastifyReply, body: string, status = 200) =>
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(body);
  const signedIn = async (req: FastifyRequest) => {
    const id = sessions.userOf(req.headers.cookie);
    return id === null ? null : hostUser(pool, id);
  };

  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    scope.get('/web/login', async (_req, reply) => html(reply, loginPage()));
    scope.post('/web/login', async (req, reply) => {
      const form = (req.body ?? {}) as Record<string, unknown>;
      const user = typeof form.login === 'string' && typeof form.password === 'string' ? await checkLogin(pool, form.login, form.password) : null;
      if (!user) return html(reply, loginPage('Wrong login/password'), 401);
      return reply.code(303).header('set-cookie', sessions.open(user.id)).header('location', '/odoo/amazon').send();
    });
    scope.post('/web/session/logout', async (req, reply) =>
      reply.code(303).header('set-cookie', sessions.close(req.headers.cookie)).header('location', '/web/login').send());
    scope.get('/odoo/amazon', async (req, reply) => {
      const user = await signedIn(req);
      if (!user) return reply.code(303).header('location', '/web/login').send();
      return html(reply, panelHostPage(user));
    });
    scope.get('/amazon_connector/panel_token', async (req, reply) => {
      const user = await signedIn(req);
      void reply.header('cache-control', 'no-store');
      if (!user) return reply.code(401).send({ code: 'SESSION_REQUIRED', message: 'Log in to the ERP first' });
      if (!panel) {
        return reply.code(503).send({ code: 'PANEL_NOT_CONFIGURED', message: 'Start the sandbox with the panel URL and secret (ERP_SANDBOX_PANEL_URL, ERP_SANDBOX_PANEL_SECRET)' });
      }
      // the issuer is the ERP's origin as the browser reached it (Odoo's host_url): what PANEL_ERP_ORIGINS lists
      const issuer = `${req.protocol}://${req.host}`;
      const { token, expiresAt } = await signPanelToken(user, issuer, panel.secret);
      return { token, panelUrl: panel.url.replace(/\/+$/, ''), expiresAt };
    });
  });
}
