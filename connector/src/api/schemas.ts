/**
 * The API's shared data shapes (TypeBox): ids, times, money, nullable and the anonymous page. Each area's shapes
 * live beside it (`backend.schemas.ts`, `conflict.schemas.ts`, `sync-run.schemas.ts`, `audit.schemas.ts`,
 * `health.schemas.ts`, `mapping-schemas.ts`, `connection.schemas.ts`): validated on the way in, documented in the
 * OpenAPI document, and the source of the admin UI's types. Money is a decimal string with its currency beside it,
 * never a float.
 */
import { Type } from 'typebox';

/** PostgreSQL `integer` (backends) and the ids JavaScript holds exactly (`bigint` rows: conflicts, runs). */
export const INT4_MAX = 2_147_483_647;
export const BackendId = Type.Integer({ minimum: 1, maximum: INT4_MAX, description: 'a backend id' });
export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const IsoTime = Type.String({ format: 'date-time' });
/** A multi-company Odoo's company the backend works in (res.company id): every ERP call carries it. */
export const ErpCompanyId = Type.Integer({ minimum: 1, maximum: INT4_MAX, description: "the ERP company (res.company id) the backend works in; every ERP call carries it as allowed_company_ids" });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Money = Type.Object(
  { amount: Type.String({ pattern: '^-?\\d+(\\.\\d+)?$' }), currency: Type.String({ minLength: 3, maxLength: 3 }) },
);

/** An anonymous page schema (prefer a named page in components.ts, which the document names). */
export const Page = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });