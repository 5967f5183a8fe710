/** A request body checked against a TypeBox schema, or a 400 BAD_REQUEST naming the first problem. */
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { AdminError } from './admin-ops.ts';

export function checked<T extends TSchema>(schema: T, value: unknown): Static<T> {
  if (!Value.Check(schema, value)) {
    const e = Value.Errors(schema, value)[0];
    throw new AdminError(400, 'BAD_REQUEST', `body${e?.instancePath ?? ''}: ${e?.message ?? 'invalid'}`);
  }
  return value;
}
