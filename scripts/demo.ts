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
import { sellerEnv } from './lib/seller-env.ts';
import { startConnector, startTs, waitForHttp, type Child } from './lib/processes.ts';
import { addOddOrders, oddOrderHints, oddOrderOutcomes } from './demo-odd-orders.ts';
import { startWarehouseWorker } from './demo-warehouse.ts';
import { mapDemoFbaListings } from './lib/demo-fba-listing.ts';
import { describePools, shippingSummary, waitForSeededPools } from './demo-summary.ts';

const root = join(import.meta.dirname, '..');
const data = join(root, '.data');
const log = (l: string) => console.log(`[demo] ${l}`);
try {
  mkdirSync(data, { recursive: true });
} catch (e) {
  console.error(`[demo] cannot make ${data} (${(e as Error).message}): the demo keeps its keys and tokens there; run it from a clone you can write in`);
  process.exit(1);
}

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
/** The product of the mapped FBA listing (its units in the pools are printed). */
const FBA_PRODUCT = 'MUG-CER-BLUE';

/**
 * The connector's database, or the ERP sandbox's. With DATABASE_URL both are on that server (the sandbox's created
 * beside it when missing), so nothing needs the embedded PostgreSQL; without it, both are on the embedded one.
 */
async function database(name: string): Promise<string> {
  const given = process.env.DATABASE_URL;
  if (given && name === 'aec_connector') return given;
  if (given) {
    return ensureDatabase(given, name).catch((e: unknown) => {
      throw new Error(
        `the ERP sandbox needs a database "${name}" on the server of DATABASE_URL and could not make it ` +
          `(${(e as Error).message}): create it (createdb ${name}) or let DATABASE_URL's user create databases`,
      );
    });
  }
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

try {
  const connectorEnv: Record<string, string> = {
    DATABASE_URL: await database('aec_connector'),
    CONNECTOR_SECRET_KEY: process.env.CONNECTOR_SECRET_KEY ?? loadOrCreateKeyFile(join(data, 'secret.key')),
    CONNECTOR_ADMIN_TOKEN: adminToken,
  };
  if (!realMode) {
    const erpApiKey = fileSecret('erp-api-key', () => randomBytes(20).toString('hex'));
    const erpDb = await database('aec_erp_sandbox');
    const amazon = startTs('amazon', 'sandbox/amazon/src/main.ts', {
      env: { AMAZON_SANDBOX_PORT: '4010', AMAZON_SANDBOX_SEED: '1', AMAZON_SANDBOX_TIME_SCALE: '10', AMAZON_SANDBOX_SEED_ORDERS: '150', AMAZON_SANDBOX_ORDERS_PER_MINUTE: '12' },
    });
    const erp = startTs('erp', 'sandbox/erp/src/main.ts', {
      env: { ERP_SANDBOX_DATABASE_URL: erpDb, ERP_SANDBOX_PORT: '8069', ERP_SANDBOX_VERSION: '19', ERP_SANDBOX_API_KEY: erpApiKey, ERP_SANDBOX_MODULES: 'stock_delivery' },
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
      // The demo seller is a German GmbH with Pan-EU stock in Poland and a UK registration; the set-up has the
      // integrator's consent to create what the ERP lacks (currencies, tax groups, VAT taxes, fiscal positions).
      // The ERP reaches the connector on loopback: its change feed installs webhook rules (base_automation, which
      // the set-up installs with the consent erpSetup.installModules) besides polling.
      CONNECTOR_PUBLIC_URL: 'http://127.0.0.1:3000',
      BACKEND_SETTINGS: JSON.stringify({
        sweepIntervalSeconds: 15,
        erpSetup: { createMissing: true, installModules: true },
        vat: { companyCountry: 'DE', registrations: { PL: 'PL5260250274', GB: 'GB999999973' } },
        // FBA orders and pools (off by default): switched on through the API once the FBA listing's SKU is mapped
        // (switchFbaOn below), so the pools' one-time seed from the sandbox's FBA stock counts that listing's units.
        fba: { deliveryIntervalSeconds: 15 },
      }),
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
  await showSetup(adminToken);
  if (!realMode) {
    // The FBA listing's SKU row (lib/demo-fba-listing.ts): FBA orders import and their pool's stock moves.
    const rows = await mapDemoFbaListings(connectorEnv.DATABASE_URL!, 'http://127.0.0.1:8069', fileSecret('erp-api-key', () => ''), adminToken)
      .catch((e: unknown) => log(`FBA listing not mapped: ${(e as Error).message}`));
    if (rows) log(`  FBA listing MUG-CER-BLUE-FBA mapped to its ERP product (sku_map): FBA orders import, stock leaves "Amazon FBA EU"/"Amazon FBA UK"`);
    await switchFbaOn(adminToken);
  }
  log(`  connector API   http://127.0.0.1:3000   (docs: /docs, metrics: /metrics; admin token in .data/admin-token)`);
  if (!realMode) {
    log('  Amazon sandbox  http://127.0.0.1:4010   (admin: /_sandbox/calls, /_sandbox/orders/<id>)');
    log('  ERP sandbox     http://127.0.0.1:8069   (Odoo 19, database demo, admin/admin, API key in .data/erp-api-key)');
  }
  log(`  try: curl -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/backends`);
  // The go-live controls: a dry run maps and looks up new orders, writes nothing, and says what it would write.
  log(`  dry run: curl -X PATCH -H "Authorization: Bearer $(cat .data/admin-token)" -H 'content-type: application/json' \\`);
  log(`             -d '{"settings":{"goLive":{"orders":{"dryRun":true}}}}' http://127.0.0.1:3000/api/backends/1`);
  // Conflicts in bulk: what a retry of every unknown-SKU conflict would touch, without touching it.
  log(`  conflicts: curl -X POST -H "Authorization: Bearer $(cat .data/admin-token)" -H 'content-type: application/json' \\`);
  log(`             -d '{"action":"retry","backendId":1,"codes":["SKU_UNMAPPED"],"dryRun":true}' http://127.0.0.1:3000/api/conflicts/resolve`);
  if (!realMode) await showOddOrders(adminToken);
  if (!realMode) await startShipping(adminToken, connectorEnv.ODOO_API_KEY!);
  if (!realMode) showSummaryLater(adminToken, connectorEnv.ODOO_API_KEY!);
  void connector.exited.then((code) => {
    log(`connector exited (${code})`);
    void shutdown(1);
  });
} catch (e) {
  // What went wrong and what to do (embedded-pg.ts's errors say it), never a stack trace.
  console.error(`[demo] ${(e as Error).message}`);
  await shutdown(1);
}

/**
 * What the set-up did in the ERP, for a person to see: the boot ran it (with consent in the demo); a second run
 * through the API is safe and reports every record it created then as found now, plus what is left by hand.
 */
async function showSetup(token: string): Promise<void> {
  type Item = { what: string; erpModel: string };
  const res = await fetch('http://127.0.0.1:3000/api/backends/1/setup', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    // Real mode: the backend setting decides (no consent given here).
    body: JSON.stringify(realMode ? {} : { createMissing: true }),
  });
  if (!res.ok) return log(`set-up report: HTTP ${res.status}`);
  const report = (await res.json()) as { created: Item[]; found: Item[]; changed: Item[]; problems: Array<{ code: string; message: string }> };
  const byModel = (items: Item[]) => {
    const counts = new Map<string, number>();
    for (const i of items) counts.set(i.erpModel, (counts.get(i.erpModel) ?? 0) + 1);
    return [...counts].map(([m, n]) => `${m} ${n}`).join(', ');
  };
  log(`set-up in the ERP (${realMode ? 'reporting only' : 'with consent: erpSetup.createMissing'}):`);
  log(`  records it uses: ${byModel([...report.created, ...report.found])}`);
  for (const c of report.changed) log(`  changed: ${c.what}`);
  for (const p of report.problems) log(`  still to do by hand: ${p.code}: ${p.message.slice(0, 160)}${p.message.length > 160 ? '...' : ''}`);
  log('  the whole report: npm run -s cli -- setup --backend demo   (add --create-missing to consent)');
}

/** Issue 9's odd orders (demo-odd-orders.ts): added now, their outcome printed once a sweep has seen them. */
async function showOddOrders(token: string): Promise<void> {
  try {
    const odd = await addOddOrders('http://127.0.0.1:4010', DEFAULT_SELLERS[0]!.sellerId);
    log('odd orders added to the Amazon sandbox (the sweep sees them in ~2 minutes):');
    for (const o of odd) log(`  ${o.orderId}: ${o.what} -> ${o.expect}`);
    for (const line of oddOrderHints(odd)) log(line);
    setTimeout(() => {
      void oddOrderOutcomes(odd, token).then((lines) => {
        log('the odd orders now:');
        for (const l of lines) log(`  ${l}`);
      }, (e: unknown) => log(`odd orders: ${(e as Error).message}`));
    }, 180_000).unref();
  } catch (e) {
    log(`odd orders not added: ${(e as Error).message}`);
  }
}

/**
 * The fba flow (off by default), switched on through the API as a seller would, once the FBA listing's `sku_map`
 * row exists: the set-up it is run with then makes the pools' warehouses and queues their one-time seed, which
 * counts that listing's units (switched on at boot, the seed ran before the row and left them out for good).
 */
async function switchFbaOn(token: string): Promise<void> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const on = await fetch('http://127.0.0.1:3000/api/backends/1', { method: 'PATCH', headers, body: JSON.stringify({ settings: { goLive: { fba: { enabled: true } } } }) });
  if (!on.ok) return log(`fba not switched on: HTTP ${on.status}`);
  const setup = await fetch('http://127.0.0.1:3000/api/backends/1/setup', { method: 'POST', headers, body: JSON.stringify({ createMissing: true }) });
  if (!setup.ok) return log(`fba set-up: HTTP ${setup.status}`);
  log('fba: switched on (goLive.fba.enabled) and set up: pool warehouses "Amazon FBA EU"/"Amazon FBA UK", seeded once from Amazon');
  // In the background: the warehouse worker starts meanwhile.
  void waitForSeededPools('http://127.0.0.1:8069', fileSecret('erp-api-key', () => ''), FBA_PRODUCT).then((s) => {
    log(`fba: pool stock: ${s ? describePools(s, FBA_PRODUCT) : 'not seeded after 90 s (see the fba flow in GET /api/backends/1)'}`);
  });
}

/**
 * Three minutes after `npm start`: what the shipments, fba and invoices flows did (demo-summary.ts), with the curl
 * lines to look closer; and again two minutes later, when more has shipped.
 */
function showSummaryLater(token: string, erpApiKey: string): void {
  log(`  invoices: curl -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/backends/1/invoices`);
  log(`  ship-by risk: curl -H "Authorization: Bearer $(cat .data/admin-token)" http://127.0.0.1:3000/api/backends/1/shipments/at-risk`);
  const show = (label: string) =>
    void shippingSummary({ token, erpUrl: 'http://127.0.0.1:8069', erpApiKey, productCode: FBA_PRODUCT })
      .then((lines) => {
        log(`shipping, ${label}:`);
        for (const l of lines) log(`  ${l}`);
      }, (e: unknown) => log(`shipping summary: ${(e as Error).message}`));
  const threeMinutes = Math.max(10_000, 175_000 - process.uptime() * 1000);
  setTimeout(() => show('three minutes in'), threeMinutes).unref();
  setTimeout(() => show('five minutes in'), threeMinutes + 120_000).unref();
}

/**
 * Shipments (off by default): switched on for the demo backend through the API, as a seller would, and a simulated
 * warehouse worker (demo-warehouse.ts) validates the imported orders' deliveries in the ERP with a carrier and a
 * tracking number (a few partial, a few mistyped): the connector confirms each to Amazon within seconds.
 */
async function startShipping(token: string, erpApiKey: string): Promise<void> {
  const res = await fetch('http://127.0.0.1:3000/api/backends/1', {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ settings: { goLive: { shipments: { enabled: true } } } }),
  });
  if (!res.ok) return log(`shipments not switched on: HTTP ${res.status}`);
  // The set-up run again, as after any flow switched on: it checks (with consent, installs) the ERP modules the flow
  // needs, base_automation for the change feed's webhook rules on stock.picking (without it the poll cannot start).
  const setup = await fetch('http://127.0.0.1:3000/api/backends/1/setup', {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ createMissing: true }),
  });
  if (!setup.ok) log(`shipments set-up: HTTP ${setup.status}`);
  log('shipments: switched on (goLive.shipments.enabled) and set up; a warehouse worker ships the imported orders from the ERP');
  log(`  shipments of an order on Amazon: curl http://127.0.0.1:4010/_sandbox/orders/<amazonOrderId>/shipments`);
  log(`  conflicts (TRACKING_INVALID...): curl -H "Authorization: Bearer $(cat .data/admin-token)" 'http://127.0.0.1:3000/api/conflicts?backendId=1&status=open'`);
  const stop = startWarehouseWorker({ url: 'http://127.0.0.1:8069', database: 'demo', apiKey: erpApiKey, log });
  process.once('exit', stop);
}
