/**
 * The refunds bench's installation: the Amazon sandbox in this process (its clock can be moved back while a refund
 * is made), the ERP sandbox as a child process that can be restarted on the same port and database with its cost
 * model switched on (seeding 10,000 invoiced orders at a real Odoo's speed would take hours and is not what is
 * measured), the connector booted here for inspection and its workers as child processes.
 */
import { randomBytes } from 'node:crypto';
import { ensureDatabase, freePort } from '../../scripts/lib/embedded-pg.ts';
import { startConnector, startTs, waitForHttp, type Child } from '../../scripts/lib/processes.ts';
import { legacySellers, startAmazonSandbox, type AmazonSandbox } from '../../sandbox/amazon/src/index.ts';
import { loadConfig } from '../../connector/src/config/index.ts';
import { boot, bootstrapBackend, type Booted } from '../../connector/src/app/boot.ts';
import { sellerEnv, sellerVatSettings } from '../../scripts/lib/seller-env.ts';

export interface RefundsStack {
  amazon: AmazonSandbox;
  sellerId: string;
  booted: Booted;
  backendId: number;
  erpUrl: string;
  /** Amazon's clock offset (ms): negative while a refund is made "in the past". */
  /** (Re)starts the ERP sandbox process: `costScale` null = as fast as it goes, else a real Odoo 19 x scale. */
  restartErp(costScale: number | null): Promise<void>;
  startWorker(name: string, concurrency: number): Child;
  erpGet<T>(path: string): Promise<T>;
  close(): Promise<void>;
}

export async function startRefundsStack(adminUrl: string, say: (s: string) => void): Promise<RefundsStack> {
  const tag = randomBytes(3).toString('hex');
  const erpDb = await ensureDatabase(adminUrl, `bench_refunds_erp_${tag}`);
  const connDb = await ensureDatabase(adminUrl, `bench_refunds_conn_${tag}`);
  const raised = { rate: 1000, burst: 1000 };
  // Only the refunds the bench makes: the world's own refunds and returns off.
  const amazon = await startAmazonSandbox({ port: 0, seed: 14, sellers: legacySellers(), usagePlans: { searchOrders: raised },
    refundShare: 0, returnShare: 0, sqsDuplicateRate: 0, notificationDelayMs: 20 });
  const erpPort = await freePort();
  const erpKey = randomBytes(16).toString('hex');
  const erpUrl = `http://127.0.0.1:${erpPort}`;
  let erp: Child | null = null;
  const children: Child[] = [];
  const restartErp = async (costScale: number | null) => {
    await erp?.stop();
    erp = startTs('erp', 'sandbox/erp/src/main.ts', {
      quiet: true,
      env: { ERP_SANDBOX_DATABASE_URL: erpDb, ERP_SANDBOX_PORT: String(erpPort), ERP_SANDBOX_API_KEY: erpKey,
        ...(costScale !== null ? { ERP_SANDBOX_COST_SCALE: String(costScale) } : {}) },
    });
    await waitForHttp(`${erpUrl}/web/version`, erp);
  };
  await restartErp(null);

  const seller = amazon.sellers[0]!;
  const env: Record<string, string> = {
    DATABASE_URL: connDb,
    CONNECTOR_SECRET_KEY: randomBytes(32).toString('base64'),
    CONNECTOR_ADMIN_TOKEN: randomBytes(18).toString('base64url'),
    AMAZON_ENDPOINT_OVERRIDE: `127.0.0.1:${amazon.port}`,
    CONNECTOR_ROLE: 'worker',
    LOG_LEVEL: 'warn',
  };
  const config = loadConfig({
    ...env,
    LOG_LEVEL: 'silent',
    BACKEND_NAME: 'bench-refunds',
    ...sellerEnv(seller),
    ODOO_URL: erpUrl,
    ODOO_DB: 'demo',
    ODOO_API_KEY: erpKey,
    BACKEND_SETTINGS: JSON.stringify({ sweepIntervalSeconds: 3600, rateOverrides: { searchOrders: raised }, erpSetup: { createMissing: true },
      goLive: { refunds: { enabled: true } }, ...sellerVatSettings(seller) }),
  });
  say('setting up the backend (the ERP sandbox at its own speed)');
  const booted = await boot(config);
  const backendId = await bootstrapBackend(booted, config.bootstrap!);
  return {
    amazon,
    sellerId: seller.sellerId,
    booted,
    backendId,
    erpUrl,
    restartErp,
    startWorker(name, concurrency) {
      const child = startConnector(name, { ...env, CONNECTOR_WORKER_CONCURRENCY: String(concurrency) }, { quiet: !process.env.STACK_VERBOSE });
      children.push(child);
      return child;
    },
    async erpGet<T>(path: string) {
      return (await (await fetch(`${erpUrl}${path}`)).json()) as T;
    },
    async close() {
      for (const c of children) await c.stop();
      await booted.close();
      await amazon.close();
      await erp?.stop();
    },
  };
}
