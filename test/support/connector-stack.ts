/**
 * A whole connector installation for integration tests and the bench: both sandboxes on free loopback ports, the
 * connector's own database, the backend bootstrapped and set up in-process (exactly as `main.ts` does at boot),
 * and worker processes started as real child processes (`connector/src/main.ts`, role worker) that can be killed.
 */
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '../../scripts/lib/test-db.ts';
import { createServer } from 'node:net';
import { startConnector, waitForHttp, type Child } from '../../scripts/lib/processes.ts';
import { catalogueTaxClasses, sellerEnv, sellerVatSettings } from '../../scripts/lib/seller-env.ts';
import { loadConfig } from '../../connector/src/config/index.ts';
import { boot, bootstrapBackend, type Booted } from '../../connector/src/app/boot.ts';
import type { OdooClient } from '../../connector/src/erp/odoo/odoo-client.ts';
import type { AmazonSandbox, AmazonSandboxOptions, WorldShares } from '../../sandbox/amazon/src/index.ts';
import { legacySellers, startAmazon } from './amazon.ts';
import { connectErp, ERP_LOGIN, startErp, type ErpHandle, type StartErpOptions } from './erp.ts';

export interface StackOptions {
  adminUrl: string;
  erpVersion?: 18 | 19;
  amazon?: AmazonSandboxOptions;
  /** Backend settings (sweepIntervalSeconds, pageSize, batchSize, rateOverrides...). */
  settings?: Record<string, unknown>;
  /** Index of the sandbox seller to connect (0: the EU one). */
  sellerIndex?: number;
  workerConcurrency?: number;
  label: string;
  /**
   * Keep Amazon's documented searchOrders plan (0.0056/s, burst 20). By default a stack raises it (in the sandbox
   * and by backend override alike): its workers sweep every 2 s, and a test's own re-sweep must not wait minutes.
   */
  realQuotas?: boolean;
  /**
   * `round_globally`: the ERP company rounds taxes globally again after the set-up (which, with consent, sets per
   * line: the ERP's tax then equals Amazon's for the lines the connector sends).
   */
  taxRounding?: 'round_per_line' | 'round_globally';
  /** How the connector reaches Odoo 19: JSON-2 with the API key (default) or JSON-RPC with login and password. */
  erpTransport?: 'json2' | 'jsonrpc';
  /** The ERP URL the connector is given, from the sandbox's (e.g. a recording proxy in front of it). */
  erpUrlVia?: (sandboxUrl: string) => Promise<string>;
  /** The Amazon endpoint (host:port) the connector is given, from the sandbox's (e.g. a proxy in front of it). */
  amazonVia?: (sandboxHostPort: string) => Promise<string>;
  /** More bootstrap variables (ODOO_COMPANY_ID, ...). */
  env?: Record<string, string>;
  /** More ERP sandbox options (see support/erp.ts). */
  erpSandbox?: StartErpOptions['sandbox'];
  /**
   * The demo sellers' mix of orders (the Amazon sandbox's `WorldShares`, over its realistic defaults). Unset: the
   * mix before issue 8 (`LEGACY_WORLD`: 3 % FBA, no partial shipments...), which the counts of the older tests
   * assume. Ignored when `amazon.sellers` is given.
   */
  world?: Partial<WorldShares>;
  /**
   * Store the catalogue's `tax_class_map` rows (default true). false: none, the products' tax classes then come
   * from their ERP sales taxes alone, as on a fresh installation.
   */
  taxClassMap?: boolean;
}

const RAISED_SEARCH = { rate: 5, burst: 100 };

export interface Stack {
  amazon: AmazonSandbox;
  erp: ErpHandle;
  /** The connector booted in this process (set-up done; no worker running here): for inspection. */
  env: Booted;
  backendId: number;
  sellerId: string;
  erpClient: OdooClient;
  /** A worker child process; `env` adds or overrides variables (LOG_LEVEL, ...). */
  startWorker(name: string, env?: Record<string, string>): Child;
  /**
   * The API alone as a child process (CONNECTOR_ROLE api) on a free port (or `port`), once /health answers; `env`
   * adds variables (PANEL_EMBED_SECRET, PANEL_ERP_ORIGINS, ...).
   */
  startApiProcess(name: string, opts?: { port?: number; env?: Record<string, string> }): Promise<{ child: Child; url: string; token: string }>;
  workers: Child[];
  /** Waits until no import is pending and every stored order has left `queued`. */
  waitForIdle(timeoutMs: number, minStored?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const erp = await startErp({ version: opts.erpVersion ?? 19, adminUrl: opts.adminUrl, label: `${opts.label}_erp`, ...(opts.erpSandbox ? { sandbox: opts.erpSandbox } : {}) });
  const raised = opts.realQuotas ? undefined : { searchOrders: RAISED_SEARCH };
  const sellers = legacySellers().map((s) => (opts.world ? { ...s, world: opts.world } : s));
  const amazon = await startAmazon({ seed: 7, sellers, ...(raised ? { usagePlans: raised } : {}), ...opts.amazon });
  const db = await connectorDatabase(opts.adminUrl, `${opts.label}_conn`);
  const seller = amazon.sellers[opts.sellerIndex ?? 0]!;
  const erpCreds: Record<string, string> =
    erp.version === 19 && opts.erpTransport !== 'jsonrpc'
      ? { ODOO_API_KEY: erp.sandbox.apiKey }
      : { ODOO_LOGIN: ERP_LOGIN.login, ODOO_PASSWORD: ERP_LOGIN.password, ODOO_VERSION: String(erp.version) };
  const baseEnv: Record<string, string> = {
    DATABASE_URL: db.url,
    CONNECTOR_SECRET_KEY: randomBytes(32).toString('base64'),
    CONNECTOR_ADMIN_TOKEN: randomBytes(18).toString('base64url'),
    AMAZON_ENDPOINT_OVERRIDE: opts.amazonVia ? await opts.amazonVia(`127.0.0.1:${amazon.port}`) : `127.0.0.1:${amazon.port}`,
    CONNECTOR_WORKER_CONCURRENCY: String(opts.workerConcurrency ?? 4),
    LOG_LEVEL: 'warn',
  };
  const bootstrapEnv: Record<string, string> = {
    BACKEND_NAME: opts.label.replace(/[^A-Za-z0-9]/g, '-'),
    ...sellerEnv(seller),
    ODOO_URL: opts.erpUrlVia ? await opts.erpUrlVia(erp.sandbox.url) : erp.sandbox.url,
    ODOO_DB: erp.sandbox.dbName,
    ...erpCreds,
    // The integrator's consent: the set-up creates what the ERP lacks (VAT taxes, fiscal positions, per-line rounding).
    BACKEND_SETTINGS: JSON.stringify({
      sweepIntervalSeconds: 2,
      ...(raised ? { rateOverrides: raised } : {}),
      erpSetup: { createMissing: true },
      ...sellerVatSettings(seller),
      ...opts.settings,
    }),
    ...opts.env,
  };
  const config = loadConfig({ ...baseEnv, ...bootstrapEnv, LOG_LEVEL: 'silent' });
  const env = await boot(config);
  const backendId = await bootstrapBackend(env, config.bootstrap!);
  // The seller's word on its products' tax classes (a VAT-inclusive amount without its tax is taxed at their rate).
  if (opts.taxClassMap !== false) await env.core.lookups.put(backendId, 'tax_class_map', catalogueTaxClasses());
  const erpClient = await connectErp(erp, { transport: erp.version === 19 ? 'json2' : 'jsonrpc', credentials: 'password' });
  if (opts.taxRounding === 'round_globally') {
    // A company set back to Odoo's default after the set-up (before any order was mapped).
    await erpClient.write('res.company', await erpClient.search('res.company', []), { tax_calculation_rounding_method: 'round_globally' });
  }
  const workers: Child[] = [];

  return {
    amazon,
    erp,
    env,
    backendId,
    sellerId: seller.sellerId,
    erpClient,
    workers,
    startWorker(name, env = {}) {
      const child = startConnector(name, { ...baseEnv, CONNECTOR_ROLE: 'worker', ...env }, { quiet: !process.env.STACK_VERBOSE });
      workers.push(child);
      return child;
    },
    async startApiProcess(name, apiOpts = {}) {
      const port = apiOpts.port ?? await freePort();
      const child = startConnector(name, { ...baseEnv, ...apiOpts.env, CONNECTOR_ROLE: 'api', CONNECTOR_API_PORT: String(port) }, { quiet: !process.env.STACK_VERBOSE });
      workers.push(child);
      const url = `http://127.0.0.1:${port}`;
      await waitForHttp(`${url}/health`, child);
      return { child, url, token: baseEnv.CONNECTOR_ADMIN_TOKEN! };
    },
    async waitForIdle(timeoutMs, minStored = 1) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await env.db.pool.query<{ stored: number; queued: number; jobs: number }>(
          `select (select count(*)::int from amazon_order where backend_id = $1) as stored,
                  (select count(*)::int from amazon_order where backend_id = $1 and sync_state = 'queued') as queued,
                  (select count(*)::int from graphile_worker.jobs where task_identifier in ('orders:import', 'orders:resync')) as jobs`,
          [backendId],
        );
        const s = rows[0]!;
        if (s.stored >= minStored && s.queued === 0 && s.jobs === 0) return;
        if (Date.now() > until) {
          throw new Error(`not idle after ${timeoutMs} ms: ${JSON.stringify(s)}\n${workers.map((w) => `${w.name}: ${w.tail()}`).join('\n')}`);
        }
        for (const w of workers) {
          if (w.proc.exitCode !== null && w.proc.signalCode === null) throw new Error(`${w.name} exited ${w.proc.exitCode}:\n${w.tail()}`);
        }
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await erpClient.close();
      await env.close();
      await amazon.close();
      await erp.close();
      await db.drop();
    },
  };
}

/**
 * The connector's database: in a vitest run a copy of the run's migrated template (the connector's and
 * graphile-worker's schemas: boot finds nothing to do), else (the bench) an empty one the boot migrates.
 */
async function connectorDatabase(adminUrl: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!process.env.VITEST) return createTestDatabase(adminUrl, label);
  const { createMigratedTestDatabase } = await import('../../connector/src/db/testing.ts');
  return createMigratedTestDatabase(adminUrl, label, { worker: true });
}

/** A loopback port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}
