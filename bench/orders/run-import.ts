/**
 * One run of the orders bench: N Amazon orders from the first sweep call to the last confirmed ERP order, against an
 * ERP sandbox in its own process, with its cost model off (as fast as the sandbox goes) or on (a real Odoo 19's
 * cost per call, times `costScale`). Returns the figures; the caller prints and compares them.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ensureDatabase, freePort } from '../../scripts/lib/embedded-pg.ts';
import { startConnector, startTs, waitForHttp, type Child } from '../../scripts/lib/processes.ts';
import { legacySellers, startAmazonSandbox } from '../../sandbox/amazon/src/index.ts';
import type { CostSnapshot, ErpStats } from '../../sandbox/erp/src/index.ts';
import { loadConfig } from '../../connector/src/config/index.ts';
import { boot, bootstrapBackend } from '../../connector/src/app/boot.ts';
import { procStats } from '../proc-stats.ts';
import { sellerEnv, sellerVatSettings } from '../../scripts/lib/seller-env.ts';
import { capacityFigures, type CapacityFigures } from './capacity.ts';

export interface ImportRunOptions {
  adminUrl: string;
  orders: number;
  workers: number;
  concurrency: number;
  batch?: number;
  /** The ERP sandbox's cost model: null = off, else the scale (1 = a real Odoo 19's speed). */
  costScale: number | null;
  say: (s: string) => void;
}

export interface ImportFigures {
  orders: number;
  merchant: number;
  imported: number;
  conflicts: number;
  /** Orders per final state (and stable code), e.g. "failed (ERP_TIMEOUT)". */
  outcomes: Record<string, number>;
  seconds: number;
  ordersPerSecond: number;
  connectorCpuMsPerOrder: number;
  erpCallsPerOrder: number;
  erpCalls: number;
  peakRssMbSum: number;
  erpBusySeconds: number;
  erpBusyMsPerOrder: number;
  workers: number;
  concurrency: number;
  costScale: number | null;
  /** With the cost model on: the import's share of the modelled ERP's capacity (bench/README.md). */
  capacity: CapacityFigures | null;
}

/** BENCH_PROFILE=dir: CPU profiles of the ERP sandbox and the workers land in dir/<name>/ (open in Chrome devtools). */
const profile = (name: string) => (process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(process.env.BENCH_PROFILE, name)}`] : []);

/** Runs the import once and returns its figures. */
export async function runImport(o: ImportRunOptions): Promise<ImportFigures> {
  const tag = randomBytes(3).toString('hex');
  const erpDb = await ensureDatabase(o.adminUrl, `bench_erp_${tag}`);
  const connDb = await ensureDatabase(o.adminUrl, `bench_conn_${tag}`);
  const children: Child[] = [];
  try {
    const raised = { rate: 1000, burst: 1000 };
    // The orders the bench's figures were measured with (before issue 8: 97 % merchant-fulfilled, so nearly every
    // generated order is imported, net + TAX); the realistic mix (60 % FBA) would import a third as many.
    const sellers = legacySellers();
    const amazon = await startAmazonSandbox({ port: 0, seed: 11, sellers, usagePlans: { searchOrders: raised } });
    const erpPort = await freePort();
    const erpKey = randomBytes(16).toString('hex');
    const erp = startTs('erp', 'sandbox/erp/src/main.ts', {
      quiet: true,
      env: { ERP_SANDBOX_DATABASE_URL: erpDb, ERP_SANDBOX_PORT: String(erpPort), ERP_SANDBOX_API_KEY: erpKey,
        ...(o.costScale !== null ? { ERP_SANDBOX_COST_SCALE: String(o.costScale) } : {}) },
      nodeArgs: profile('erp'),
    });
    children.push(erp);
    const erpUrl = `http://127.0.0.1:${erpPort}`;
    await waitForHttp(`${erpUrl}/web/version`, erp);

    const seller = amazon.sellers[0]!;
    const env: Record<string, string> = {
      DATABASE_URL: connDb,
      CONNECTOR_SECRET_KEY: randomBytes(32).toString('base64'),
      CONNECTOR_ADMIN_TOKEN: randomBytes(18).toString('base64url'),
      AMAZON_ENDPOINT_OVERRIDE: `127.0.0.1:${amazon.port}`,
      CONNECTOR_WORKER_CONCURRENCY: String(o.concurrency),
      CONNECTOR_ROLE: 'worker',
      LOG_LEVEL: 'warn',
    };
    const config = loadConfig({
      ...env,
      LOG_LEVEL: 'silent',
      BACKEND_NAME: 'bench',
      ...sellerEnv(seller),
      ODOO_URL: erpUrl,
      ODOO_DB: 'demo',
      ODOO_API_KEY: erpKey,
      BACKEND_SETTINGS: JSON.stringify({ sweepIntervalSeconds: 3600, ...(o.batch ? { batchSize: o.batch } : {}), rateOverrides: { searchOrders: raised }, erpSetup: { createMissing: true }, ...sellerVatSettings(seller) }),
    });
    const ids = amazon.generateOrders({ sellerId: seller.sellerId, count: o.orders });
    const merchant = ids.filter((id) => (amazon.getOrder(id).order as { fulfillment?: { fulfilledBy?: string } }).fulfillment?.fulfilledBy !== 'AMAZON').length;
    o.say(`${o.orders} orders generated (${merchant} merchant-fulfilled); setting up the backend`);

    // The integrator's consent (erpSetup.createMissing above): the boot's set-up activates the marketplaces'
    // currencies, creates the VAT taxes and fiscal positions and sets per-line tax rounding, as for a real seller.
    const booted = await boot(config);
    const backendId = await bootstrapBackend(booted, config.bootstrap!); // schedules the first sweep
    const erpGet = async <T>(path: string) => (await (await fetch(`${erpUrl}${path}`)).json()) as T;
    await fetch(`${erpUrl}/_sandbox/stats/reset`, { method: 'POST' });
    await fetch(`${erpUrl}/_sandbox/cost/reset`, { method: 'POST' });
    const startedAt = Date.now();

    const workers = Array.from({ length: o.workers }, (_, i) => startConnector(`worker-${i}`, env, { quiet: true, nodeArgs: [...(process.env.BENCH_WORKER_ARGS?.split(' ').filter(Boolean) ?? []), ...profile('worker')] }));
    children.push(...workers);
    const sample = setInterval(() => workers.forEach((w) => procStats(w.proc.pid!)), 200);

    for (;;) {
      const { rows } = await booted.db.pool.query<{ stored: number; queued: number; jobs: number }>(
        // The stores' own tables (index-only counts), not the amazon_order compatibility view: a join of every order
        // ten times a second would load the database the connector and the ERP sandbox share, and skew the figures.
        `select (select count(*)::int from fetched_document where backend_id = $1 and kind = 'order') as stored,
                (select count(*)::int from record_state where backend_id = $1 and flow = 'orders' and state = 'queued') as queued,
                (select count(*)::int from graphile_worker.jobs where task_identifier = 'orders:import') as jobs`,
        [backendId],
      );
      const s = rows[0]!;
      if (s.stored >= merchant && s.queued === 0 && s.jobs === 0) break;
      for (const w of workers) if (w.proc.exitCode !== null) throw new Error(`${w.name} exited:\n${w.tail()}`);
      if (Date.now() - startedAt > 20 * 60_000) throw new Error(`no convergence in 20 minutes: ${JSON.stringify(s)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    clearInterval(sample);
    const usage = workers.map((w) => procStats(w.proc.pid!));
    const { rows: t } = await booted.db.pool.query<{ last: Date; imported: number; conflicts: number }>(
      `select max(synced_at) filter (where sync_state = 'imported') as last, count(*) filter (where sync_state = 'imported')::int as imported,
              count(*) filter (where sync_state = 'conflict')::int as conflicts from amazon_order where backend_id = $1`,
      [backendId],
    );
    const first = amazon.calls().recent.filter((c) => c.operation === 'searchOrders').map((c) => Date.parse(c.at)).sort((a, b) => a - b)[0]!;
    const { imported, conflicts, last } = t[0]!;
    const seconds = (last.getTime() - first) / 1000;
    // Where the orders ended, with their stable codes: a slow ERP shows here first (timeouts, refusals)
    const { rows: outcomes } = await booted.db.pool.query<{ state: string; code: string | null; n: number }>(
      `select state, code, count(*)::int as n from record_state where backend_id = $1 and flow = 'orders' group by 1, 2 order by 3 desc`, [backendId]);
    o.say(`outcomes: ${outcomes.map((r) => `${r.state}${r.code ? ` (${r.code})` : ''} ${r.n}`).join(', ')}`);
    const stats = await erpGet<ErpStats>('/_sandbox/stats');
    const cost = await erpGet<CostSnapshot | { enabled: false }>('/_sandbox/cost');
    const { rows: runs } = await booted.db.pool.query<{ flow: string; n: number; seconds: number; first: Date; last: Date }>(
      `select flow, count(*)::int as n, sum(extract(epoch from finished_at - started_at))::float as seconds,
              min(started_at) as first, max(finished_at) as last
         from sync_run where backend_id = $1 group by flow`,
      [backendId],
    );
    for (const r of runs) {
      o.say(`  ${r.flow}: ${r.n} runs, ${r.seconds.toFixed(2)} s summed, from +${((r.first.getTime() - first) / 1000).toFixed(2)} s to +${((r.last.getTime() - first) / 1000).toFixed(2)} s`);
    }
    // Why an order took more than one import job (a retry's small job runs late, alone: the tail's idle time)
    const { rows: retries } = await booted.db.pool.query<{ step: string; code: string; n: number }>(
      `select s.step, s.error_code as code, count(*)::int as n from sync_step s join sync_run r on r.id = s.run_id
        where r.backend_id = $1 and r.flow = 'orders.import' and s.status = 'retry' group by 1, 2 order by 3 desc`, [backendId]);
    if (retries.length) o.say(`  orders deferred to a later import job: ${retries.map((r) => `${r.n} at ${r.step} (${r.code})`).join(', ')}`);
    const cpuMs = usage.reduce((n, u) => n + u.cpuMs, 0);
    const peakRss = usage.reduce((n, u) => n + u.peakRssKb, 0) / 1024;
    await booted.close();
    await amazon.close();
    return {
      orders: o.orders,
      merchant,
      imported,
      conflicts,
      outcomes: Object.fromEntries(outcomes.map((r) => [`${r.state}${r.code ? ` (${r.code})` : ''}`, r.n])),
      seconds: Number(seconds.toFixed(2)),
      ordersPerSecond: Number((imported / seconds).toFixed(1)),
      connectorCpuMsPerOrder: Number((cpuMs / imported).toFixed(3)),
      erpCallsPerOrder: Number((stats.total / imported).toFixed(4)),
      erpCalls: stats.total,
      peakRssMbSum: Number(peakRss.toFixed(1)),
      erpBusySeconds: Number((stats.busyMs / 1000).toFixed(2)),
      erpBusyMsPerOrder: Number((stats.busyMs / imported).toFixed(3)),
      workers: o.workers,
      concurrency: o.concurrency,
      costScale: o.costScale,
      capacity: cost.enabled ? capacityFigures(cost, { imported, seconds, startMs: first, endMs: last.getTime() }) : null,
    };
  } finally {
    for (const c of children) await c.stop();
  }
}
