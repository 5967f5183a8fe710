/**
 * Settings and lifecycle across processes: the API (this process) and a worker (a child process). A settings
 * PATCH reaches the worker through LISTEN/NOTIFY, so its next import uses the new batch size; a disabled backend
 * is neither swept nor imported until enabled; a deleted one answers 404 and frees its name while its history
 * stays; every change is in the audit log; an ERP URL on a metadata address is refused with 400.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { memoryIo } from '../connector/src/cli/cli-io.ts';
import { resyncCommand } from '../connector/src/cli/resync.command.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { merchantOrders } from './support/verify-import.ts';

interface BackendBody {
  id: number;
  name: string;
  enabled: boolean;
  state: string;
  settings: { orders: { batchSize: number; pageSize: number; sweepIntervalSeconds: number } };
}

describe('backend settings and lifecycle with a worker process', () => {
  let stack: Stack;
  let api: ApiHandle;
  const stored = async () =>
    (await stack.env.db.pool.query<{ n: number }>('select count(*)::int as n from amazon_order where backend_id = $1', [stack.backendId])).rows[0]!.n;
  /** Orders per import job run by the worker since `runId` (from the run log: every job is one run). */
  const importSizes = async (afterRunId: number) => {
    const { rows } = await stack.env.db.pool.query<{ n: number }>(
      `select (select coalesce(sum(v::int), 0) from jsonb_each_text(counts) as c(k, v))::int as n
         from sync_run where backend_id = $1 and flow = 'orders.import' and id > $2 order by id`,
      [stack.backendId, afterRunId],
    );
    return rows.map((r) => r.n).filter((n) => n > 0);
  };
  /** Orders the next sweep will see: updated a few minutes ago, inside the sweep's overlap with its cursor. */
  const fresh = (count: number) =>
    stack.amazon.generateOrders({
      sellerId: stack.sellerId,
      count,
      createdFrom: new Date(Date.now() - 4 * 60_000).toISOString(),
      createdTo: new Date(Date.now() - 3.5 * 60_000).toISOString(),
    });
  const lastRunId = async () =>
    (await stack.env.db.pool.query<{ id: number }>('select coalesce(max(id), 0)::int as id from sync_run')).rows[0]!.id;

  beforeAll(async () => {
    // BACKEND_SETTINGS in the flat keys of earlier versions: mapped through the settings migration at boot.
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'settings', settings: { batchSize: 50 } });
    api = await startApi(stack);
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  it('a batchSize patched through the API is used by the worker process for its next import', async () => {
    const view = await api.get<BackendBody>(`/api/backends/${stack.backendId}`);
    expect(view.body.settings.orders).toMatchObject({ batchSize: 50, sweepIntervalSeconds: 2 });
    stack.startWorker('settings-worker');
    const first = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 30 });
    await stack.waitForIdle(60_000, merchantOrders(stack, first));
    // The worker has imported with its cached runtime (batch 50) before the change.
    expect(Math.max(...(await importSizes(0)))).toBeGreaterThan(7);

    const patched = await api.patch<BackendBody>(`/api/backends/${stack.backendId}`, { settings: { orders: { batchSize: 7 } } });
    expect(patched.status).toBe(200);
    expect(patched.body.settings.orders.batchSize).toBe(7);
    const mark = await lastRunId();
    // "Within seconds": the NOTIFY is delivered at commit; leave the worker a moment before new orders appear.
    await new Promise((r) => setTimeout(r, 1_500));
    const second = fresh(62);
    await stack.waitForIdle(90_000, merchantOrders(stack, first) + merchantOrders(stack, second));
    const sizes = await importSizes(mark);
    expect(sizes.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(7);
    expect(sizes).toContain(7);
  });

  it('refuses unknown keys and out-of-range values with 400 and a code naming the key', async () => {
    const unknown = await api.patch<{ code: string; message: string }>(`/api/backends/${stack.backendId}`, { settings: { orders: { batchSize: 7, colour: 'red' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('colour');
    for (const orders of [{ sweepIntervalSeconds: 1e9 }, { sweepIntervalSeconds: 1e29 }, { pageSize: 1_000_000 }, { batchSize: 501 }]) {
      expect((await api.patch(`/api/backends/${stack.backendId}`, { settings: { orders } })).status, JSON.stringify(orders)).toBe(400);
    }
    const cleared = await api.patch<BackendBody & { settings: { quota: { rateOverrides: Record<string, unknown> } } }>(
      `/api/backends/${stack.backendId}`,
      { settings: { quota: { rateOverrides: { searchOrders: null } } } },
    );
    expect(cleared.status).toBe(200);
    expect(cleared.body.settings.quota.rateOverrides).toEqual({});
  });

  it('a disabled backend is not swept or imported and stays listed; enabled, it catches up', async () => {
    const disabled = await api.post<BackendBody>(`/api/backends/${stack.backendId}/disable`, undefined);
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ enabled: false, state: 'disabled' });
    const listed = await api.get<BackendBody[]>('/api/backends');
    expect(listed.body.find((b) => b.id === stack.backendId)).toMatchObject({ enabled: false, state: 'disabled' });
    const before = await stored();
    const mark = await lastRunId();
    const ids = fresh(10);
    // A sweep asked for is refused; the one already scheduled, and the safety cron's, do nothing.
    const sweep = await api.post<{ code: string }>(`/api/backends/${stack.backendId}/sweep`, undefined);
    expect(sweep.status).toBe(409);
    expect(sweep.body.code).toBe('BACKEND_DISABLED');
    await stack.env.db.pool.query(`select graphile_worker.add_job('orders:sweep', json_build_object('backendId', $1::int))`, [stack.backendId]);
    const until = Date.now() + 8_000;
    for (;;) {
      const { rows } = await stack.env.db.pool.query<{ n: number }>(
        `select count(*)::int as n from graphile_worker.jobs where task_identifier = 'orders:sweep'`,
      );
      if (rows[0]!.n === 0 || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await stored()).toBe(before);
    // Nor does the command line sweep or import it.
    const cli = await resyncCommand(stack.env, { backend: String(stack.backendId), order: ids[0]!, timeoutMs: 1_000, json: false }, memoryIo()).catch((e: unknown) => e);
    expect(cli).toMatchObject({ code: 'BACKEND_DISABLED' });
    expect((await stack.env.db.pool.query('select count(*)::int as n from sync_run where backend_id = $1 and id > $2', [stack.backendId, mark])).rows[0].n).toBe(0);

    // Orders stored before and left queued while disabled (their import jobs did nothing): enabling hands them
    // to new jobs, else they would stay queued for ever (waitForIdle waits for none to be queued).
    const parked = await stack.env.db.pool.query(
      `update record_state set state = 'queued' where id in
         (select id from record_state where backend_id = $1 and flow = 'orders' and state = 'imported' order by id limit 3) returning key as amazon_order_id`,
      [stack.backendId],
    );
    expect(parked.rowCount).toBe(3);
    const enabled = await api.post<BackendBody>(`/api/backends/${stack.backendId}/enable`, undefined);
    expect(enabled.body).toMatchObject({ enabled: true, state: 'active' });
    await stack.waitForIdle(60_000, before + merchantOrders(stack, ids));
    const states = await stack.env.db.pool.query<{ sync_state: string }>(
      'select sync_state from amazon_order where backend_id = $1 and amazon_order_id = any($2::text[])',
      [stack.backendId, parked.rows.map((r: { amazon_order_id: string }) => r.amazon_order_id)],
    );
    expect(states.rows.map((r) => r.sync_state)).toEqual(['imported', 'imported', 'imported']);
  });

  it('refuses an ERP URL on a metadata address with 400 ERP_URL_REFUSED', async () => {
    const body = {
      name: 'metadata',
      amazon: { region: 'eu', sellerId: 'A2META', marketplaceIds: ['A1PA6795UKMFR9'], lwaClientId: 'c', lwaClientSecret: 's', refreshToken: 'Atzr|r' },
      erp: { url: 'http://169.254.169.254/latest', database: 'db', apiKey: 'k' },
    };
    const r = await api.post<{ code: string }>('/api/backends', body);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('ERP_URL_REFUSED');
    const creds = await api.post<{ code: string }>('/api/backends', { ...body, erp: { ...body.erp, url: 'https://user:pw@erp.example.com' } });
    expect(creds.body.code).toBe('ERP_URL_REFUSED');
    expect(creds.text).not.toContain('pw@');
  });

  it('a deleted backend answers 404, frees its name and keeps its history; the audit log has every change', async () => {
    const name = (await api.get<BackendBody>(`/api/backends/${stack.backendId}`)).body.name;
    const orders = await stored();
    expect((await api.del(`/api/backends/${stack.backendId}`)).status).toBe(204);
    for (const path of [`/api/backends/${stack.backendId}`, `/api/backends/${stack.backendId}/orders`]) {
      expect((await api.get(path)).status, path).toBe(404);
    }
    expect((await api.patch(`/api/backends/${stack.backendId}`, { settings: { orders: { batchSize: 9 } } })).status).toBe(404);
    expect((await api.post(`/api/backends/${stack.backendId}/enable`, undefined)).status).toBe(404);
    expect((await api.del(`/api/backends/${stack.backendId}`)).status).toBe(404);
    expect((await api.get<BackendBody[]>('/api/backends')).body.map((b) => b.id)).not.toContain(stack.backendId);
    expect(await stored()).toBe(orders);
    const secrets = await stack.env.db.pool.query('select count(*)::int as n from secret where ref like $1', [`backend:${stack.backendId}:%`]);
    expect(secrets.rows[0].n).toBe(0);

    const again = await api.post<BackendBody>('/api/backends', {
      name,
      amazon: { region: 'eu', sellerId: stack.sellerId, marketplaceIds: ['A1PA6795UKMFR9'], lwaClientId: 'c', lwaClientSecret: 'lwa-s3cret', refreshToken: 'Atzr|r' },
      erp: { url: 'http://127.0.0.1:1', database: 'db', apiKey: 'erp-k3y' },
    });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(stack.backendId);
    const twice = await api.post<{ code: string }>('/api/backends', {
      name,
      amazon: { region: 'eu', sellerId: stack.sellerId, marketplaceIds: ['A1PA6795UKMFR9'], lwaClientId: 'c', lwaClientSecret: 'lwa-s3cret', refreshToken: 'Atzr|r' },
      erp: { url: 'http://127.0.0.1:1', database: 'db', apiKey: 'erp-k3y' },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('BACKEND_NAME_TAKEN');

    const log = await api.get<{ items: Array<{ action: string; actor: string; backendId: number; before: unknown; after: unknown }>; nextCursor: string | null }>(
      `/api/audit-log?backendId=${stack.backendId}&limit=50`,
    );
    expect(log.status).toBe(200);
    const actions = log.body.items.map((e) => e.action);
    expect(actions.slice(0, 4)).toEqual(['backend.delete', 'backend.enable', 'backend.disable', 'backend.settings']);
    expect(actions).toContain('backend.create');
    expect(actions).toContain('mapping.lookup.put');
    expect(log.body.items.find((e) => e.action === 'backend.create')?.actor).toBe('boot');
    // Changes made through the API carry the caller's name (actorOf(req)).
    expect(log.body.items.filter((e) => e.action.startsWith('backend.') && e.action !== 'backend.create').map((e) => e.actor)).toEqual(
      expect.arrayContaining(['admin-token']),
    );
    expect(log.body.items.find((e) => e.action === 'backend.delete')?.actor).toBe('admin-token');
    // Of the settings, only the namespace that changed, before and after.
    const batch = log.body.items.find((e) => e.action === 'backend.settings' && JSON.stringify(e.after).includes('"batchSize":7'));
    expect(batch?.before).toEqual({ settings: { orders: expect.objectContaining({ batchSize: 50 }) } });
    expect(batch?.after).toEqual({ settings: { orders: expect.objectContaining({ batchSize: 7 }) } });
    const paged = await api.get<{ items: unknown[]; nextCursor: string | null }>(`/api/audit-log?backendId=${stack.backendId}&limit=2`);
    expect(paged.body.items).toHaveLength(2);
    const next = await api.get<{ items: Array<{ id: number }> }>(`/api/audit-log?backendId=${stack.backendId}&limit=2&cursor=${paged.body.nextCursor}`);
    expect(next.body.items).toHaveLength(2);
    expect(api.answers.join('\n')).not.toMatch(/lwa-s3cret|erp-k3y|Atzr\|/);
  });
});
