/**
 * The only body the API reads: JSON. Fastify's parser refuses a `__proto__` key as "not valid JSON", which sends
 * a caller looking for a syntax error that is not there; this one says what is refused (BODY_FORBIDDEN_KEY).
 * Other media types (Fastify's text/plain parser included) are refused with 415 MEDIA_TYPE_UNSUPPORTED.
 */
import type { FastifyInstance } from 'fastify';
import { PermanentError } from '../../core/errors.ts';

/** Keys that would reach an object's prototype if the body were ever merged into another object. */
function forbiddenKey(key: string, value: unknown): boolean {
  if (key === '__proto__') return true;
  return key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value;
}

/** Parses JSON text, refusing prototype keys at any depth. */
export function parseJsonBody(text: string): unknown {
  let bad: string | null = null;
  let parsed: unknown;
  try {
    // JSON.parse makes `__proto__` an own property (no pollution here); the reviver sees every key to report it.
    parsed = JSON.parse(text, function (key, value) {
      if (bad === null && forbiddenKey(key, value)) bad = key;
      return value;
    });
  } catch {
    throw new PermanentError('BODY_INVALID_JSON', 'the body is not valid JSON');
  }
  if (bad !== null) throw new PermanentError('BODY_FORBIDDEN_KEY', `the body may not hold a "${bad}" key`, { key: bad });
  return parsed;
}

export function installJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(new PermanentError('BODY_INVALID_JSON', 'the body is empty while its content-type is application/json'), undefined);
    try {
      done(null, parseJsonBody(text));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}
