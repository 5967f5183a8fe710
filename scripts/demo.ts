/**
 * `npm start`: the demo, or the connector alone against real accounts.
 *
 * Demo (no AMAZON_REFRESH_TOKEN in the environment): PostgreSQL (embedded in .data/ unless DATABASE_URL is set),
 * the Amazon sandbox (127.0.0.1:4010, generating orders), the ERP sandbox (127.0.0.1:8069, Odoo 19), and the
 * connector (API on 127.0.0.1:3000 + worker), configured exactly as it would be for real accounts: LWA
 * credentials, a refresh token and an Odoo URL with an API key; only AMAZON_ENDPOINT_OVERRIDE points the SP-API
 * traffic at the sandbox. Real mode (AMAZON_* and ODOO_* set, see the README): only the connector starts.
 * Ctrl-C stops everything.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SELLERS } from '../sandbox/amazon/src/config.ts';
import { loadOrCreateKeyFile } from '../connector/src/config/key-file.ts';
import { ensureDatabase, startEmbeddedPg, type RunningPg } from './lib/embedded-pg.ts';
import { sellerEnv, sellerVatSettings } from './lib/seller-env.ts';
import { startConnector, startTs, waitForHttp, type Child } from './lib/processes.ts';

const root = join(import.meta.dirname, '..');
const data = join(root, '.data');
mkdirSync(data, { recursive: true });
const log = (l: string) => console.log(`[demo] ${l}`);

function fileSecret(name: string, make: () => string): string {
  const path = join(data, name);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const value = make();
  writeFileSync(path, `${value}\n`, { mode: 0o600 });
  return value;
}

const realMode = Boolean(process.env.AMAZON_REFRESH_TOKEN);
const children: Child[] = [];
let pgServer: RunningPg | undefined;

async function database(name: string): Promise<string> {
  if (process.env.DATABASE_URL && name === 'aec_connector') return process.env.DATABASE_URL;
  pgServer ??= await startEmbeddedPg({ dataDir: join(data, 'pg-demo'), log });
  return ensureDatabase(pgServer.adminUrl, name);
}

let stopping = false;
const shutdown = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  log('stopping');
  for (const c of children.reverse()) await c.stop();
  await pgServer?.stop();
  process.exit(code);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());

const adminToken = process.env.CONNECTOR_ADMIN_TOKEN ?? fileSecret('admin-token', () => randomBytes(24).toString('base64url'));
const connectorEnv: Record<string, string> = {
  DATABASE_URL: await database('aec_connector'),
  CONNECTOR_SECRET_KEY: process.env.CONNECTOR_SECRET_KEY ?? loadOrCreateKeyFile(join(data, 'secret.key')),
  CONNECTOR_ADMIN_TOKEN: adminToken,
};

try {
  if (!realMode) {
    const erpApiKey = fileSecret('erp-api-key', () => randomBytes(20).toString('hex'));
    const erpDb = await database('aec_erp_sandbox');
    const amazon = startTs('amazon', 'sandbox/amazon/src/main.ts', {
      env: { AMAZON_SANDBOX_PORT: '4010', AMAZON_SANDBOX_SEED: '1', AMAZON_SANDBOX_TIME_SCALE: '10', AMAZON_SANDBOX_SEED_ORDERS: '150', AMAZON_SANDBOX_ORDERS_PER_MINUTE: '12' },
    });
    const erp = startTs('erp', 'sandbox/erp/src/main.ts', {
      env: { ERP_SANDBOX_DATABASE_URL: erpDb, ERP_SANDBOX_PORT: '8069', ERP_SANDBOX_VERSION: '19', ERP_SANDBOX_API_KEY: erpApiKey },
    });
    children.push(amazon, erp);
    await Promise.all([waitForHttp('http://127.0.0.1:4010/_sandbox/calls', amazon), waitForHttp('http://127.0.0.1:8069/web/version', erp)]);
    const seller = DEFAULT_SELLERS[0]!;
    Object.assign(connectorEnv, {
      AMAZON_ENDPOINT_OVERRIDE: '127.0.0.1:4010',
      BACKEND_NAME: 'demo',
      ...sellerEnv(seller),
      ODOO_URL: 'http://127.0.0.1:8069',
      ODOO_DB: 'demo',
      ODOO_API_KEY: erpApiKey,
      BACKEND_SETTINGS: JSON.stringify({ sweepIntervalSeconds: 15, ...sellerVatSettings(seller) }),
    });
  }
  // The same settings for the CLI: `node --env-file=.data/connector.env --import tsx connector/src/cli/main.ts status`.
  writeFileSync(
    join(data, 'connector.env'),
    // Single quotes: the env-file reader takes them literally (BACKEND_SETTINGS is JSON with double quotes).
    Object.entries({ ...connectorEnv, LOG_LEVEL: 'warn' }).map(([k, v]) => `${k}='${v}'`).join('\n') + '\n',
    { mode: 0o600 },
  );
  const connector = startConnector('connector', connectorEnv);
  children.push(connector);
  await waitForHttp('http://127.0.0.1:3000/health', connector, 120_000);
  log('ready');
  log(`  connector API   http://127.0.0.1:3000   (docs: /docs, metrics: /metrics; admin token in .data/admin-token)`);
  if (!realMode) {
    log('  Amazon sandbox  http://127.0.0.1:4010   (admin: /_sandbox/calls, /_sandbox/orders/<id>)');
    log('  ERP sandbox     http://127.0.0.1:8069   (Odoo 19, database demo, admin/admin, API key in .data/erp-api-key)');
  }
  log(`  try: curl -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/backends`);
  // The go-live controls: a dry run maps and looks up new orders, writes nothing, and says what it would write.
  log(`  dry run: curl -X PATCH -H "Authorization: Bearer $(cat .data/admin-token)" -H 'content-type: application/json' \\`);
  log(`             -d '{"settings":{"goLive":{"orders":{"dryRun":true}}}}' http://127.0.0.1:3000/api/backends/1`);
  void connector.exited.then((code) => {
    log(`connector exited (${code})`);
    void shutdown(1);
  });
} catch (e) {
  console.error(`[demo] ${(e as Error).message}`);
  await shutdown(1);
}
