/**
 * How to reach one Odoo: URL, database and credentials, plus the transport choice and limits. Validated once when
 * the client is built, so a wrong setting fails at set-up with CONFIG_INVALID rather than deep inside a sync.
 */
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { PermanentError } from '../../core/errors.ts';

export const OdooConnectionSchema = Type.Object(
  {
    /** Base URL of the Odoo server, e.g. https://erp.example.com (a path prefix is kept). */
    url: Type.String({ pattern: '^https?://', minLength: 8 }),
    /** Database name (`X-Odoo-Database` on JSON-2, first argument on JSON-RPC). */
    database: Type.String({ minLength: 1 }),
    /** A global (scope-less) API key: JSON-2 on 19+, or the JSON-RPC secret when no password is given. */
    apiKey: Type.Optional(Type.String({ minLength: 1 })),
    /** Login for JSON-RPC. */
    login: Type.Optional(Type.String({ minLength: 1 })),
    /** Password for JSON-RPC (an API key works there too). */
    password: Type.Optional(Type.String({ minLength: 1 })),
    /** `auto`: JSON-2 on 19+ when an API key is set, else JSON-RPC. */
    transport: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('json2'), Type.Literal('jsonrpc')])),
    /** Deadline of one call; default 30 s. */
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 600_000 })),
    /** Connections kept open to the ERP at most; default 8. */
    maxSockets: Type.Optional(Type.Integer({ minimum: 1, maximum: 256 })),
    /**
     * The ERP company (res.company id) the connection works in, on a multi-company Odoo: every call carries it as
     * `allowed_company_ids: [id]` in its context. Unset: the user's default company.
     */
    companyId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type OdooConnection = Static<typeof OdooConnectionSchema>;

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_SOCKETS = 8;

/** Checks a connection setting; throws PermanentError('CONFIG_INVALID') naming the bad fields (never values). */
export function parseOdooConnection(input: unknown): OdooConnection {
  if (!Value.Check(OdooConnectionSchema, input)) {
    const fields = [...new Set(Value.Errors(OdooConnectionSchema, input).map((e) => e.instancePath || '/'))];
    throw new PermanentError('CONFIG_INVALID', `Invalid Odoo connection settings at ${fields.join(', ')}`, { fields });
  }
  const c = input;
  if (!c.apiKey && !(c.login && c.password)) {
    throw new PermanentError('CONFIG_INVALID', 'Odoo connection needs an API key, or a login with a password', {});
  }
  if (c.transport === 'json2' && !c.apiKey) {
    throw new PermanentError('CONFIG_INVALID', 'JSON-2 needs an API key', {});
  }
  return c;
}
