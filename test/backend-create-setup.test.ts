/**
 * A backend created through the API is set up before anything of it syncs: its creation queues its set-up job, its
 * sweeps (even one asked for) do nothing until a set-up went through, a set-up that fails (its ERP answering 502)
 * is the backend's health with the reason and is retried by itself; once it went through, the sweep starts and
 * the orders import, none of them ever a SETUP_INCOMPLETE attempt.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sellerEnv } from '../scripts/lib/seller-env.ts';
import type { Child } from '../scripts/lib/processes.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { untilWorker } from './support/until-worker.ts';
import { startFailingProxy, type FailingProxy } from './support/failing-proxy.ts';

describe('a backend created through the API', () => {
  let stack: Stack;
  let proxy: FailingProxy;
  let api: { url: string; token: string };
  let worker: Child;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'create_setup', workerConcurrency: 2 });
    proxy = await startFailingProxy(stack.erp.sandbox.url, { failing: true });
    api = await stack.startApiProcess('api');
    worker = stack.startWorker('worker', { CONNECTOR_SETUP_RETRY_FIRST_SECONDS: '1', CONNECTOR_SETUP_RETRY_MAX_SECONDS: '2' });
  });
  afterAll(async () => {
    await stack?.close();
    await proxy?.close();
  });

  const call = async <T>(method: string, path: string, body?: unknown) => {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${api.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  const until = (what: string, ms: number, check: () => Promise<boolean>) => untilWorker(() => worker, what, ms, check);

  it('is set up first (retried while its ERP fails), and only then swept and imported', async () => {
    const seller = stack.amazon.sellers[1]!;
    stack.amazon.generateOrders({ sellerId: seller.sellerId, count: 10 });
    const env = sellerEnv(seller);
    const created = await call<{ id: number }>('POST', '/api/backends', {
      name: 'created-through-api',
      amazon: { region: seller.region, sellerId: seller.sellerId, marketplaceIds: seller.marketplaceIds, lwaClientId: env.AMAZON_LWA_CLIENT_ID, lwaClientSecret: env.AMAZON_LWA_CLIENT_SECRET, refreshToken: env.AMAZON_REFRESH_TOKEN },
      erp: { url: proxy.url, database: stack.erp.sandbox.dbName, apiKey: stack.erp.sandbox.apiKey },
      settings: { orders: { sweepIntervalSeconds: 2 }, quota: { rateOverrides: { searchOrders: { rate: 5, burst: 100 } } }, erpSetup: { createMissing: true } },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const db = stack.env.db.pool;

    // The set-up job ran at once and failed on the ERP's 502: the backend says so, with the reason.
    type View = { setUpAt: string | null; health: { state: string; code: string | null; message: string | null; flows: Array<{ flow: string; code: string | null }> } };
    await until('the set-up failing in the health', 30_000, async () => (await call<View>('GET', `/api/backends/${id}`)).body.health.state === 'failing');
    const viewed = (await call<View>('GET', `/api/backends/${id}`)).body;
    expect(viewed.setUpAt).toBeNull();
    const failing = viewed.health;
    expect(failing).toMatchObject({ state: 'failing', code: 'ERP_UNAVAILABLE', message: expect.stringContaining('HTTP 502') });
    expect(failing.flows).toEqual([expect.objectContaining({ flow: 'backend.setup', code: 'ERP_UNAVAILABLE' })]);

    // A sweep asked for now does nothing: the backend is not set up.
    expect((await call('POST', `/api/backends/${id}/sweep`)).status).toBe(202);
    const refused = proxy.refused;
    await until('two more set-up attempts', 30_000, async () => proxy.refused >= refused + 2);
    const sweepJobs = async () => (await db.query<{ n: number }>(`select count(*)::int as n from graphile_worker.jobs where key = $1`, [`sweep:${id}`])).rows[0]!.n;
    await until('the asked-for sweep job gone', 30_000, async () => (await sweepJobs()) === 0);
    const stored = await db.query<{ n: number }>('select count(*)::int as n from amazon_order where backend_id = $1', [id]);
    expect(stored.rows[0]!.n).toBe(0);
    const runs = await db.query<{ n: number }>('select count(*)::int as n from sync_run where backend_id = $1', [id]);
    expect(runs.rows[0]!.n).toBe(0);

    proxy.failing = false;
    await until('its orders imported', 90_000, async () => {
      const { rows } = await db.query<{ n: number }>(`select count(*)::int as n from amazon_order where backend_id = $1 and sync_state = 'imported'`, [id]);
      return rows[0]!.n > 0;
    });
    const setUp = await db.query<{ set_up_at: Date; first_run: Date }>(
      `select set_up_at, (select min(started_at) from sync_run where backend_id = $1) as first_run from backend where id = $1`,
      [id],
    );
    expect(setUp.rows[0]!.set_up_at.getTime()).toBeLessThanOrEqual(setUp.rows[0]!.first_run.getTime());
    const incomplete = await db.query(
      `select 1 from sync_conflict where backend_id = $1 and code = 'SETUP_INCOMPLETE'
       union all select 1 from sync_run where backend_id = $1 and error_code = 'SETUP_INCOMPLETE'`,
      [id],
    );
    expect(incomplete.rows).toEqual([]);
    await until('healthy', 20_000, async () => (await call<View>('GET', `/api/backends/${id}`)).body.health.state === 'ok');
    expect((await call<View>('GET', `/api/backends/${id}`)).body.setUpAt).toEqual(expect.any(String));
  });
});
