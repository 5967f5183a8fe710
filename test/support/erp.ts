/**
 * The ERP sandbox for integration tests and the bench: a fresh database, the sandbox on a free loopback port,
 * and the connector's Odoo adapter connected to it over the transport a test names.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createTestDatabase, templateDatabase } from '../../scripts/lib/test-db.ts';
import { connectOdoo, type ConnectOptions } from '../../connector/src/erp/odoo/connect-odoo.ts';
import type { OdooClient } from '../../connector/src/erp/odoo/odoo-client.ts';
import { startErpSandbox, type ErpSandboxOptions, type RunningErpSandbox } from '../../sandbox/erp/src/index.ts';

/** The demo login the sandbox seeds (database `demo` unless `dbName` is set). */
export const ERP_LOGIN = { login: 'admin', password: 'admin' } as const;

export interface StartErpOptions {
  version?: 18 | 19;
  /** Admin URL of the PostgreSQL server; default: the test run's (`inject('pgAdminUrl')`). */
  adminUrl?: string;
  /** Use this (existing) database instead of creating one; it is then not dropped by `close()`. */
  databaseUrl?: string;
  /** Names the created database, to find it while debugging. */
  label?: string;
  seed?: ErpSandboxOptions['seed'];
  apiKey?: string;
  /** Optional Odoo modules to emulate, e.g. `['base_vat']` (Odoo's VAT number check). */
  modules?: ErpSandboxOptions['modules'];
  /** Any other sandbox option (a seed variant, a check switched on...). */
  sandbox?: Partial<ErpSandboxOptions>;
}

export interface ErpHandle {
  sandbox: RunningErpSandbox;
  version: 18 | 19;
  /** The sandbox's own database. */
  databaseUrl: string;
  /** Stops the sandbox and drops the database it was given (when it created it). */
  close(): Promise<void>;
}

/**
 * Creates a database, starts the ERP sandbox on 127.0.0.1:0 over it and returns the handle with its cleanup. In a
 * vitest run the database is a copy of the run's template seeded with the same version, seed and modules (seeded
 * once per run, see templateDatabase), with an API key of its own: the sandbox then starts as on a database it
 * seeded itself, seconds sooner.
 */
export async function startErp(opts: StartErpOptions = {}): Promise<ErpHandle> {
  const version = opts.version ?? 19;
  const options = {
    port: 0,
    version,
    ...(opts.seed ? { seed: opts.seed } : {}),
    ...(opts.modules ? { modules: opts.modules } : {}),
    ...opts.sandbox,
  };
  const adminUrl = opts.databaseUrl ? undefined : (opts.adminUrl ?? (await runAdminUrl()));
  const template = adminUrl ? await seededTemplate(adminUrl, options) : undefined;
  const db = opts.databaseUrl
    ? { url: opts.databaseUrl, drop: async () => {} }
    : await createTestDatabase(adminUrl!, opts.label ?? `erp${version}`, template);
  // A copy keeps the template's key unless told otherwise: each sandbox gets its own, as a fresh seed would.
  const apiKey = opts.apiKey ?? (template ? randomBytes(20).toString('hex') : undefined);
  try {
    const sandbox = await startErpSandbox({ databaseUrl: db.url, ...options, ...(apiKey ? { apiKey } : {}) });
    return {
      sandbox,
      version,
      databaseUrl: db.url,
      async close() {
        await sandbox.close();
        await db.drop();
      },
    };
  } catch (e) {
    await db.drop();
    throw e;
  }
}

/**
 * The run's template database seeded like `options` would seed an empty one (version, seed, modules), or
 * undefined outside vitest (the bench seeds its own).
 */
async function seededTemplate(adminUrl: string, options: Omit<ErpSandboxOptions, 'databaseUrl'>): Promise<string | undefined> {
  if (!process.env.VITEST) return undefined;
  const { inject } = await import('vitest');
  const runId = inject('testRunId');
  if (!runId) return undefined;
  const seeds = { version: options.version ?? 19, seed: options.seed ?? null, modules: [...(options.modules ?? [])].sort() };
  const key = `erp${seeds.version}_${createHash('sha256').update(JSON.stringify(seeds)).digest('hex').slice(0, 12)}`;
  return templateDatabase(adminUrl, runId, key, async (url) => {
    const sandbox = await startErpSandbox({ databaseUrl: url, port: 0, version: seeds.version, modules: seeds.modules, ...(options.seed ? { seed: options.seed } : {}) });
    await sandbox.close();
  });
}

export type ErpCredentials = 'apiKey' | 'password';

export interface ConnectErpOptions extends ConnectOptions {
  /** `json2` (19 only, API key) or `jsonrpc`. */
  transport: 'json2' | 'jsonrpc';
  /** For JSON-RPC: log in with the password (default) or with the API key as the secret. */
  credentials?: ErpCredentials;
}

/** Connects the connector's Odoo adapter to a running ERP sandbox, the way a backend's settings would. */
export function connectErp(handle: ErpHandle, opts: ConnectErpOptions): Promise<OdooClient> {
  const { sandbox } = handle;
  const base = { url: sandbox.url, database: sandbox.dbName, transport: opts.transport };
  const settings = opts.transport === 'json2'
    ? { ...base, apiKey: sandbox.apiKey }
    : opts.credentials === 'apiKey'
      ? { ...base, login: ERP_LOGIN.login, apiKey: sandbox.apiKey }
      : { ...base, ...ERP_LOGIN };
  return connectOdoo(settings, opts.onCall ? { onCall: opts.onCall } : {});
}

/** The run's PostgreSQL admin URL: TEST_DATABASE_URL, else the one the vitest global setup provides. */
async function runAdminUrl(): Promise<string> {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  // Imported lazily so that the bench (outside vitest) can use this file with an explicit adminUrl.
  const { inject } = await import('vitest');
  return inject('pgAdminUrl');
}
