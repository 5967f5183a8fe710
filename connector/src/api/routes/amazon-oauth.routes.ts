/**
 * GET /amazon/oauth/callback: where Seller Central sends the seller's browser after consent, with
 * `spapi_oauth_code`, `state` and `selling_partner_id`. Public (a browser redirect carries no token of ours: the
 * panel keeps its session in memory, and the consent ran in a window of its own), so it exchanges nothing: it only
 * keeps the code, sealed, against the state (issued to one session for one backend, used once, stored hashed), and
 * the panel that started it completes with its session. The answer is a small HTML page (no script, no secret,
 * nothing from the query echoed) telling the person to return to the panel.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { isSyncError } from '../../core/errors.ts';
import type { ApiDeps } from '../deps.ts';

const Query = Type.Object(
  {
    // Checked by the handler, not the schema: a browser lands here, and every refusal is a page, never JSON.
    spapi_oauth_code: Type.Optional(Type.String({ description: 'the authorisation code (valid 5 minutes)' })),
    state: Type.Optional(Type.String({ description: 'the state of POST /api/backends/{id}/amazon-authorization' })),
    selling_partner_id: Type.Optional(Type.String({ description: 'the seller who consented' })),
    // Amazon's MWS token of hybrid apps: not used, accepted so that such a redirect is not refused.
    mws_auth_token: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

const html = (reply: FastifyReply, status: number, title: string, text: string, code?: string) =>
  reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>` +
        '<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto}</style></head><body>' +
        `<h1>${title}</h1><p>${text}</p>${code ? `<p>Code: <code id="code">${code}</code></p>` : ''}` +
        '<p>You can close this window.</p></body></html>',
    );

export function amazonOAuthRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/amazon/oauth/callback',
      {
        config: { access: 'public' },
        schema: {
          tags: ['connections'],
          summary: "Seller Central's redirect after the seller's consent: the code is kept sealed until the panel session that started it completes",
          description: 'Public: the one-time `state` is the proof; nothing is exchanged here. Answers an HTML page; refused states (AUTHORIZATION_STATE_INVALID, _EXPIRED, _USED) say their code.',
          security: [],
          querystring: Query,
          produces: ['text/html'],
          response: { 200: Type.String({ description: 'the page saying the authorisation was received: return to the panel' }), 400: Type.String(), 409: Type.String() },
        },
      },
      async (req, reply) => {
        const { spapi_oauth_code: code, state, selling_partner_id: seller } = req.query;
        const fits = (v: string | undefined, max: number) => v !== undefined && v.length > 0 && v.length <= max;
        if (seller !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(seller)) return html(reply, 400, 'Authorisation refused', 'Amazon sent a seller id of an unknown form.', 'AUTHORIZATION_STATE_INVALID');
        if (!fits(code, 2048) || !fits(state, 512)) return html(reply, 400, 'Authorisation incomplete', 'Amazon did not send the authorisation code and state back: start "Connect with Amazon" again.', 'AUTHORIZATION_STATE_INVALID');
        try {
          await deps.connections.receiveAmazonAuthorization({ code: code!, state: state!, sellingPartnerId: seller ?? null });
          return html(reply, 200, 'Authorisation received', 'Amazon has sent the authorisation back. Return to the panel: it completes the connection there.');
        } catch (e) {
          if (!isSyncError(e) || e.kind !== 'permanent') throw e;
          const status = e.code === 'AUTHORIZATION_STATE_USED' ? 409 : 400;
          return html(reply, status, 'Authorisation refused', e.message.replace(/[<>&"']/g, ''), e.code);
        }
      },
    );
  };
}
