/** Small shared pieces of route schemas: path params, paging query, the error answers. */
import { Type } from 'typebox';

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};
export const errorRef = Type.Unsafe<{ code: string; message: string }>({ $ref: 'ErrorBody#' });
export const notFound = { 404: errorRef };

export function missing(what: string, id: string | number) {
  return { code: 'NOT_FOUND', message: `${what} ${id} does not exist` };
}
