/** Amazon's error answers: the models' ErrorList for SP-API, `{error, error_description}` for LWA. */
import type { FastifyReply } from 'fastify';

export interface AmazonError {
  code: string;
  message: string;
  details?: string;
}

/** Sends an SP-API ErrorList. */
export function sendErrors(reply: FastifyReply, status: number, ...errors: AmazonError[]): FastifyReply {
  return reply.code(status).type('application/json').send({ errors });
}

/** 400 InvalidInput, as the Orders API answers a bad parameter. */
export function invalidInput(reply: FastifyReply, message: string, details?: string): FastifyReply {
  return sendErrors(reply, 400, { code: 'InvalidInput', message, ...(details ? { details } : {}) });
}

/** 429 with the header and body Amazon sends when a usage plan is exhausted. */
export function quotaExceeded(reply: FastifyReply): FastifyReply {
  reply.header('x-amzn-ErrorType', 'TooManyRequestsException');
  return sendErrors(reply, 429, { code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' });
}

/** 403 Unauthorized with Amazon's wording; `details` tells missing, invalid and expired tokens apart. */
export function unauthorized(reply: FastifyReply, details: string): FastifyReply {
  return sendErrors(reply, 403, { code: 'Unauthorized', message: 'Access to requested resource is denied.', details });
}

/** LWA's error shape (`invalid_grant`, `invalid_client`, `unsupported_grant_type`, `invalid_request`). */
export function lwaError(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return reply.code(status).type('application/json').send({ error, error_description: description });
}
