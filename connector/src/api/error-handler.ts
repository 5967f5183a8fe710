/**
 * Every error leaves the API as `{ code, message, details? }` with a stable code: request validation failures as
 * 400 BAD_REQUEST, our SyncErrors by kind, anything else as 500 INTERNAL without internals.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { isSyncError } from '../core/errors.ts';
import { Type } from 'typebox';

export const ErrorBody = Type.Object(
  { code: Type.String(), message: Type.String(), details: Type.Optional(Type.Record(Type.String(), Type.Unknown())) },
  { $id: 'ErrorBody', description: 'Every error answer: a stable code, a readable message and safe details' },
);

/** The HTTP status an API answer gets for each kind of sync error. */
const statusByKind = { retryable: 503, permanent: 422, skip: 409, conflict: 409 } as const;
/** Codes that say the request itself was wrong, or named nothing that exists, whatever check caught it. */
const statusByCode: Partial<Record<string, number>> = {
  BACKEND_INVALID: 400,
  SETTINGS_UNKNOWN_KEY: 400,
  SETTINGS_INVALID: 400,
  ERP_URL_REFUSED: 400,
  BACKEND_NOT_FOUND: 404,
  BACKEND_NAME_TAKEN: 409,
  BACKEND_DISABLED: 409,
};

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err.validation) {
      return reply.status(400).send({ code: 'BAD_REQUEST', message: err.message });
    }
    if (isSyncError(err)) {
      return reply.status(statusByCode[err.code] ?? statusByKind[err.kind]).send({ code: err.code, message: err.message, details: err.details });
    }
    if (err.statusCode && err.statusCode < 500) {
      return reply.status(err.statusCode).send({ code: err.code ?? 'BAD_REQUEST', message: err.message });
    }
    req.log.error({ err: { message: err.message, stack: err.stack } }, 'unhandled API error');
    return reply.status(500).send({ code: 'INTERNAL', message: 'internal error' });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` }),
  );
}
