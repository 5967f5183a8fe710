/**
 * Conflicts by the hundred, as a seller meets them on a fresh ERP: once the set-up is fixed, the set-up run retries
 * the conflicts it cured by itself (and leaves the others open); and any selection of a backend's open conflicts is
 * retried or dismissed at once, over the HTTP API and the command line, each conflict exactly as a single retry or
 * dismiss does it (its re-run, its audit entry). Real PostgreSQL, both sandboxes over HTTP.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { conflictsCommand } from '../connector/src/cli/conflicts.command.ts';
import { memoryIo } from '../connector/src/cli/cli-io.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { openConflictCodes, runJobs, sweepAndImport, syncStateOf } from './support/lifecycle.ts';
import { swapSkuPatch } from './support/order-edits.ts';

const DE = 'A1PA6795UKMFR9';
const SE = 'A2NODRKZP88ZB9';
const ROOT = join(import.meta.dirname, '..');

interface SetupReportBody {
  ok: boolean;
  problems: Array<{ code: string }>;
  retried: { count: number; byCode: Record<string, number> };
}
interface BulkBody {
  action: string;
  dryRun: boolean;
  count: number;
  byCode: Record<string, number>;
}

describe('conflicts retried by the set-up, and retried or dismissed in bulk', () => {
  let stack: Stack;
  let api: ApiHandle;
  beforeAll(async () => {
    // No consent to the set-up: SEK stays inactive until the test activates it, as a seller would by hand; so does
    // the per-line tax rounding that Amazon's figures need.
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'bulk', settings: { erpSetup: { createMissing: false } } });
    await stack.erpClient.write('res.company', [1], { tax_calculation_rounding_method: 'round_per_line' });
    api = await startApi(stack);
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const db = () => stack.env.db.pool;
  const generate = (count: number, marketplaceId: string) =>
    stack.amazon.generateOrders({ sellerId: stack.sellerId, count, status: 'UNSHIPPED', fulfilledBy: 'MERCHANT', marketplaceId });
  /** `count` DE orders whose first SKU no ERP product has. */
  const unmappedSkuOrders = (count: number, sku: string) => {
    const ids = generate(count, DE);
    for (const id of ids) stack.amazon.updateOrder(id, swapSkuPatch(stack.amazon.getOrder(id).order, sku));
    return ids;
  };
  const getOrderCalls = () => stack.amazon.calls().operations.filter((o) => o.operation === 'getOrder').reduce((n, o) => n + o.calls, 0);
  const statusOf = async (ids: readonly string[], code: string) => {
    const { rows } = await db().query<{ key: string; status: string }>(
      `select amazon_key as key, status from sync_conflict where backend_id = $1 and code = $2 and amazon_key = any($3::text[]) order by id`,
      [stack.backendId, code, ids],
    );
    return rows;
  };
  const auditOf = async (ids: readonly number[]) =>
    (
      await db().query<{ actor: string; action: string; target: string; after: { status: string; resolution: Record<string, unknown> } }>(
        `select actor, action, target, after from audit_log where target = any($1::text[]) order by id`,
        [ids.map((id) => `conflict:${id}`)],
      )
    ).rows;
  /** The open conflicts of `code`, optionally only those raised since `since` (the database's clock). */
  const openIds = async (code: string, since?: string) =>
    (
      await db().query<{ id: number }>(
        `select id::int from sync_conflict where backend_id = $1 and code = $2 and status = 'open' and created_at >= coalesce($3::timestamptz, '-infinity') order by id`,
        [stack.backendId, code, since ?? null],
      )
    ).rows.map((r) => r.id);
  /** Now on the database's clock: conflicts raised from here on are the test's own. */
  const dbNow = async () => (await db().query<{ now: string }>(`select to_json(now())#>>'{}' as now`)).rows[0]!.now;

  it('a set-up run retries the conflicts it cured by itself, through the retry path, and leaves the other codes open', async () => {
    // Swedish orders while SEK is inactive in the ERP: SETUP_INCOMPLETE (no marketplace map entry); one DE order
    // with an unknown SKU: SKU_UNMAPPED, which no set-up cures.
    const swedish = generate(3, SE);
    const [unmapped] = unmappedSkuOrders(1, 'LIMITED-GOLD-MUG');
    await sweepAndImport(stack);
    // (A generated order may also carry a SKU the ERP lacks: SKU_UNMAPPED beside it.)
    for (const id of swedish) expect(await openConflictCodes(stack, id)).toContain('SETUP_INCOMPLETE');
    expect(await openConflictCodes(stack, unmapped!)).toEqual(['SKU_UNMAPPED']);
    const cured = await openIds('SETUP_INCOMPLETE');
    expect(cured).toHaveLength(3);

    // Not cured yet (SEK still inactive): the set-up reports it and retries nothing of that code.
    const before = await api.post<SetupReportBody>(`/api/backends/${stack.backendId}/setup`, {});
    expect(before.status).toBe(200);
    expect(before.body.problems.map((p) => p.code)).toContain('CURRENCY_INACTIVE');
    expect(before.body.retried.byCode.SETUP_INCOMPLETE).toBeUndefined();
    expect(await openIds('SETUP_INCOMPLETE')).toEqual(cured);

    // The seller activates SEK and runs the set-up again: the SETUP_INCOMPLETE conflicts are retried by themselves.
    const [sek] = await stack.erpClient.searchRead('res.currency', [['name', '=', 'SEK']], ['id'], { context: { active_test: false } });
    await stack.erpClient.write('res.currency', [sek!.id as number], { active: true });
    const calls = getOrderCalls();
    const setup = await api.post<SetupReportBody>(`/api/backends/${stack.backendId}/setup`, {});
    expect(setup.status).toBe(200);
    expect(setup.body.problems.map((p) => p.code)).not.toContain('CURRENCY_INACTIVE');
    expect(setup.body.retried).toEqual({ count: 3, byCode: { SETUP_INCOMPLETE: 3 } });
    expect(await openIds('SETUP_INCOMPLETE')).toEqual([]);
    expect(await openConflictCodes(stack, unmapped!)).toEqual(['SKU_UNMAPPED']);
    // The same path as a person's retry: a queued, followable resync run per order, and its job, no more.
    const runs = await db().query<{ subject: string; status: string }>(
      `select subject, status from sync_run where backend_id = $1 and flow = 'orders.resync' and trigger = 'conflict-resolved' order by subject`,
      [stack.backendId],
    );
    expect(runs.rows).toEqual([...swedish].sort().map((subject) => ({ subject, status: 'queued' })));
    const audit = await auditOf(cured);
    expect(audit.map((a) => [a.actor, a.action])).toEqual(cured.map(() => ['admin-token', 'conflict.resolve']));
    expect(audit[0]!.after).toEqual({ status: 'resolved', resolution: { action: 'retry', by: 'admin-token', note: 'cured by a set-up run' } });

    // The workers fetch each order once more and import it: none is stuck on SETUP_INCOMPLETE any longer.
    await runJobs(stack);
    expect(getOrderCalls()).toBe(calls + 3);
    for (const id of swedish) {
      expect(await openConflictCodes(stack, id)).not.toContain('SETUP_INCOMPLETE');
      expect((await syncStateOf(stack, id))?.code).not.toBe('SETUP_INCOMPLETE');
    }
    const runsAfter = await db().query<{ status: string }>(`select status from sync_run where backend_id = $1 and flow = 'orders.resync'`, [stack.backendId]);
    expect(runsAfter.rows.every((r) => r.status !== 'queued')).toBe(true);
    // Nothing left to cure: a further run retries nothing.
    const again = await api.post<SetupReportBody>(`/api/backends/${stack.backendId}/setup`, {});
    expect(again.body.retried).toEqual({ count: 0, byCode: {} });
  });

  it('the API retries and dismisses by backend and code, with a dry run first; each conflict audited as a single action', async () => {
    const since = await dbNow();
    const gold = unmappedSkuOrders(2, 'LIMITED-GOLD-MUG');
    const silver = unmappedSkuOrders(2, 'LIMITED-SILVER-MUG');
    await sweepAndImport(stack);
    const open = await openIds('SKU_UNMAPPED', since);
    expect(open).toHaveLength(4);
    const mine = { backendId: stack.backendId, codes: ['SKU_UNMAPPED'], createdAfter: since };

    // A dry run says what would happen and changes nothing.
    const dry = await api.post<BulkBody>('/api/conflicts/resolve', { action: 'retry', ...mine, dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toEqual({ action: 'retry', dryRun: true, count: 4, byCode: { SKU_UNMAPPED: 4 } });
    expect(await openIds('SKU_UNMAPPED', since)).toEqual(open);
    // Another code, another flow's kinds, a window before them: nothing selected.
    const none = await api.post<BulkBody>('/api/conflicts/resolve', { action: 'retry', backendId: stack.backendId, codes: ['CURRENCY_UNKNOWN'], flow: 'orders', dryRun: true });
    expect(none.body.count).toBe(0);
    const earlier = await api.post<BulkBody>('/api/conflicts/resolve', { action: 'dismiss', backendId: stack.backendId, createdBefore: '2026-01-01T00:00:00Z', dryRun: true });
    expect(earlier.body.count).toBe(0);

    // The gold mug gets a product; a bulk retry of the code re-runs all four, each once.
    const [mug] = await stack.erpClient.searchRead('product.product', [['default_code', '=', 'MUG-CER-BLUE']], ['id']);
    await stack.env.core.lookups.put(stack.backendId, 'sku_map', [{ key: 'LIMITED-GOLD-MUG', value: { productId: mug!.id as number } }]);
    const calls = getOrderCalls();
    const retried = await api.post<BulkBody>('/api/conflicts/resolve', { action: 'retry', ...mine, note: 'gold mug mapped' });
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual({ action: 'retry', dryRun: false, count: 4, byCode: { SKU_UNMAPPED: 4 } });
    const audit = await auditOf(open);
    expect(audit).toHaveLength(4);
    for (const a of audit) {
      expect(a).toMatchObject({ actor: 'admin-token', action: 'conflict.resolve', after: { status: 'resolved', resolution: { action: 'retry', by: 'admin-token', note: 'gold mug mapped' } } });
    }
    // Retrying again finds nothing open: exactly once.
    const twice = await api.post<BulkBody>('/api/conflicts/resolve', { action: 'retry', ...mine });
    expect(twice.body.count).toBe(0);
    await runJobs(stack);
    expect(getOrderCalls()).toBe(calls + 4);
    for (const id of gold) expect(await syncStateOf(stack, id)).toEqual({ state: 'imported', code: null });
    for (const id of silver) expect(await openConflictCodes(stack, id)).toEqual(['SKU_UNMAPPED']);

    // The silver mug is discontinued: dismissed in bulk, by code and creation window, with the reason kept.
    const silverIds = await openIds('SKU_UNMAPPED', since);
    expect(silverIds).toHaveLength(2);
    const dismissed = await api.post<BulkBody>('/api/conflicts/resolve', { action: 'dismiss', ...mine, kinds: ['order'], note: 'silver mug discontinued' });
    expect(dismissed.body).toEqual({ action: 'dismiss', dryRun: false, count: 2, byCode: { SKU_UNMAPPED: 2 } });
    expect((await statusOf(silver, 'SKU_UNMAPPED')).filter((r) => r.status === 'open')).toEqual([]);
    for (const a of await auditOf(silverIds)) {
      expect(a).toMatchObject({ action: 'conflict.dismiss', after: { status: 'dismissed', resolution: { action: 'dismiss', by: 'admin-token', note: 'silver mug discontinued' } } });
    }
    // Dismissing runs nothing.
    expect((await db().query(`select 1 from graphile_worker.jobs where task_identifier = 'orders:resync'`)).rowCount).toBe(0);
  });

  it('the API refuses a bulk action without a backend, for an unknown one, an unknown flow, and a retry while disabled', async () => {
    const noBackend = await api.post<{ code: string }>('/api/conflicts/resolve', { action: 'retry', codes: ['SKU_UNMAPPED'] });
    expect(noBackend.status).toBe(400);
    expect(noBackend.body.code).toBe('BAD_REQUEST');
    const badCode = await api.post<{ code: string }>('/api/conflicts/resolve', { action: 'retry', backendId: stack.backendId, codes: ['drop table'] });
    expect(badCode.status).toBe(400);
    const unknown = await api.post<{ code: string }>('/api/conflicts/resolve', { action: 'dismiss', backendId: 4242 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('BACKEND_NOT_FOUND');
    const flow = await api.post<{ code: string; message: string }>('/api/conflicts/resolve', { action: 'retry', backendId: stack.backendId, flow: 'no-such-flow' });
    expect(flow.status).toBe(400);
    expect(flow.body.message).toContain('unknown flow "no-such-flow"');
    const anonymous = await api.post('/api/conflicts/resolve', { action: 'dismiss', backendId: stack.backendId }, { token: null });
    expect(anonymous.status).toBe(401);

    expect((await api.post(`/api/backends/${stack.backendId}/disable`, {})).status).toBe(200);
    try {
      const disabled = await api.post<{ code: string }>('/api/conflicts/resolve', { action: 'retry', backendId: stack.backendId });
      expect(disabled.status).toBe(409);
      expect(disabled.body.code).toBe('BACKEND_DISABLED');
    } finally {
      expect((await api.post(`/api/backends/${stack.backendId}/enable`, {})).status).toBe(200);
    }
  });

  it('the command line retries and dismisses with the same filters: a dry run, then by code and key, then as a process with --json', async () => {
    const since = await dbNow();
    const [first, second, third] = unmappedSkuOrders(3, 'LIMITED-BRONZE-MUG');
    await sweepAndImport(stack);
    const dry = memoryIo();
    const createdAfter = new Date(since);
    const base = { backend: 'bulk', codes: ['SKU_UNMAPPED'], kinds: null, flow: null, amazonKey: null, createdAfter, createdBefore: null, note: null, json: false };
    const counted = await conflictsCommand(stack.env, { ...base, action: 'retry', dryRun: true }, dry);
    expect(counted).toEqual({ exitCode: 0, result: { action: 'retry', dryRun: true, count: 3, byCode: { SKU_UNMAPPED: 3 } } });
    expect(dry.stdout).toEqual([`dry run: 3 open conflicts of #${stack.backendId} bulk would be retried (SKU_UNMAPPED 3)`]);

    const one = memoryIo();
    await conflictsCommand(stack.env, { ...base, action: 'retry', flow: 'orders', amazonKey: first!, note: 'try again', dryRun: false }, one);
    expect(one.stdout).toEqual([`retried 1 open conflicts of #${stack.backendId} bulk (SKU_UNMAPPED 1)`]);
    expect(await statusOf([first!], 'SKU_UNMAPPED')).toEqual([{ key: first, status: 'resolved' }]);
    const jobs = await db().query<{ order: string }>(`select j.payload->>'amazonOrderId' as order from graphile_worker._private_jobs j
         join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'orders:resync'`);
    expect(jobs.rows).toEqual([{ order: first }]);

    // As a user runs it: main.ts as a process, JSON on stdout, audited with the actor "cli".
    const { config } = stack.env;
    const env = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: config.databaseUrl,
      CONNECTOR_SECRET_KEY: config.secretKey.toString('base64'),
      AMAZON_ENDPOINT_OVERRIDE: config.amazonEndpoint ? `${config.amazonEndpoint.host}:${config.amazonEndpoint.port}` : '',
      LOG_LEVEL: 'warn',
    };
    const args = ['conflicts', 'dismiss', '--backend', String(stack.backendId), '--code', 'SKU_UNMAPPED', '--created-after', since, '--note', 'bronze mug never sold', '--json'];
    const { stdout, stderr } = await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), ['connector/src/cli/main.ts', ...args], { cwd: ROOT, env, timeout: 60_000 });
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({ action: 'dismiss', dryRun: false, count: 2, byCode: { SKU_UNMAPPED: 2 } });
    const closed = await statusOf([second!, third!], 'SKU_UNMAPPED');
    expect(closed.map((r) => r.status)).toEqual(['dismissed', 'dismissed']);
    const { rows } = await db().query<{ actor: string; action: string }>(
      `select a.actor, a.action from audit_log a join sync_conflict c on a.target = 'conflict:' || c.id where c.amazon_key = any($1::text[]) and c.code = 'SKU_UNMAPPED'`,
      [[second!, third!]],
    );
    expect(rows).toEqual([
      { actor: 'cli', action: 'conflict.dismiss' },
      { actor: 'cli', action: 'conflict.dismiss' },
    ]);
  });
});
