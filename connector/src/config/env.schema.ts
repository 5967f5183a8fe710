/**
 * The environment the connector reads, as one TypeBox schema over the raw strings. Each variable carries a
 * `description` that doubles as the boot error message and the README table. Per-seller settings are not here:
 * they live in the `backend` table; the AMAZON_* / ODOO_* variables only bootstrap the first backend.
 */
import { Type, type Static } from 'typebox';

const str = (description: string, pattern?: string) =>
  Type.String(pattern ? { description, pattern, minLength: 1 } : { description, minLength: 1 });
const opt = (description: string, pattern?: string) => Type.Optional(str(description, pattern));

const INT = '^[0-9]+$';
const HOST_PORT = '^[A-Za-z0-9.\\-]+:[0-9]{1,5}$';

export const EnvSchema = Type.Object(
  {
    DATABASE_URL: str('a PostgreSQL URL (postgres://user:password@host:port/database)', '^postgres(ql)?://'),
    CONNECTOR_SECRET_KEY: str('32 random bytes in base64 (e.g. `openssl rand -base64 32`)', '^[A-Za-z0-9+/=\\s]+$'),
    CONNECTOR_PREVIOUS_SECRET_KEYS: opt('comma-separated base64 keys still accepted for reading (key rotation)'),
    CONNECTOR_ADMIN_TOKEN: Type.String({ description: 'the API admin token, at least 16 characters', minLength: 16 }),
    CONNECTOR_API_HOST: opt('the API listen address (default 127.0.0.1)'),
    CONNECTOR_API_PORT: opt('the API port, an integer 0-65535 (default 3000)', INT),
    CONNECTOR_WORKER_CONCURRENCY: opt('jobs run at once per worker process, an integer 1-100 (default 4)', INT),
    CONNECTOR_WORKER_METRICS_PORT: opt("a worker-only process's /metrics port (its own counters), an integer 1-65535 (default: none)", INT),
    CONNECTOR_SETUP_RETRY_FIRST_SECONDS: opt("the first wait before a failed backend set-up is tried again, in seconds 1-3600 (default 5; it doubles)", INT),
    CONNECTOR_SETUP_RETRY_MAX_SECONDS: opt('the longest wait between set-up attempts, in seconds 1-86400 (default 300)', INT),
    CONNECTOR_ROLE: Type.Optional(
      Type.Union([Type.Literal('all'), Type.Literal('api'), Type.Literal('worker')], {
        description: 'what this process runs: all | api | worker (default all)',
      }),
    ),
    LOG_LEVEL: Type.Optional(
      Type.Union(
        ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
        { description: 'fatal | error | warn | info | debug | trace | silent (default info)' },
      ),
    ),
    AMAZON_ENDPOINT_OVERRIDE: opt('host:port that receives all SP-API and LWA traffic (the demo sandbox)', HOST_PORT),
    CONNECTOR_ERP_ALLOW_LINK_LOCAL: Type.Optional(
      Type.Union([Type.Literal('true'), Type.Literal('false')], {
        description: 'true | false (default false): allow ERP URLs on link-local and cloud metadata addresses (a lab only)',
      }),
    ),
    CONNECTOR_PUBLIC_URL: opt("the connector's public base URL the ERP can reach (http[s]://host[:port][/path]); set: the ERP change feed installs webhook rules in Odoo as a fast path (default: none, polling alone)", '^https?://[^\\s?#]+$'),
    CONNECTOR_ERP_POLL_LOOKBACK_SECONDS: opt('how far back a new ERP change subscription starts, in seconds 0-604800 (default 0: from now)', INT),
    CONNECTOR_ERP_WEBHOOK_SECRET_GRACE_SECONDS: opt("how long a rotated webhook secret is still accepted, in seconds 0-604800 (default 3600)", INT),
    // The admin panel's sign-in (api/auth/): the ERP embed secret, the ERPs that may frame it, local accounts.
    PANEL_EMBED_SECRET: Type.Optional(Type.String({ description: 'the secret the ERP signs panel tokens with (HS256), at least 32 characters (e.g. `openssl rand -base64 48`); unset: the ERP cannot open the panel', minLength: 32 })),
    PANEL_ERP_ORIGINS: opt('comma-separated ERP origins (https://erp.example.com[:port], no path) that may frame the panel and issue its tokens'),
    PANEL_ERP_ISSUERS: opt('comma-separated `iss` values accepted besides the ERP origins (an ERP whose base URL has a path)'),
    PANEL_LOCAL_LOGIN: Type.Optional(
      Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'true | false (default true): sign in to the panel with local accounts (cli user add)' }),
    ),
    AMAZON_APP_ID: opt('the SP-API application id (amzn1.sp.solution.<uuid>) sellers authorise on Seller Central ("Connect with Amazon"); unset: only pasting a refresh token', '^[A-Za-z0-9._-]{1,128}$'),
    AMAZON_APP_DRAFT: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')], { description: 'true | false (default false): the application is still a draft (the consent URL carries version=beta)' })),
    AMAZON_OAUTH_REDIRECT_URI: opt("the redirect URI registered for the app, ending in /amazon/oauth/callback (default: CONNECTOR_PUBLIC_URL + /amazon/oauth/callback)", '^https?://[^\\s?#]+$'),
    AMAZON_SELLER_CENTRAL_URL: opt("Seller Central's base URL for the consent page (default: the backend region's Seller Central; the demo: the Amazon sandbox's http://127.0.0.1:port)", '^https?://[^\\s?#]+$'),
    // Bootstrap of the first backend (real mode): all or none.
    BACKEND_NAME: opt('name of the bootstrapped backend (default "default")'),
    BACKEND_SETTINGS: opt(
      'JSON object of settings for the bootstrapped backend: the documented keys (sweepIntervalSeconds, batchSize, pageSize, customerStrategy, rateOverrides, piiRetentionDays) or namespaced ({"orders":{"batchSize":50}})',
    ),
    AMAZON_LWA_CLIENT_ID: opt('the LWA client id of the SP-API application'),
    AMAZON_LWA_CLIENT_SECRET: opt('the LWA client secret'),
    AMAZON_REFRESH_TOKEN: opt('the seller authorisation refresh token (Atzr|...)'),
    AMAZON_REGION: Type.Optional(
      Type.Union([Type.Literal('na'), Type.Literal('eu'), Type.Literal('fe')], { description: 'na | eu | fe' }),
    ),
    AMAZON_SELLER_ID: opt('the merchant (seller) id'),
    AMAZON_MARKETPLACE_IDS: opt('comma-separated marketplace ids', '^[A-Z0-9]+(\\s*,\\s*[A-Z0-9]+)*$'),
    ODOO_URL: opt('the Odoo base URL (http[s]://host[:port])', '^https?://'),
    ODOO_DB: opt('the Odoo database name'),
    ODOO_API_KEY: opt('an Odoo API key (JSON-2 on 19; usable as password over JSON-RPC on 17/18)'),
    ODOO_LOGIN: opt('the Odoo login (JSON-RPC on 17/18)'),
    ODOO_PASSWORD: opt('the Odoo password (JSON-RPC, when no API key)'),
    ODOO_VERSION: Type.Optional(
      Type.Union([Type.Literal('17'), Type.Literal('18'), Type.Literal('19'), Type.Literal('auto')], {
        description: '17 | 18 | 19 | auto (default auto: read /web/version)',
      }),
    ),
    ODOO_COMPANY_ID: opt('the Odoo company (res.company id) the backend works in on a multi-company Odoo (default: the user\'s default company)', '^[1-9][0-9]{0,8}$'),
  },
  { additionalProperties: true },
);
export type Env = Static<typeof EnvSchema>;

/** Variables whose values are secrets: never printed, not even in an error message. */
export const SECRET_VARIABLES = new Set([
  'DATABASE_URL',
  'CONNECTOR_SECRET_KEY',
  'CONNECTOR_PREVIOUS_SECRET_KEYS',
  'CONNECTOR_ADMIN_TOKEN',
  'PANEL_EMBED_SECRET',
  'AMAZON_LWA_CLIENT_SECRET',
  'AMAZON_REFRESH_TOKEN',
  'ODOO_API_KEY',
  'ODOO_PASSWORD',
]);

export const AMAZON_BOOTSTRAP = [
  'AMAZON_LWA_CLIENT_ID',
  'AMAZON_LWA_CLIENT_SECRET',
  'AMAZON_REFRESH_TOKEN',
  'AMAZON_REGION',
  'AMAZON_SELLER_ID',
  'AMAZON_MARKETPLACE_IDS',
] as const;
export const ODOO_BOOTSTRAP = ['ODOO_URL', 'ODOO_DB', 'ODOO_API_KEY', 'ODOO_LOGIN', 'ODOO_PASSWORD', 'ODOO_VERSION', 'ODOO_COMPANY_ID'] as const;
