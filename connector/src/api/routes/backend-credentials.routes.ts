/**
 * PUT /api/backends/:id/credentials/amazon: the seller's new authorisation (after Amazon refused the old one:
 * the backend showed AMAZON_AUTH_FAILED). Stored sealed, audited as "replaced" (never the values), it clears the
 * refusal, drops the cached LWA token in every process and asks for a sweep at once.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { ref } from '../components.ts';
import { amazonCredentialFields, Backend } from '../backend.schemas.ts';
import { BackendIdParams, missing, notFound } from './common.ts';

export const AmazonCredentialsBody = Type.Object({ ...amazonCredentialFields }, { additionalProperties: false });

export function backendCredentialsRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.put(
      '/backends/:id/credentials/amazon',
      {
        config: { access: 'write' },
        schema: {
          tags: ['backends'],
          summary: "Replace the seller's Amazon credentials (LWA client and refresh token); clears AMAZON_AUTH_FAILED",
          params: BackendIdParams,
          body: AmazonCredentialsBody,
          response: { 200: ref(Backend), ...notFound },
        },
      },
      async (req, reply) => {
        const b = await deps.backends.replaceAmazonCredentials(req.params.id, req.body, actorOf(req));
        return b ? b : reply.status(404).send(missing('backend', req.params.id));
      },
    );
  };
}
