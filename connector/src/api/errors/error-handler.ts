/**
 * Every error leaves the API as `{ code, message, details? }` with a code of the catalogue and the catalogue's
 * status: schema failures as 400 BAD_REQUEST listing each problem, Fastify's own refusals under our codes (its
 * FST_ERR_* codes never leak), our SyncErrors by code, anything else as 500 INTERNAL without internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { isSyncError, type ErrorCode } from '../../core/errors.ts';
import { coreOnlyCatalogue, type ErrorCatalogue } from './error-catalogue.ts';
import { describeProblems, toProblems, type ValidationIssue } from './validation-problems.ts';

/** Fastify's refusals of a request, under our codes. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'BODY_INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BODY_INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'MEDIA_TYPE_UNSUPPORTED',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
};

/** A client error Fastify raised under a code we do not map: by its status. */
function byStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'BODY_TOO_LARGE';
  if (status === 415) return 'MEDIA_TYPE_UNSUPPORTED';
  return 'BAD_REQUEST';
}

const messages: Partial<Record<ErrorCode, string>> = {
  BODY_INVALID_JSON: 'the body is not valid JSON',
  BODY_TOO_LARGE: 'the body is too large',
  MEDIA_TYPE_UNSUPPORTED: 'the body must be sent as application/json',
  BAD_REQUEST: 'the request is malformed',
};

/** Sends an error answer with the catalogue's status for `code` (core's catalogue unless the assembled one is given). */
export function sendError(
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  details?: Record<string, unknown>,
  catalogue: ErrorCatalogue = coreOnlyCatalogue,
) {
  // HTTP requires a 401 to name the scheme that would be accepted (RFC 9110 §11.6.1).
  const status = catalogue.statusOf(code);
  if (status === 401) reply.header('www-authenticate', 'Bearer realm="connector"');
  return reply.status(status).send(details && Object.keys(details).length ? { code, message, details } : { code, message });
}

/** Answers every error in our shape, with the status `catalogue` gives its code. */
export function installErrorHandler(app: FastifyInstance, catalogue: ErrorCatalogue): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err.validation) {
      const problems = toProblems(err.validationContext ?? 'request', err.validation as ValidationIssue[]);
      return sendError(reply, 'BAD_REQUEST', describeProblems(problems), { problems });
    }
    if (isSyncError(err)) return sendError(reply, err.code, err.message, err.details, catalogue);
    const status = err.statusCode ?? 500;
    if (status < 500) {
      const code = (err.code && fastifyCodes[err.code]) || byStatus(status);
      return sendError(reply, code, messages[code] ?? 'the request is refused');
    }
    // Only the error's type, code and stack frames: a driver error's message holds the SQL and its values.
    const frames = (err.stack ?? '').split('\n').filter((l) => l.trimStart().startsWith('at ')).slice(0, 8);
    req.log.error({ err: { type: err.name, code: err.code, frames } }, 'unhandled API error');
    return sendError(reply, 'INTERNAL', 'internal error');
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, 'NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`));
}
