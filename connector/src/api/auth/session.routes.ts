/**
 * /api/session: how the admin panel signs in. Embedded in the ERP, it exchanges the ERP's one-minute token for a
 * session (each token once, across processes: its jti is claimed in PostgreSQL); standalone, a local account signs
 * in with its password. Both answer the same session, which the panel refreshes before it expires. Exchanges and
 * sign-ins are written to the audit log with the user's name.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PermanentError } from '../../core/errors.ts';
import type { ApiDeps } from '../deps.ts';
import { ref } from '../components.ts';
import { errorRef } from '../routes/common.ts';
import { verifyErpToken } from './erp-token.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { PanelOptions } from './panel-options.ts';
import { signSession, type SessionUser } from './session-token.ts';
import { ExchangeBody, LoginBody, PanelSession, PanelSessionConfig, PanelSessionUser } from './session.schemas.ts';

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The session routes over `deps.panelAuth`, with the panel's options and the login throttle (shared counts). */
export function sessionRoutes(deps: ApiDeps, panel: PanelOptions, throttle: LoginThrottle): FastifyPluginAsync {
  const check = { secret: new TextEncoder().encode(panel.embedSecret ?? ''), origins: panel.erpOrigins, issuers: panel.erpIssuers };
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['session'];
    const open = { access: 'public' as const };
    app.get(
      '/session/config',
      { config: open, schema: { tags, summary: 'How the panel may sign in: the ERP origins that may embed it, and whether local accounts may', response: { 200: ref(PanelSessionConfig) } } },
      () => ({ erpOrigins: [...panel.erpOrigins], localLogin: panel.localLogin }),
    );
    app.post(
      '/session/exchange',
      {
        config: open,
        schema: {
          tags,
          summary: "Exchange the ERP's one-minute token for a panel session",
          description:
            'The token: HS256 with PANEL_EMBED_SECRET, aud aec-admin-panel, iss an ERP origin, exp at most two minutes ahead, sub, jti (good once), ' +
            'iat, name and role (integrator, accountant or viewer). Each refusal has its code: ERP_TOKEN_INVALID (forged or malformed), ERP_TOKEN_EXPIRED, ' +
            'ERP_TOKEN_REPLAYED, ERP_TOKEN_AUDIENCE, ERP_TOKEN_ALGORITHM, ERP_TOKEN_ISSUER, ERP_TOKEN_CLAIMS; EMBED_NOT_CONFIGURED without a secret.',
          body: ExchangeBody,
          response: { 200: ref(PanelSession), 403: errorRef },
        },
      },
      async (req) => {
        if (!panel.embedSecret) throw new PermanentError('EMBED_NOT_CONFIGURED', 'the connector has no PANEL_EMBED_SECRET: set the secret the ERP signs with');
        const erp = await verifyErpToken(req.body.token, check);
        // Claimed after every other check, so an invalid token never uses up the id of a valid one.
        if (!(await deps.panelAuth.claimTokenId(`${erp.issuer}#${erp.jti}`, erp.expiresAt))) {
          throw new PermanentError('ERP_TOKEN_REPLAYED', 'the ERP token was used before: open the panel again from the ERP');
        }
        const user: SessionUser = { name: erp.name, roles: [erp.role], subject: `erp:${erp.issuer}#${erp.subject}` };
        await deps.panelAuth.audit({ actor: user.name, action: 'session.exchange', target: `erp-user:${erp.subject}`, after: { issuer: erp.issuer, role: erp.role } });
        return answer(await signSession(panel.sessionKey, user, nowSeconds()));
      },
    );
    app.post(
      '/session/login',
      {
        config: open,
        schema: {
          tags,
          summary: 'Sign in with a local panel account (cli user add)',
          description: 'LOGIN_FAILED for a wrong login or password (the same answer and time for both), LOGIN_THROTTLED after repeated failures, LOGIN_DISABLED when PANEL_LOCAL_LOGIN=false.',
          body: LoginBody,
          response: { 200: ref(PanelSession), 403: errorRef, 429: errorRef },
        },
      },
      async (req) => {
        if (!panel.localLogin) throw new PermanentError('LOGIN_DISABLED', 'local panel accounts are switched off (PANEL_LOCAL_LOGIN=false)');
        const { login, password } = req.body;
        await throttle.check(req.ip, login);
        const account = await deps.panelAuth.verifyLogin(login, password);
        if (!account) {
          await throttle.failed(req.ip, login);
          req.log.warn({ address: req.ip }, 'panel sign-in refused');
          throw new PermanentError('LOGIN_FAILED', 'wrong login or password');
        }
        await throttle.succeeded(req.ip, login);
        const user: SessionUser = { name: account.name, roles: [account.role], subject: `local:${account.login}` };
        await deps.panelAuth.audit({ actor: user.name, action: 'session.login', target: `panel-user:${account.login}`, after: { role: account.role } });
        return answer(await signSession(panel.sessionKey, user, nowSeconds()));
      },
    );
    app.post(
      '/session/refresh',
      { config: { access: 'read' }, schema: { tags, summary: 'A fresh session for the current one (before it expires; up to 12 hours after the sign-in)', response: { 200: ref(PanelSession) } } },
      async (req) => {
        const session = sessionOf(req);
        let user: SessionUser = session;
        // A local account is read again: once removed its sessions end at their next refresh, and a new role counts.
        if (session.subject.startsWith('local:')) {
          const account = await deps.panelAuth.localAccount(session.subject.slice('local:'.length));
          if (!account) throw new PermanentError('SESSION_INVALID', 'the local account of this session no longer exists');
          user = { name: account.name, roles: [account.role], subject: session.subject, sessionId: session.sessionId };
        }
        return answer(await signSession(panel.sessionKey, user, session.authTime));
      },
    );
    app.get(
      '/session',
      { config: { access: 'read' }, schema: { tags, summary: 'Who is signed in (the admin token: admin-token, role admin)', response: { 200: Type.Object({ user: ref(PanelSessionUser) }) } } },
      (req) => ({ user: { name: req.principal!.name, roles: [...req.principal!.roles] } }),
    );
  };
}

function sessionOf(req: FastifyRequest) {
  if (!req.panelSession) throw new PermanentError('SESSION_INVALID', 'only a panel session can be refreshed (the admin token needs none)');
  return req.panelSession;
}

const answer = (s: Awaited<ReturnType<typeof signSession>>) => ({ sessionToken: s.sessionToken, expiresAt: s.expiresAt, user: s.user });
