/**
 * The Connections screen's API: test a saved backend's connection or a form not yet saved (both sides, one row
 * per check with a stable code), and start "Connect with Amazon" (the consent URL, with a state bound to the
 * backend and the caller). Amazon's redirect back lands on `amazon-oauth.routes.ts`.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { ref } from '../components.ts';
import { AmazonAuthorizationStart, ConnectionDraftBody, ConnectionTestResult } from '../connection.schemas.ts';
import { BackendIdParams, conflict, missing, notFound } from './common.ts';

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
            'The URL carries the app id (AMAZON_APP_ID), a one-time `state` bound to this backend and caller (valid 15 minutes) and the redirect URI; ' +
            'after the seller consents, Amazon sends the browser to GET /amazon/oauth/callback, which stores the new refresh token. ' +
            '409 AMAZON_AUTHORIZATION_UNAVAILABLE when not configured: paste a refresh token instead (PUT .../credentials/amazon).',
          params: BackendIdParams,
          response: { 200: ref(AmazonAuthorizationStart), ...notFound, ...conflict },
        },
      },
      async (req, reply) => (await deps.connections.startAmazonAuthorization(req.params.id, actorOf(req))) ?? reply.status(404).send(missing('backend', req.params.id)),
    );
  };
}
