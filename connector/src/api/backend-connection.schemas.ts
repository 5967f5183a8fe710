/**
 * A backend's connection after creation: the change of its seller account and ERP endpoint (secrets write-only)
 * (what the view says of its secrets is BackendSecrets in schemas.ts).
 */
import { Type, type Static } from 'typebox';
import { MARKETPLACE_ID_PATTERN, SELLER_ID_PATTERN } from '../core/backend/backend-record.ts';
import { Nullable } from './schemas.ts';

const secret = (description: string) => Type.String({ minLength: 1, writeOnly: true, description });

/** Absent fields stay as they are; a secret is sent only when a new one is typed. */
export const BackendConnectionPatch = Type.Object(
  {
    amazon: Type.Optional(
      Type.Object(
        {
          region: Type.Optional(Type.Union([Type.Literal('na'), Type.Literal('eu'), Type.Literal('fe')])),
          sellerId: Type.Optional(Type.String({ pattern: SELLER_ID_PATTERN, maxLength: 64 })),
          marketplaceIds: Type.Optional(Type.Array(Type.String({ pattern: MARKETPLACE_ID_PATTERN }), { minItems: 1 })),
          lwaClientId: Type.Optional(Type.String({ minLength: 1 })),
          lwaClientSecret: Type.Optional(secret('a new LWA client secret')),
          refreshToken: Type.Optional(secret('a new refresh token (or use "Connect with Amazon")')),
        },
        { additionalProperties: false },
      ),
    ),
    erp: Type.Optional(
      Type.Object(
        {
          url: Type.Optional(Type.String({ minLength: 1 })),
          database: Type.Optional(Type.String({ minLength: 1 })),
          login: Type.Optional(Nullable(Type.String({ minLength: 1, description: 'null removes it (an API key alone)' }))),
          apiKey: Type.Optional(Nullable(secret('a new API key; null removes it (login and password then)'))),
          password: Type.Optional(Nullable(secret('a new password; null removes it'))),
        },
        { additionalProperties: false },
      ),
    ),
  },
  {
    additionalProperties: false,
    minProperties: 1,
    description: 'the ERP must keep an API key or a login with a password (400 BACKEND_INVALID, field credentials.erp)',
  },
);
export type BackendConnectionPatchT = Static<typeof BackendConnectionPatch>;
