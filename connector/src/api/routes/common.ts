/** Small shared pieces of route schemas: path params, paging query, the error answers. */
import { Type } from 'typebox';
import { errorRef } from '../errors/error-body.ts';
import { BackendId, Id } from '../schemas.ts';

export { errorRef };
export const IdParams = Type.Object({ id: Id });
export const BackendIdParams = Type.Object({ id: BackendId });
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'the nextCursor of the previous page, as given' })),
};
export const notFound = { 404: errorRef };
export const conflict = { 409: errorRef };
/** Routes that call the ERP or Amazon while the caller waits: their refusals and their outages. */
export const upstream = { 422: errorRef, 503: errorRef };

export function missing(what: string, id: string | number) {
  return { code: 'NOT_FOUND' as const, message: `${what} ${id} does not exist` };
}
