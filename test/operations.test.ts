/**
 * Operating the connector with the API and the worker as separate processes (a real worker child, a real API
 * child): a resync is a job the client follows through its sync run; a backend whose ERP refuses our credentials
 * shows it in the API and the CLI and logs it once; the API's /metrics serves the business figures from the
 * database; a stalled flow raises its alert; a correlation id follows an order from its sweep to its ERP calls.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sellerEnv } from '../scripts/lib/seller-env.ts';
import { memoryIo } from '../connector/src/cli/cli-io.ts';
import { statusCommand } from '../connector/src/cli/status.command.ts';
import { quotaKeysFor } from '../connector/src/core/rate-limit/quota-keys.ts';
import { quotaSettings } from '../connector/src/amazon/quota.settings.ts';
import { Tasks } from '../connector/src/sync/orders/index.ts';
import { parseOrder } from '../connector/src/amazon/parse-order.ts';
import { orderDocuments } from '../connector/src/sync/orders/order-documents.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import type { TaskLogger } from '../connector/src/sync/frame/task-env.ts';
import type { Child } from '../scripts/lib/processes.ts';
import { freePort, startStack, type Stack } from './support/connector-stack.ts';
import { expectationOf, type SandboxOrder } from './support/expected-orders.ts';
import { INACTIVE_MARKETPLACES, merchantOrders } from './support/verify-import.ts';
import { swapSkuPatch } from './support/order-edits.ts';

const HOUR = 3600_000;
const SEK_MARKETPLACE = 'A2NODRKZP88ZB9';

interface RunView {
  id: number;
  flow: string;
  trigger: string;
  status: string;
  errorCode: string | null;
  correlationId: string | null;
  subject: string | null;
  outcome: { state?: string; erp?: { id: number; name: string } | null; conflict?: { code: string } | null } | null;
}

/** A line a logger was given, with the fields of its parents. */
interface Line {
  level: string;
  msg: string;
  fields: Record<string, unknown>;
}
function capturingLogger(lines: Line[], bound: Record<string, unknown> = {}): TaskLogger {
  const at = (level: string) => (msg: string, f?: Record<string, unknown>) => void lines.push({ level, msg, fields: { ...bound, ...f } });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: (f) => capturingLogger(lines, { ...bound, ...f }) };
}

async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('operations, API and worker in separate processes', () => {
  let stack: Stack;
  let worker: Child;
  let api: { url: string; token: string };
  let workerMetrics: number;
  const call = async <T = unknown>(method: string, path: string, body?: unknown, signal?: AbortSignal) => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${api.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, body: ((res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text) as T };
  };
  /** Follows a requested run until it leaves queued and running. */
  const settled = (runId: number) =>
    until(`run ${runId} to settle`, 90_000, async () => {
      const r = await call<RunView>('GET', `/api/sync-runs/${runId}`);
      return r.body.status !== 'queued' && r.body.status !== 'running' ? r.body : null;
    });

  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'ops' });
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 20, createdFrom: new Date(Date.now() - 20 * HOUR).toISOString(), createdTo: new Date(Date.now() - 3 * HOUR).toISOString() });
    workerMetrics = await freePort();
    worker = stack.startWorker('ops-worker', { CONNECTOR_WORKER_METRICS_PORT: String(workerMetrics) });
    api = await stack.startApiProcess('ops-api');
    await stack.waitForIdle(180_000, merchantOrders(stack, ids));
  });
  afterAll(async () => stack?.close());

  it('resync answers 202 at once with the run to follow: queued -> running -> succeeded, conflict or failed', async () => {
    const at = new Date().toISOString();
    // Changed "now": no sweep sees these yet (Amazon's two-minute rule), only the resync brings them in.
    const fresh = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 12, createdFrom: at, createdTo: at, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', marketplaceId: 'A1PA6795UKMFR9' });
    const importable = fresh.find((id) => expectationOf(stack.amazon.getOrder(id).order as unknown as SandboxOrder, INACTIVE_MARKETPLACES).kind === 'import')!;
    const accepted = await call<{ queued: boolean; runId: number; correlationId: string; status: string; run: string }>('POST', `/api/backends/${stack.backendId}/orders/${importable}/resync`);
    expect(accepted.status).toBe(202);
    expect(accepted.body).toMatchObject({ queued: true, status: 'queued', runId: expect.any(Number), correlationId: expect.any(String) });
    expect(accepted.body.run).toBe(`/api/sync-runs/${accepted.body.runId}`);
    expect(accepted.headers.get('location')).toBe(accepted.body.run);
    const done = await settled(accepted.body.runId);
    const [so] = await stack.erpClient.searchRead('sale.order', [['client_order_ref', '=', importable]], ['name', 'state']);
    expect(so).toMatchObject({ state: 'sale' });
    expect(done).toMatchObject({ flow: 'orders.resync', trigger: 'api', status: 'succeeded', errorCode: null, subject: importable, correlationId: accepted.body.correlationId });
    expect(done.outcome).toMatchObject({ state: 'imported', erp: { id: so!.id, name: so!.name } });
    // The request's correlation id also marks the import it caused.
    const linked = await call<{ items: RunView[] }>('GET', `/api/sync-runs?correlationId=${accepted.body.correlationId}`);
    expect(linked.body.items.map((r) => r.flow).sort()).toEqual(['orders.import', 'orders.resync']);

    // An order whose SKU the ERP does not know (the set-up, with consent, has made every marketplace importable).
    const [sek] = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 1, createdFrom: at, createdTo: at, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', marketplaceId: SEK_MARKETPLACE });
    stack.amazon.updateOrder(sek!, swapSkuPatch(stack.amazon.getOrder(sek!).order as Record<string, unknown>, 'LIMITED-GOLD-MUG'));
    const conflict = await call<{ runId: number }>('POST', `/api/backends/${stack.backendId}/orders/${sek}/resync`);
    expect(await settled(conflict.body.runId)).toMatchObject({ status: 'conflict', errorCode: 'SKU_UNMAPPED', outcome: { state: 'conflict', erp: null, conflict: { code: 'SKU_UNMAPPED' } } });

    const unknown = await call<{ runId: number }>('POST', `/api/backends/${stack.backendId}/orders/999-0000000-0000000/resync`);
    expect(unknown.status).toBe(202);
    expect(await settled(unknown.body.runId)).toMatchObject({ status: 'failed', errorCode: 'AMAZON_NOT_FOUND' });
    expect(await call('POST', '/api/backends/4242/orders/999-0000000-0000000/resync')).toMatchObject({ status: 404, body: { code: 'BACKEND_NOT_FOUND' } });
  });

  it('a correlation id follows an order from its sweep through its import to its ERP calls, in runs and logs', async () => {
    const db = stack.env.db.pool;
    const { rows } = await db.query<{ key: string; correlation_id: string }>(
      `select s.record_key as key, r.correlation_id from sync_step s join sync_run r on r.id = s.run_id
        where r.backend_id = $1 and r.flow = 'orders.import' and r.trigger = 'job' and s.step = 'verify-imported' and s.status = 'ok' limit 1`,
      [stack.backendId],
    );
    const { key, correlation_id: correlationId } = rows[0]!;
    expect(correlationId).toMatch(/^[0-9a-f-]{36}$/);
    const runs = await call<{ items: RunView[] }>('GET', `/api/sync-runs?backendId=${stack.backendId}&correlationId=${correlationId}`);
    expect(new Set(runs.body.items.map((r) => r.flow))).toEqual(new Set(['orders.sweep', 'orders.import']));
    expect(runs.body.items.every((r) => r.correlationId === correlationId)).toBe(true);
    expect(await call('GET', '/api/sync-runs?correlationId=%27%20or%201%3D1')).toMatchObject({ status: 400 });

    // The task's log lines and its ERP calls (debug) carry the id of the job's payload; never buyer data. An order
    // stored here without a job (no worker takes it), imported by the task function in this process.
    const at = new Date().toISOString();
    const fresh = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 6, createdFrom: at, createdTo: at, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', marketplaceId: 'A1PA6795UKMFR9' });
    const order = fresh.find((id) => expectationOf(stack.amazon.getOrder(id).order as unknown as SandboxOrder, INACTIVE_MARKETPLACES).kind === 'import')!;
    const parsed = parseOrder(stack.amazon.getOrder(order).order);
    if (!parsed.ok) throw new Error(parsed.error.problems.join('; '));
    await orderDocuments(stack.env.core.documents).upsertMany(stack.backendId, [parsed.order]);
    const lines: Line[] = [];
    const tasks = taskList({ ...stack.env, log: capturingLogger(lines) });
    await tasks[Tasks.importOrders]!({ backendId: stack.backendId, amazonOrderIds: [order], correlationId: 'corr-ops-1' }, undefined as never);
    expect(await stack.erpClient.searchRead('sale.order', [['client_order_ref', '=', order]], ['name'])).toHaveLength(1);
    const erpCalls = lines.filter((l) => l.msg === 'erp call');
    expect(erpCalls.length).toBeGreaterThan(0);
    expect(erpCalls.every((l) => l.level === 'debug' && l.fields.correlationId === 'corr-ops-1' && typeof l.fields.call === 'string')).toBe(true);
    expect(key).toBeTruthy();
    const buyer = (stack.amazon.getOrder(order).order as { buyer?: { buyerName?: string; buyerEmail?: string } }).buyer ?? {};
    for (const pii of [buyer.buyerName, buyer.buyerEmail].filter(Boolean)) expect(JSON.stringify(lines)).not.toContain(pii);
    const imp = await db.query(`select 1 from sync_run where flow = 'orders.import' and correlation_id = 'corr-ops-1'`);
    expect(imp.rowCount).toBe(1);
  });

  it('a backend whose ERP refuses our credentials shows failing ERP_AUTH_FAILED (its set-up) in the API and the CLI, logged once', async () => {
    const seller = stack.amazon.sellers[1]!;
    const env = sellerEnv(seller);
    const created = await call<{ id: number }>('POST', '/api/backends', {
      name: 'wrong-erp-key',
      amazon: { region: seller.region, sellerId: seller.sellerId, marketplaceIds: seller.marketplaceIds, lwaClientId: env.AMAZON_LWA_CLIENT_ID, lwaClientSecret: env.AMAZON_LWA_CLIENT_SECRET, refreshToken: env.AMAZON_REFRESH_TOKEN },
      erp: { url: stack.erp.sandbox.url, database: stack.erp.sandbox.dbName, apiKey: 'not-the-key' },
      settings: { orders: { sweepIntervalSeconds: 10 } },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(await call('POST', `/api/backends/${id}/sweep`)).toMatchObject({ status: 202 });
    // Its set-up (queued by its creation) fails on the credentials: two attempts at least (the second 5 s after the
    // first, by the set-up's backoff), the process up, and no sweep of a backend that was never set up.
    await until('two failed set-up attempts', 90_000, async () => {
      const { rows } = await stack.env.db.pool.query<{ attempt: number }>(`select (payload->>'attempt')::int as attempt from graphile_worker._private_jobs where key = $1`, [`setup:${id}`]);
      return (rows[0]?.attempt ?? 0) >= 3;
    });
    const b = (await call<Array<{ id: number; sync: { lastSweepAt: string | null; lastSweepStatus: string | null }; health: { state: string; code: string; since: string; flows: unknown[] } }>>('GET', '/api/backends')).body.find((x) => x.id === id)!;
    expect(b.health).toMatchObject({ state: 'failing', code: 'ERP_AUTH_FAILED', since: expect.any(String) });
    expect(b.health.flows).toEqual([expect.objectContaining({ flow: 'backend.setup', state: 'failing', code: 'ERP_AUTH_FAILED' })]);
    expect(b.sync).toMatchObject({ lastSweepAt: null });
    const io = memoryIo();
    const { result } = await statusCommand(stack.env, { backend: String(id), json: false }, io);
    expect(result[0]!.health).toMatchObject({ state: 'failing', code: 'ERP_AUTH_FAILED' });
    expect(io.stdout[1]).toMatch(/ never .* failing ERP_AUTH_FAILED since \S+ \S+Z$/);
    expect(io.stdout.at(-1)).toMatch(new RegExp(`^#${id} wrong-erp-key: failing: ERP_AUTH_FAILED`));
    // The worker said so once, not once per attempt.
    const said = worker.tail().split('\n').filter((l) => l.includes(`"backendId":${id}`) && l.includes('ERP_AUTH_FAILED'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('"msg":"flow failing"');
  });

  it("the API process's /metrics serves the business figures from the database", async () => {
    const res = await fetch(`${api.url}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    const db = stack.env.db.pool;
    const states = await db.query<{ backend: string; state: string; n: number }>(`select backend_id::text as backend, sync_state as state, count(*)::int as n from amazon_order group by 1, 2`);
    expect(states.rows.length).toBeGreaterThan(0);
    for (const r of states.rows) expect(text).toMatch(new RegExp(`^aec_records\\{backend="${r.backend}",flow="orders",state="${r.state}"\\} ${r.n}$`, 'm'));
    const conflicts = await db.query<{ backend: string; code: string; n: number }>(`select backend_id::text as backend, code, count(*)::int as n from sync_conflict where status = 'open' group by 1, 2`);
    expect(conflicts.rows.length).toBeGreaterThan(0);
    for (const r of conflicts.rows) expect(text).toMatch(new RegExp(`^aec_conflicts_open\\{backend="${r.backend}",code="${r.code}"\\} ${r.n}$`, 'm'));
    const b = stack.backendId;
    expect(text).toMatch(new RegExp(`^aec_sweep_lag_seconds\\{backend="${b}",flow="orders"\\} \\d+(\\.\\d+)?$`, 'm'));
    expect(text).toMatch(new RegExp(`^aec_flow_seconds_since_progress\\{backend="${b}",flow="orders.sweep"\\} \\d+(\\.\\d+)?$`, 'm'));
    expect(text).toMatch(new RegExp(`^aec_flow_stalled\\{backend="${b}",flow="orders.sweep"\\} 0$`, 'm'));
    // The backend with the wrong ERP key: its set-up fails (its flows wait for it).
    expect(text).toMatch(/^aec_flow_failing\{backend="\d+",flow="backend.setup"\} 1$/m);
    expect(text).toMatch(/^aec_jobs\{task="orders:sweep",state="(queued|scheduled|locked)"\} \d+$/m);
    expect(text).toMatch(/^aec_store_metrics_ok 1$/m);
    // The worker's own counters are on its own port (CONNECTOR_WORKER_METRICS_PORT), without the database gauges.
    const own = await (await fetch(`http://127.0.0.1:${workerMetrics}/metrics`)).text();
    const imported = Number(own.match(new RegExp(`^aec_records_synced_total\\{backend="${b}",flow="orders"\\} (\\d+)$`, 'm'))?.[1]);
    expect(imported).toBeGreaterThan(0);
    expect(own).toMatch(/^aec_erp_calls_total\{method="sale.order.create",outcome="ok"\} \d+$/m);
    expect(own).not.toMatch(/^aec_records\{/m);
    expect((await fetch(`http://127.0.0.1:${workerMetrics}/api/backends`)).status).toBe(404);
  });

  it('a flow without progress for three intervals raises the stall alert: metric and backend health', async () => {
    // No worker: nothing sweeps any more. An hour without progress is simulated by dating the last one back.
    await worker.stop();
    stack.workers.splice(stack.workers.indexOf(worker), 1);
    await stack.env.db.pool.query(`update flow_health set last_progress_at = now() - interval '1 hour' where backend_id = $1`, [stack.backendId]);
    const text = await (await fetch(`${api.url}/metrics`)).text();
    expect(text).toMatch(new RegExp(`^aec_flow_stalled\\{backend="${stack.backendId}",flow="orders.sweep"\\} 1$`, 'm'));
    const b = await call<{ health: { state: string; code: string; message: string } }>('GET', `/api/backends/${stack.backendId}`);
    expect(b.body.health).toMatchObject({ state: 'stalled', code: 'FLOW_STALLED', message: expect.stringMatching(/^no progress for over \d+ s \(expected every \d+ s\)$/) });
  });

  it("answers at once even when Amazon's quota would make the request wait, and the run stays queued for a worker", async () => {
    // getOrder's bucket empty at one token every 100 s: a call in the request would hang for that long.
    const current = await stack.env.core.backends.get(stack.backendId);
    const { rateOverrides } = quotaSettings.of(current.settings);
    await stack.env.core.backends.update(stack.backendId, { settings: { quota: { rateOverrides: { ...rateOverrides, getOrder: { rate: 0.01, burst: 1 } } } } });
    const seller = stack.amazon.sellers[0]!;
    // Its bucket (as Amazon counts it: application x seller) taken and emptied.
    await stack.env.core.quota.acquire(quotaKeysFor(seller.region, seller.clientId, seller.sellerId).seller, 'getOrder', { rate: 0.01, burst: 1 }, 1000, { rate: 0.01, burst: 1 });
    await stack.env.core.quota.drain(quotaKeysFor(seller.region, seller.clientId, seller.sellerId).seller, 'getOrder');
    const [order] = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 1, createdFrom: new Date().toISOString(), createdTo: new Date().toISOString(), fulfilledBy: 'MERCHANT' });
    const accepted = await call<{ runId: number }>('POST', `/api/backends/${stack.backendId}/orders/${order}/resync`, undefined, AbortSignal.timeout(15_000));
    expect(accepted.status).toBe(202);
    expect(await call('GET', `/api/sync-runs/${accepted.body.runId}`)).toMatchObject({ status: 200, body: { status: 'queued', subject: order } });
  });
});
