/** A request or an answer checked against its model's schema at the boundary (Feeds and Reports APIs). */
import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { PermanentError } from '../core/errors.ts';

/** Checks `value` against `schema`, or a PermanentError with `code` naming the first problems (never the values). */
export function checked<S extends TSchema>(schema: S, value: unknown, operation: string, code: 'AMAZON_INVALID_REQUEST' | 'AMAZON_BAD_PAYLOAD'): Static<S> {
  const check = compiled(schema);
  if (check.Check(value)) return value as Static<S>;
  const problems = [...check.Errors(value)].slice(0, 10).map((e) => `${e.instancePath || '/'}: ${e.message}`);
  throw new PermanentError(code, `${operation}: ${problems.join('; ')}`, { operation, problems });
}
const cache = new Map<TSchema, ReturnType<typeof Compile>>();
const compiled = (schema: TSchema) => cache.get(schema) ?? cache.set(schema, Compile(schema)).get(schema)!;
