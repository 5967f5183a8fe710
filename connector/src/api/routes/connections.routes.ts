/**
 * The Connections screen's API: test a saved backend's connection or a form not yet saved (both sides, one row
 * per check with a stable code), and "Connect with Amazon": start (the consent URL, with a state bound to the
 * backend and the caller's session) and complete (by the same session, once Amazon's redirect, which lands on
 * `amazon-oauth.routes.ts`, has left the code).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sessionBindingOf } from '../auth/session-binding.ts';
import { actorOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { ref } from '../components.ts';
import { AmazonAuthorizationProgress, AmazonAuthorizationStart, ConnectionDraftBody, ConnectionTestResult } from '../connection.schemas.ts';
import { BackendId } from '../schemas.ts';
import { BackendIdParams, conflict, errorRef, missing, notFound } from './common.ts';

export function connectionRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['connections'];
    // Testing uses the stored secrets and spends Amazon quota: an integrator's act, like changing the backend.
    const config = { access: 'write' as const };
    app.post(
      '/backends/:id/test-connection',
      {
        config,
        schema: {
          tags,
          summary: "Test a backend's connection: Amazon (LWA, marketplaces) and the ERP (server, version, database, login, modules)",
          description: 'Each check has its own time box; a failed check says why with a stable code and what to do, and the checks that need it are listed as skipped (CHECK_SKIPPED).',
          params: BackendIdParams,
          response: { 200: ref(ConnectionTestResult), ...notFound },
        },
      },
      async (req, reply) => (await deps.connections.testBackend(req.params.id)) ?? reply.status(404).send(missing('backend', req.params.id)),
    );
    app.post(
      '/connections/test',
      {
        config,
        schema: {
          tags,
          summary: 'Test a connection before saving it (the fields of the create form, secrets included: used for the test, never stored nor echoed)',
          body: ConnectionDraftBody,
          response: { 200: ref(ConnectionTestResult) },
        },
      },
      (req) => deps.connections.testDraft(req.body),
    );
    app.post(
      '/backends/:id/amazon-authorization',
      {
        config,
        schema: {
          tags,
          summary: "Start \"Connect with Amazon\": the Seller Central consent URL for the backend's seller (the website authorisation workflow)",
          description:
            "The URL carries the app id (AMAZON_APP_ID), a one-time `state` bound to this backend and to the caller's session (valid 15 minutes) and the redirect URI; " +
            'after the seller consents, Amazon sends the browser to GET /amazon/oauth/callback, which keeps the code; the same session then completes with the `stateRef` ' +
            '(POST .../amazon-authorization/{stateRef}/complete). ' +
            '409 AMAZON_AUTHORIZATION_UNAVAILABLE when not configured: paste a refresh token instead (PUT .../credentials/amazon).',
          params: BackendIdParams,
          response: { 200: ref(AmazonAuthorizationStart), ...notFound, ...conflict },
        },
      },
      async (req, reply) =>
        (await deps.connections.startAmazonAuthorization(req.params.id, { actor: actorOf(req), binding: sessionBindingOf(req) })) ?? reply.status(404).send(missing('backend', req.params.id)),
    );
    app.post(
      '/backends/:id/amazon-authorization/:stateRef/complete',
      {
        config,
        schema: {
          tags,
          summary: "\"Connect with Amazon\", completed by the session that started it: pending until Amazon's redirect came, then the code exchanged for a refresh token, stored sealed",
          description:
            'The panel asks every few seconds while the consent window is open. Refused: AUTHORIZATION_SESSION_MISMATCH (403: another session than the one that started it), ' +
            'AUTHORIZATION_STATE_INVALID (unknown), AUTHORIZATION_STATE_EXPIRED, AUTHORIZATION_STATE_USED (409: completed already), AUTHORIZATION_SELLER_MISMATCH, AUTHORIZATION_CODE_REFUSED.',
          params: Type.Object({ id: BackendId, stateRef: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) }),
          response: { 200: ref(AmazonAuthorizationProgress), 400: errorRef, 403: errorRef, ...notFound, ...conflict },
        },
      },
      async (req, reply) =>
        (await deps.connections.completeAmazonAuthorization(req.params.id, req.params.stateRef, { actor: actorOf(req), binding: sessionBindingOf(req) })) ??
        reply.status(404).send(missing('backend', req.params.id)),
    );
  };
}
