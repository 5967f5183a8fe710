/**
 * Refuses a NUL character in any text a route reads (path, query, body) with 400 BAD_REQUEST naming the field:
 * PostgreSQL cannot store U+0000 in text or jsonb and would fail the query with a 500 instead.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PermanentError } from '../../core/errors.ts';
import type { Problem } from '../errors/validation-problems.ts';

/** JSON pointers of every string holding a NUL inside `value`. */
function nulFields(value: unknown, pointer: string, out: string[]): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(pointer);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulFields(v, `${pointer}/${i}`, out));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) out.push(`${pointer}/${k.replaceAll('\u0000', '\\u0000')}`);
      nulFields(v, `${pointer}/${k}`, out);
    }
  }
}

function problemsOf(req: FastifyRequest): Problem[] {
  const schema = req.routeOptions.schema ?? {};
  const parts: Array<[string, unknown]> = [['params', req.params]];
  if (schema.querystring) parts.push(['querystring', req.query]);
  if (schema.body) parts.push(['body', req.body]);
  return parts.flatMap(([part, value]) => {
    const fields: string[] = [];
    nulFields(value, '', fields);
    return fields.map((field) => ({ in: part, field, message: 'must not contain a NUL character' }));
  });
}

export function installNulGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const problems = problemsOf(req);
    if (problems.length) {
      throw new PermanentError('BAD_REQUEST', problems.map((p) => `${p.in}${p.field} ${p.message}`).join('; '), { problems });
    }
  });
}
