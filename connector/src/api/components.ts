/**
 * The shapes registered once as shared schemas: the document names them as components (ErrorBody, Backend, ...)
 * and routes refer to them with `ref()` in their responses.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { ErrorBody } from './errors/error-body.ts';
import { Backend, ConflictView, Health, OrderView, SyncRunView } from './schemas.ts';

export const sharedSchemas: TSchema[] = [ErrorBody, Backend, OrderView, ConflictView, SyncRunView, Health];

/** A reference to a shared schema, typed as the schema itself. */
export function ref<T extends TSchema & { $id?: string }>(schema: T) {
  if (!schema.$id) throw new Error('only a shared schema with an $id can be referred to');
  return Type.Unsafe<Static<T>>({ $ref: `${schema.$id}#` });
}
