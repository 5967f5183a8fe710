/**
 * Amazon refusing the connector's authorisation heals (issue 9): an access token Amazon revoked before its hour is
 * refreshed once and the calls go on; a refresh token LWA refuses becomes the backend's state AMAZON_AUTH_FAILED
 * (what to do in the admin API, the backend in /health), its sweeps then wait instead of asking LWA again and
 * again, and storing the seller's new credentials through the API heals the backend.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startApi, type ApiHandle } from './support/api.ts';
import { amazonAdmin } from './support/amazon.ts';
import { startStack, type Stack } from './support/connector-stack.ts';

const HOUR = 3600_000;

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`waited ${timeoutMs} ms for: ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

type BackendView = { health: { state: string; code: string | null; message: string | null } };

describe('Amazon refusing the backend authorisation', () => {
  let stack: Stack;
  let api: ApiHandle;
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  it('revoked access token: one refresh; refused refresh token: a backend state, no stream of errors; new credentials heal', async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'amazon_auth' });
    api = await startApi(stack);
    const db = stack.env.db.pool;
    const lwaCalls = () => stack.amazon.calls().operations.filter((o) => o.operation === 'lwa.token').reduce((n, o) => n + o.calls, 0);
    const rt = await stack.env.runtimes.get(stack.backendId);
    const params = { createdAfter: new Date(Date.now() - 4 * HOUR).toISOString(), marketplaceIds: rt.backend.marketplaceIds, maxResultsPerPage: 1 };

    // 1. Revoked access token: "revoked, malformed or invalid", one refresh, the call succeeds.
    await rt.amazon.orders.searchOrders(params);
    const before = lwaCalls();
    await amazonAdmin(stack.amazon, 'tokens/revoke', { sellerId: stack.sellerId });
    await rt.amazon.orders.searchOrders(params);
    expect(lwaCalls()).toBe(before + 1);

    // 2. The seller's authorisation is withdrawn (a new one exists): LWA refuses the refresh token the backend has.
    const { refreshToken } = await amazonAdmin<{ refreshToken: string }>(stack.amazon, `sellers/${stack.sellerId}/reauthorise`, {});
    stack.startWorker('auth-worker');
    const view = async () => (await api.get<BackendView>(`/api/backends/${stack.backendId}`)).body;
    await waitUntil('the backend shows AMAZON_AUTH_FAILED', 30_000, async () => (await view()).health.code === 'AMAZON_AUTH_FAILED');
    const refused = await view();
    expect(refused.health.state).toBe('failing');
    expect(refused.health.message).toMatch(/authorise the app again.*credentials\/amazon/s);
    const health = await api.get<{ status: string; authRefused?: Array<{ backendId: number; code: string }> }>('/health', { token: null });
    expect(health.status).toBe(200);
    expect(health.body.authRefused).toEqual([expect.objectContaining({ backendId: stack.backendId, code: 'AMAZON_AUTH_FAILED' })]);

    // Sweeps asked for meanwhile wait for the fix: no LWA call, no failed run (the old behaviour: one of each a sweep).
    const lwaAtRefusal = lwaCalls();
    const failedRuns = async () => (await db.query<{ n: number }>(`select count(*)::int as n from sync_run where backend_id = $1 and status = 'failed'`, [stack.backendId])).rows[0]!.n;
    const failedAtRefusal = await failedRuns();
    const sweepJobs = async () => (await db.query(`select 1 from graphile_worker.jobs where task_identifier = 'orders:sweep'`)).rowCount ?? 0;
    for (let i = 0; i < 3; i++) {
      expect((await api.post(`/api/backends/${stack.backendId}/sweep`, undefined)).status).toBe(202);
      await waitUntil('the requested sweep is done', 20_000, async () => (await sweepJobs()) === 0);
    }
    expect(lwaCalls()).toBe(lwaAtRefusal);
    expect(await failedRuns()).toBe(failedAtRefusal);
    expect(failedAtRefusal).toBeLessThanOrEqual(2);

    // 3. The seller's new refresh token through the API: the state clears and the sweep goes through again.
    const seller = stack.amazon.sellers.find((s) => s.sellerId === stack.sellerId)!;
    const put = await api.send<BackendView>('PUT', `/api/backends/${stack.backendId}/credentials/amazon`, { lwaClientId: seller.clientId, lwaClientSecret: seller.clientSecret, refreshToken });
    expect(put.status).toBe(200);
    // The refusal is gone at once; the sweep's own failure clears with its next sweep (requested by the change).
    expect((await api.get<{ authRefused?: unknown }>('/health', { token: null })).body.authRefused).toBeUndefined();
    await waitUntil('the backend is healthy again', 30_000, async () => (await view()).health.state === 'ok');
    // Credentials never appear in the audit log, only the fact that they were replaced.
    const audit = await db.query<{ t: string }>(`select after::text as t from audit_log where backend_id = $1 and action = 'backend.update' order by id desc limit 1`, [stack.backendId]);
    expect(audit.rows[0]?.t).toContain('replaced');
    expect(audit.rows[0]?.t).not.toContain(refreshToken);
  });
});
