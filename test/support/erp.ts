/**
 * The ERP sandbox for integration tests and the bench: a fresh database, the sandbox on a free loopback port,
 * and the connector's Odoo adapter connected to it over the transport a test names.
 */
import { createTestDatabase } from '../../scripts/lib/test-db.ts';
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

/** Creates a database, starts the ERP sandbox on 127.0.0.1:0 over it and returns the handle with its cleanup. */
export async function startErp(opts: StartErpOptions = {}): Promise<ErpHandle> {
  const version = opts.version ?? 19;
  const db = opts.databaseUrl
    ? { url: opts.databaseUrl, drop: async () => {} }
    : await createTestDatabase(opts.adminUrl ?? (await runAdminUrl()), opts.label ?? `erp${version}`);
  try {
    const sandbox = await startErpSandbox({
      databaseUrl: db.url,
      port: 0,
      version,
      ...(opts.seed ? { seed: opts.seed } : {}),
      ...(opts.apiKey ? { apiKey: opts.apiKey } : {}),
      ...(opts.modules ? { modules: opts.modules } : {}),
      ...opts.sandbox,
    });
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
