/**
 * The Connections screen's shapes: the result of a connection test (one row per check, a stable code when it
 * fails) and the body of a test of a form not yet saved (a backend's connection fields, secrets included: used
 * for the test, never stored nor echoed).
 */
import { Type, type Static } from 'typebox';
import { MARKETPLACE_ID_PATTERN, SELLER_ID_PATTERN } from '../core/backend/backend-record.ts';
import { ErpCompanyId, IsoTime } from './schemas.ts';

/** The codes of a failed check; only ever added to (the panel shows what to do per code). */
export const CONNECTION_CHECK_CODES = [
  'REFRESH_TOKEN_NOT_SET',
  'LWA_CLIENT_INVALID',
  'LWA_REFRESH_TOKEN_INVALID',
  'LWA_REFUSED',
  'AMAZON_UNREACHABLE',
  'AMAZON_ACCESS_DENIED',
  'AMAZON_THROTTLED',
  'MARKETPLACE_UNKNOWN',
  'MARKETPLACE_NOT_IN_REGION',
  'MARKETPLACE_NOT_PARTICIPATING',
  'ERP_URL_REFUSED',
  'ERP_UNREACHABLE',
  'ERP_NOT_ODOO',
  'ERP_VERSION_UNSUPPORTED',
  'ERP_DATABASE_UNKNOWN',
  'ERP_AUTH_FAILED',
  'ERP_ACCESS_DENIED',
  'MODULE_MISSING',
  'CHECK_SKIPPED',
  'CHECK_FAILED',
] as const;
export type ConnectionCheckCode = (typeof CONNECTION_CHECK_CODES)[number];

export const ConnectionCheck = Type.Object(
  {
    check: Type.String({ description: 'amazon.authorization, amazon.marketplaces, erp.server, erp.database, erp.login, erp.modules' }),
    ok: Type.Boolean(),
    code: Type.Optional(Type.Unsafe<ConnectionCheckCode>(Type.Union(CONNECTION_CHECK_CODES.map((c) => Type.Literal(c)), { description: 'why it failed (absent when ok)' }))),
    message: Type.String(),
    hint: Type.String({ description: 'what to do about it (for a passing check: a remark, often empty)' }),
  },
  { $id: 'ConnectionCheck' },
);

export const ConnectionTestResult = Type.Object(
  { ok: Type.Boolean({ description: 'every check passed' }), checks: Type.Array(Type.Unsafe<Static<typeof ConnectionCheck>>({ $ref: 'ConnectionCheck#' })) },
  { $id: 'ConnectionTestResult', description: 'both sides of a connection checked, each within its time box' },
);
export type ConnectionTestResultT = Static<typeof ConnectionTestResult>;

const secret = (description: string) => Type.String({ minLength: 1, maxLength: 4096, writeOnly: true, description });

/** The connection fields of a backend, as the create form has them (no name, no settings). */
export const ConnectionDraftBody = Type.Object(
  {
    amazon: Type.Object({
      region: Type.Union([Type.Literal('na'), Type.Literal('eu'), Type.Literal('fe')]),
      sellerId: Type.String({ pattern: SELLER_ID_PATTERN, maxLength: 64 }),
      marketplaceIds: Type.Array(Type.String({ pattern: MARKETPLACE_ID_PATTERN }), { minItems: 1, maxItems: 30 }),
      lwaClientId: Type.String({ minLength: 1, maxLength: 512 }),
      lwaClientSecret: secret('the LWA client secret'),
      refreshToken: Type.Optional(secret('the refresh token (absent: not authorised yet)')),
    }, { additionalProperties: false }),
    erp: Type.Object({
      url: Type.String({ minLength: 1, maxLength: 2048 }),
      database: Type.String({ minLength: 1, maxLength: 255 }),
      apiKey: Type.Optional(secret('an API key')),
      login: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
      password: Type.Optional(secret('the password of the login')),
      companyId: Type.Optional(ErpCompanyId),
    }, { additionalProperties: false }),
  },
  { additionalProperties: false, description: 'a backend\'s connection as the form has it: tested, never stored' },
);
export type ConnectionDraftBodyT = Static<typeof ConnectionDraftBody>;

export const AmazonAuthorizationStart = Type.Object(
  {
    url: Type.String({ description: "Seller Central's consent page: open it in the seller's browser" }),
    stateRef: Type.String({ description: 'what the same session completes the authorisation by (POST .../amazon-authorization/{stateRef}/complete)' }),
    expiresAt: IsoTime,
  },
  { $id: 'AmazonAuthorizationStart' },
);

export const AmazonAuthorizationProgress = Type.Union(
  [
    Type.Object({ status: Type.Literal('pending', { description: "Amazon's redirect has not come yet: ask again" }), expiresAt: IsoTime }, { additionalProperties: false }),
    Type.Object({ status: Type.Literal('connected'), sellingPartnerId: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false }),
  ],
  { $id: 'AmazonAuthorizationProgress' },
);

export const connectionSchemas = [ConnectionCheck, ConnectionTestResult, AmazonAuthorizationStart, AmazonAuthorizationProgress];

export type AmazonAuthorizationProgressT = Static<typeof AmazonAuthorizationProgress>;
/** Who asks for "Connect with Amazon": the actor's name, and the hash of its session (auth/session-binding.ts). */
export interface AuthorizationCaller {
  actor: string;
  binding: string;
}
