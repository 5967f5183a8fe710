/**
 * CLI: starts the ERP sandbox from the environment (ERP_SANDBOX_DATABASE_URL, ERP_SANDBOX_PORT,
 * ERP_SANDBOX_VERSION, ERP_SANDBOX_API_KEY, ERP_SANDBOX_DB_NAME, ERP_SANDBOX_MODULES, ERP_SANDBOX_SEED=fresh|demo,
 * ERP_SANDBOX_COST_SCALE: a real Odoo's cost per call times this scale, off when unset or 0; ERP_SANDBOX_PANEL_URL and
 * ERP_SANDBOX_PANEL_SECRET: the embedded panel's host page) and prints its URL and API key.
 */
import { startErpSandbox } from './index.ts';
import type { OptionalModule } from './modules.ts';

const env = process.env;
const databaseUrl = env.ERP_SANDBOX_DATABASE_URL;
if (!databaseUrl) {
  console.error('ERP_SANDBOX_DATABASE_URL is required (a PostgreSQL database of its own)');
  process.exit(2);
}
const version = env.ERP_SANDBOX_VERSION === '18' ? 18 : 19;
const costScale = env.ERP_SANDBOX_COST_SCALE ? Number(env.ERP_SANDBOX_COST_SCALE) : 0;
if (!Number.isFinite(costScale) || costScale < 0) {
  console.error(`ERP_SANDBOX_BAD_COST_SCALE: ${env.ERP_SANDBOX_COST_SCALE} (0 = off, 1 = a real Odoo 19's speed)`);
  process.exit(2);
}
const sandbox = await startErpSandbox({
  databaseUrl,
  port: env.ERP_SANDBOX_PORT ? Number(env.ERP_SANDBOX_PORT) : 8069,
  version,
  ...(env.ERP_SANDBOX_API_KEY ? { apiKey: env.ERP_SANDBOX_API_KEY } : {}),
  ...(env.ERP_SANDBOX_DB_NAME ? { dbName: env.ERP_SANDBOX_DB_NAME } : {}),
  ...(env.ERP_SANDBOX_SEED === 'fresh' || env.ERP_SANDBOX_SEED === 'demo' ? { seed: env.ERP_SANDBOX_SEED } : {}),
  ...(costScale > 0 ? { cost: { scale: costScale } } : {}),
  ...(env.ERP_SANDBOX_PANEL_URL && env.ERP_SANDBOX_PANEL_SECRET ? { panel: { url: env.ERP_SANDBOX_PANEL_URL, secret: env.ERP_SANDBOX_PANEL_SECRET } } : {}),
  ...(env.ERP_SANDBOX_MODULES ? { modules: env.ERP_SANDBOX_MODULES.split(',').map((m) => m.trim()).filter(Boolean) as OptionalModule[] } : {}),
});
console.log(`ERP sandbox (Odoo ${version}.0) at ${sandbox.url}  database: ${sandbox.dbName}  login: admin / admin`);
console.log(`API key: ${sandbox.apiKey}`);
if (env.ERP_SANDBOX_PANEL_URL) console.log(`the Amazon panel embedded: ${sandbox.url.replace('127.0.0.1', 'localhost')}/odoo/amazon (login integrator / integrator)`);
if (costScale > 0) console.log(`cost model on: a real Odoo 19's cost per call x ${costScale} (GET ${sandbox.url}/_sandbox/cost)`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
