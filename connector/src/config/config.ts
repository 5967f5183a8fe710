/**
 * The connector's configuration: read once from the environment at boot, validated by one schema, typed, frozen.
 * A bad or missing variable stops the process with CONFIG_INVALID naming every offending variable (never its
 * value when it is a secret).
 */
import { Compile } from 'typebox/compile';
import { decodeKey } from '../core/crypto.ts';
import { PermanentError } from '../core/errors.ts';
import { readBootstrap, type BootstrapBackend } from './bootstrap.ts';
import { EnvSchema, type Env } from './env.schema.ts';
import { parseOrigins, type AmazonAppConfig, type PanelConfig } from './panel.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  databaseUrl: string;
  secretKey: Buffer;
  previousSecretKeys: Buffer[];
  adminToken: string;
  role: 'all' | 'api' | 'worker';
  api: { host: string; port: number };
  /** `metricsPort`: where a worker-only process serves its own /metrics (on the API host), null for none. */
  worker: { concurrency: number; metricsPort: number | null; setupRetry: { firstSeconds: number; maxSeconds: number } };
  logLevel: LogLevel;
  /** Where all SP-API and LWA traffic goes instead of Amazon (the demo's sandbox); absent in real mode. */
  amazonEndpoint: { host: string; port: number } | null;
  /** The first backend, from AMAZON_* and ODOO_* (real mode); null when none of them is set. */
  bootstrap: BootstrapBackend | null;
  /** Which ERP URLs backends may use (CONNECTOR_ERP_ALLOW_LINK_LOCAL). */
  erpUrls: { allowLinkLocal: boolean };
  /** The ERP change feed: the public URL webhooks post to (null: polling alone), look-back, secret grace. */
  changeFeed: { publicUrl: string | null; lookBackSeconds: number; secretGraceSeconds: number };
  /** The admin panel's sign-in: see PanelConfig. */
  panel: PanelConfig;
  /** The website authorisation workflow ("Connect with Amazon"); null appId: not offered (paste a refresh token). */
  amazonApp: AmazonAppConfig;
}

const validator = Compile(EnvSchema);
const NAMES = Object.keys(EnvSchema.properties);

/** Parses and validates the environment; throws PermanentError('CONFIG_INVALID') listing every problem. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  // Only our variables, and an empty value counts as unset (`FOO=` lines in env files).
  const env: Record<string, string> = {};
  for (const name of NAMES) {
    const v = environment[name]?.trim();
    if (v) env[name] = v;
  }
  const problems = new Map<string, string>();
  const describe = (name: string) =>
    (EnvSchema.properties as Record<string, { description?: string }>)[name]?.description ?? 'invalid';
  for (const error of validator.Errors(env)) {
    if (error.keyword === 'required') {
      for (const name of (error.params as { requiredProperties: string[] }).requiredProperties) {
        problems.set(name, `${name} is required: ${describe(name)}`);
      }
    } else {
      const name = error.instancePath.split('/')[1];
      if (name && !problems.has(name)) problems.set(name, `${name} is invalid: expected ${describe(name)}`);
    }
  }
  const e = env as Env & Record<string, string>;
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) problems.set(name, `${name} is invalid: expected ${describe(name)}`);
    return n;
  };
  const key = (name: string, raw: string | undefined): Buffer | null => {
    if (raw === undefined || problems.has(name)) return null;
    try {
      return decodeKey(raw, name);
    } catch (err) {
      problems.set(name, (err as Error).message);
      return null;
    }
  };

  const secretKey = key('CONNECTOR_SECRET_KEY', e.CONNECTOR_SECRET_KEY);
  const previous = (e.CONNECTOR_PREVIOUS_SECRET_KEYS ?? '').split(',').filter((s) => s.trim());
  const previousSecretKeys = previous.map((k) => key('CONNECTOR_PREVIOUS_SECRET_KEYS', k)).filter((k) => k !== null);
  const port = int('CONNECTOR_API_PORT', 3000, 0, 65535);
  const concurrency = int('CONNECTOR_WORKER_CONCURRENCY', 4, 1, 100);
  const metricsPort = env.CONNECTOR_WORKER_METRICS_PORT === undefined ? null : int('CONNECTOR_WORKER_METRICS_PORT', 0, 1, 65535);
  // A backend set-up that failed (ERP or Amazon unreachable) is tried again after a doubling wait up to the maximum.
  const setupRetry = { firstSeconds: int('CONNECTOR_SETUP_RETRY_FIRST_SECONDS', 5, 1, 3600), maxSeconds: int('CONNECTOR_SETUP_RETRY_MAX_SECONDS', 300, 1, 86400) };
  const bootstrap = readBootstrap(e, problems);
  // The ERP change feed: webhooks only with a public URL (no trailing slash: routes are appended).
  const changeFeed = {
    publicUrl: e.CONNECTOR_PUBLIC_URL ? e.CONNECTOR_PUBLIC_URL.replace(/\/+$/, '') : null,
    lookBackSeconds: int('CONNECTOR_ERP_POLL_LOOKBACK_SECONDS', 0, 0, 604_800),
    secretGraceSeconds: int('CONNECTOR_ERP_WEBHOOK_SECRET_GRACE_SECONDS', 3600, 0, 604_800),
  };
  const panel: PanelConfig = {
    embedSecret: e.PANEL_EMBED_SECRET ?? null,
    erpOrigins: parseOrigins(e.PANEL_ERP_ORIGINS, (item) =>
      problems.set('PANEL_ERP_ORIGINS', `PANEL_ERP_ORIGINS is invalid: "${item}" is not an origin (expected ${describe('PANEL_ERP_ORIGINS')})`),
    ),
    erpIssuers: (e.PANEL_ERP_ISSUERS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    localLogin: e.PANEL_LOCAL_LOGIN !== 'false',
  };
  let amazonEndpoint: Config['amazonEndpoint'] = null;
  if (e.AMAZON_ENDPOINT_OVERRIDE && !problems.has('AMAZON_ENDPOINT_OVERRIDE')) {
    const at = e.AMAZON_ENDPOINT_OVERRIDE.lastIndexOf(':');
    amazonEndpoint = { host: e.AMAZON_ENDPOINT_OVERRIDE.slice(0, at), port: Number(e.AMAZON_ENDPOINT_OVERRIDE.slice(at + 1)) };
    if (amazonEndpoint.port < 1 || amazonEndpoint.port > 65535) {
      problems.set('AMAZON_ENDPOINT_OVERRIDE', `AMAZON_ENDPOINT_OVERRIDE is invalid: expected ${describe('AMAZON_ENDPOINT_OVERRIDE')}`);
    }
  }

  if (problems.size > 0) {
    const list = [...problems.values()];
    throw new PermanentError('CONFIG_INVALID', `invalid configuration:\n  - ${list.join('\n  - ')}`, {
      variables: [...problems.keys()],
    });
  }
  return Object.freeze({
    databaseUrl: e.DATABASE_URL,
    secretKey: secretKey!,
    previousSecretKeys,
    adminToken: e.CONNECTOR_ADMIN_TOKEN,
    role: e.CONNECTOR_ROLE ?? 'all',
    api: { host: e.CONNECTOR_API_HOST ?? '127.0.0.1', port },
    worker: { concurrency, metricsPort, setupRetry },
    logLevel: (e.LOG_LEVEL ?? 'info') as LogLevel,
    amazonEndpoint,
    bootstrap,
    erpUrls: { allowLinkLocal: e.CONNECTOR_ERP_ALLOW_LINK_LOCAL === 'true' },
    changeFeed,
    panel,
    amazonApp: {
      appId: e.AMAZON_APP_ID ?? null,
      draft: e.AMAZON_APP_DRAFT === 'true',
      redirectUri: e.AMAZON_OAUTH_REDIRECT_URI ?? (changeFeed.publicUrl ? `${changeFeed.publicUrl}/amazon/oauth/callback` : null),
      sellerCentralUrl: e.AMAZON_SELLER_CENTRAL_URL?.replace(/\/+$/, '') ?? null,
    },
  });
}
