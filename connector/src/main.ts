/**
 * The connector process: configuration -> database -> the API and/or the worker (CONNECTOR_ROLE: all, api,
 * worker). Configuration errors stop it at once with the variables named; SIGINT/SIGTERM stop it gracefully.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from './config/index.ts';
import { buildApi } from './api/server.ts';
import { deriveSessionKey } from './api/auth/session-token.ts';
import { boot, bootstrapBackend } from './app/boot.ts';
import { createApiServices } from './app/api-services.ts';
import { startWorker } from './jobs/worker.ts';
import { flows } from './sync/flows.ts';
import { isSyncError } from './core/errors.ts';
import { registerStoreMetrics } from './observability/store-metrics.ts';
import { startMetricsServer } from './observability/metrics-server.ts';

const version = (JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';

async function main(): Promise<void> {
  const config = loadConfig();
  const env = await boot(config);
  const withApi = config.role !== 'worker';
  const withWorker = config.role !== 'api';
  if (withWorker && config.bootstrap) await bootstrapBackend(env, config.bootstrap);
  // The API's /metrics shows the business figures from the database, whichever process did the work.
  if (withApi) registerStoreMetrics(env.metrics.registry, env.db.pool, flows);
  // The panel's sessions are signed with a key derived from the master key: every API process accepts the others'.
  const panel = { ...config.panel, sessionKey: deriveSessionKey(config.secretKey) };
  const api = withApi ? await buildApi(createApiServices(env, version, { amazonApp: config.amazonApp, erpUrls: config.erpUrls }), { adminToken: config.adminToken, logLevel: config.logLevel, panel }) : null;
  if (api) await api.listen({ host: config.api.host, port: config.api.port });
  const worker = withWorker ? await startWorker(env, { concurrency: config.worker.concurrency, setupRetry: config.worker.setupRetry }) : null;
  // A worker-only process's own counters (they live nowhere else): on their own port when asked for.
  const metricsServer = !withApi && config.worker.metricsPort ? await startMetricsServer(env.metrics.registry, config.api.host, config.worker.metricsPort) : null;
  env.logger.info({ role: config.role, api: api ? `http://${config.api.host}:${config.api.port}` : null }, 'connector started');
  // What each flow does, said once (the demo's log reads as a description of the running connector).
  if (worker) for (const f of flows) if (f.demo) env.logger.info({ flow: f.name }, f.demo.describe);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    env.logger.info({ signal }, 'stopping');
    await Promise.allSettled([api?.close(), worker?.stop(), metricsServer?.close()]);
    await env.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((e: unknown) => {
  // A configuration or start-up failure: say what and why, without secrets, and stop.
  const code = isSyncError(e) ? e.code : 'INTERNAL';
  console.error(JSON.stringify({ level: 'fatal', code, msg: e instanceof Error ? e.message : String(e) }));
  process.exit(1);
});
