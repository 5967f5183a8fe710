/**
 * The error answers every route may give, added to its documented responses from what it declares: 401 when it
 * needs credentials, 403 when some signed-in roles may not call it, 400 when it reads path, query or body, 413/415 when it reads a body, 500 always. Routes
 * declare only their own (404, 409, 422, 503). The OpenAPI document thus lists every status the server sends.
 */
import type { RouteOptions } from 'fastify';
import { errorAnswer } from './error-body.ts';
import type { ErrorCatalogue } from './error-catalogue.ts';

const isPlainRef = (s: unknown) => typeof s === 'object' && s !== null && (s as { $ref?: string }).$ref === 'ErrorBody#' && !('description' in s);

/** The onRoute hook that documents each route's error answers with the codes of `catalogue`. */
export const documentRouteErrors = (catalogue: ErrorCatalogue) => (route: RouteOptions): void => {
  const schema = route.schema;
  if (!schema || (schema as { hide?: boolean }).hide) return;
  const response = { ...((schema.response as Record<string, unknown> | undefined) ?? {}) };
  const add = (status: number) => {
    response[status] ??= errorAnswer(catalogue, status);
  };
  const access = route.config?.access;
  if (access !== 'public') add(401);
  else (schema as { security?: unknown[] }).security = [];
  // A signed-in panel role below the route's level (viewer on a write, accountant on a non-money conflict).
  if (access === 'write' || access === 'resolve' || access === 'admin') add(403);
  if (schema.params || schema.querystring || schema.body) add(400);
  if (schema.body) {
    add(413);
    add(415);
  }
  add(500);
  // The routes' own error answers (404, 409, ...) get their codes named too.
  for (const status of Object.keys(response)) if (Number(status) >= 400 && isPlainRef(response[status])) response[status] = errorAnswer(catalogue, Number(status));
  schema.response = response;
};
