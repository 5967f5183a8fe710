/**
 * CLI: starts the ERP sandbox from the environment (ERP_SANDBOX_DATABASE_URL, ERP_SANDBOX_PORT,
 * ERP_SANDBOX_VERSION, ERP_SANDBOX_API_KEY, ERP_SANDBOX_DB_NAME, ERP_SANDBOX_MODULES, ERP_SANDBOX_SEED=fresh|demo) and prints
 * its URL and API key.
 */
import { startErpSandbox } from './index.ts';

const env = process.env;
const databaseUrl = env.ERP_SANDBOX_DATABASE_URL;
if (!databaseUrl) {
  console.error('ERP_SANDBOX_DATABASE_URL is required (a PostgreSQL database of its own)');
  process.exit(2);
}
const version = env.ERP_SANDBOX_VERSION === '18' ? 18 : 19;
const sandbox = await startErpSandbox({
  databaseUrl,
  port: env.ERP_SANDBOX_PORT ? Number(env.ERP_SANDBOX_PORT) : 8069,
  version,
  ...(env.ERP_SANDBOX_API_KEY ? { apiKey: env.ERP_SANDBOX_API_KEY } : {}),
  ...(env.ERP_SANDBOX_DB_NAME ? { dbName: env.ERP_SANDBOX_DB_NAME } : {}),
  ...(env.ERP_SANDBOX_SEED === 'fresh' || env.ERP_SANDBOX_SEED === 'demo' ? { seed: env.ERP_SANDBOX_SEED } : {}),
  ...(env.ERP_SANDBOX_MODULES ? { modules: env.ERP_SANDBOX_MODULES.split(',').map((m) => m.trim()).filter(Boolean) as ['base_vat'] } : {}),
});
console.log(`ERP sandbox (Odoo ${version}.0) at ${sandbox.url}  database: ${sandbox.dbName}  login: admin / admin`);
console.log(`API key: ${sandbox.apiKey}`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
