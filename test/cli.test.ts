/**
 * The command line against a whole installation (both sandboxes over HTTP, a real PostgreSQL, a real worker
 * process): the command functions are called with the booted connector exactly as `cli/main.ts` calls them.
 * A backfill fetches the window's orders page by page after an estimate; `status` shows what the database holds;
 * `resync` imports an order no sweep has seen yet and reports a conflict with its code; `setup` reports plainly.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { backfillCommand } from '../connector/src/cli/backfill.command.ts';
import { memoryIo } from '../connector/src/cli/cli-io.ts';
import { CliError } from '../connector/src/cli/cli-error.ts';
import { resyncCommand } from '../connector/src/cli/resync.command.ts';
import { setupCommand } from '../connector/src/cli/setup.command.ts';
import { statusCommand } from '../connector/src/cli/status.command.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { swapSkuPatch } from './support/order-edits.ts';
import { expectationOf, type SandboxOrder } from './support/expected-orders.ts';
import { INACTIVE_MARKETPLACES, merchantOrders } from './support/verify-import.ts';

const HOUR = 3600_000;
const ROOT = join(import.meta.dirname, '..');

/** Runs `cli/main.ts` as a user would, as a child process with the connector's environment. */
async function runCli(stack: Stack, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { config } = stack.env;
  const env = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: config.databaseUrl,
    CONNECTOR_SECRET_KEY: config.secretKey.toString('base64'),
    AMAZON_ENDPOINT_OVERRIDE: config.amazonEndpoint ? `${config.amazonEndpoint.host}:${config.amazonEndpoint.port}` : '',
    LOG_LEVEL: 'warn',
  };
  try {
    const { stdout, stderr } = await promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), ['connector/src/cli/main.ts', ...args], { cwd: ROOT, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof err.code === 'number' ? err.code : -1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}
const SEK_MARKETPLACE = 'A2NODRKZP88ZB9';

describe('command line', () => {
  let stack: Stack;
  let backend: string;
  let merchant: number;
  beforeAll(async () => {
    // The worker sweeps every 2 s here: at the documented searchOrders rate they would soon drain the bucket that
    // the backfills share with them, so this backend has an override (which the estimate must then report).
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'cli', settings: { rateOverrides: { searchOrders: { rate: 2, burst: 40 } } } });
    backend = String(stack.backendId);
  });
  afterAll(async () => stack?.close());

  it('backfill prints an estimate, then fetches every order of the window page by page and enqueues them', async () => {
    const now = Date.now();
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 45, createdFrom: new Date(now - 3 * HOUR).toISOString(), createdTo: new Date(now - 2 * HOUR).toISOString() });
    merchant = merchantOrders(stack, ids);
    const io = memoryIo();
    const { exitCode, result } = await backfillCommand(stack.env, { backend, from: new Date(now - 4 * HOUR), to: new Date(now), pageSize: 10, json: false }, io);

    expect(exitCode).toBe(0);
    expect(result.sweep).toMatchObject({ fetched: merchant, changed: merchant, malformed: 0 });
    expect(result.sweep.pages).toBeGreaterThanOrEqual(Math.ceil(merchant / 10));
    // Before: the window, the quota (the backend's override, a full bucket) and, with no sweep run yet, no page count.
    expect(io.stdout[0]).toBe(`backfill of #${stack.backendId} cli: orders changed from ${new Date(now - 4 * HOUR).toISOString()} to ${result.window.to}`);
    expect(io.stdout[1]).toBe("searchOrders quota: 2/s (the backend's override), burst 40, 40 available now; 10 orders a page");
    // The workers sweep this backend from the same bucket, once caught up every 2 s (the stack's setting, honoured
    // since the one settings schema): 1 call every 2 s + 0.5 s (a token's wait behind the backfill) = 1440 an hour.
    expect(io.stdout[2]).toBe(
      "estimate: unknown (no sweep has covered this window yet); at most 5800 pages (58000 orders) in the first hour, 5760 pages an hour after that; counting the workers' sweeps (about 1440 pages an hour: 1 backend of this seller every 2 s, 1 page a sweep)",
    );
    expect(io.stdout.at(-1)).toMatch(new RegExp(`^done in \\d+ s: ${merchant} orders in ${result.sweep.pages} pages, ${merchant} new or changed`));
    // --to was "now": clamped, with a warning; then one progress line per page (no terminal here).
    expect(io.stderr[0]).toMatch(/^warning: --to .* is less than two minutes ago/);
    expect(Date.parse(result.window.to)).toBeLessThanOrEqual(now - 120_000);
    // One line per page, the last one once (pages are stored 200 orders at a time: the sweep reports the last page
    // again when its batch is stored; the "done" line has the final counts). No page count: no time left shown.
    const pages = io.stderr.slice(1);
    expect(pages).toHaveLength(result.sweep.pages);
    expect(pages[0]).toMatch(/^page 1: 10 orders fetched, 0 changed, 0 malformed \(\d+\.\d s\)$/);
    expect(pages.map((l) => Number(/^page (\d+):/.exec(l)?.[1]))).toEqual(Array.from({ length: result.sweep.pages }, (_, i) => i + 1));
    expect(pages.at(-1)).toMatch(new RegExp(`^page ${result.sweep.pages}: ${merchant} orders fetched`));

    // What a user would check in the store: every order there, queued for the workers; the cursor untouched.
    const db = stack.env.db.pool;
    const stored = await db.query<{ n: number }>(`select count(*)::int as n from amazon_order where backend_id = $1 and sync_state = 'queued'`, [stack.backendId]);
    expect(stored.rows[0]!.n).toBe(merchant);
    const jobs = await db.query<{ ids: number }>(`select coalesce(sum(json_array_length(j.payload->'amazonOrderIds')), 0)::int as ids
         from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'orders:import'`);
    expect(jobs.rows[0]!.ids).toBe(merchant);
    const cursor = await db.query(`select 1 from sweep_cursor where backend_id = $1`, [stack.backendId]);
    expect(cursor.rowCount).toBe(0);
    const run = await db.query<{ trigger: string; status: string }>(`select trigger, status from sync_run where backend_id = $1 and flow = 'orders.sweep'`, [stack.backendId]);
    expect(run.rows).toEqual([{ trigger: 'backfill', status: 'succeeded' }]);
  });

  it('status shows the cursor, the last sweep, the orders by outcome and the conflicts by code as the database holds them', async () => {
    const before = memoryIo();
    const first = await statusCommand(stack.env, { backend: null, json: false }, before);
    expect(first.result).toEqual([
      {
        id: stack.backendId,
        name: 'cli',
        state: 'active',
        cursor: null,
        lastSweep: { at: expect.any(String), status: 'succeeded' },
        orders: { imported: 0, waiting: merchant, failed: 0 },
        flows: { orders: expect.any(Object), invoices: {}, shipments: {}, cancellations: {}, 'merchant-stock': {}, feeds: {}, refunds: {}, 'refund-adjustments': {}, 'fba-returns': {}, returns: {}, care: {}, labels: {}, 'review-requests': {}, 'buyer-messages': {}, 'account-health': {}, settlements: {} },
        openConflicts: {},
        health: { state: 'ok', code: null, message: null, since: null },
      },
    ]);
    expect(before.stdout[0]).toMatch(/^ID\s+BACKEND\s+STATE\s+CURSOR\s+LAST SWEEP\s+ORDERS\s+INVOICES\s+SHIPMENTS\s+CANCELLATIONS\s+REFUNDS\s+REFUND-ADJUSTMENTS\s+FBA-RETURNS\s+RETURNS\s+CARE\s+LABELS\s+REVIEW-REQUESTS\s+BUYER-MESSAGES\s+ACCOUNT-HEALTH\s+SETTLEMENTS\s+MERCHANT-STOCK\s+FEEDS\s+OPEN CONFLICTS\s+HEALTH$/);
    // Before any worker ran, every order of the window waits for its import job (queued).
    expect(first.result[0]!.flows.orders).toEqual({ queued: merchant });
    expect(before.stdout[1]).toMatch(new RegExp(`^\\s*${stack.backendId}\\s+cli\\s+active\\s+-\\s+\\S+ \\S+Z succeeded\\s+queued ${merchant}\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0\\s+ok$`));

    stack.startWorker('cli-worker');
    await stack.waitForIdle(180_000, merchant);
    // The worker's own sweeps start too (every 2 s here, the three-day look-back in slices of a day): wait for
    // them to have caught up with the present.
    const caughtUp = `select 1 from sweep_cursor where backend_id = $1 and last_updated_after > now() - interval '10 minutes'`;
    for (let i = 0; i < 120 && !(await stack.env.db.pool.query(caughtUp, [stack.backendId])).rowCount; i++) {
      await new Promise((r) => setTimeout(r, 250));
    }

    const io = memoryIo();
    const { result } = await statusCommand(stack.env, { backend: 'cli', json: true }, io);
    const parsed = JSON.parse(io.stdout.join('\n')) as typeof result;
    expect(parsed).toEqual(result);
    const db = stack.env.db.pool;
    const states = await db.query<{ state: string; n: number }>(`select sync_state as state, count(*)::int as n from amazon_order where backend_id = $1 group by 1`, [stack.backendId]);
    const byState = Object.fromEntries(states.rows.map((r) => [r.state, r.n]));
    const conflicts = await db.query<{ code: string; n: number }>(`select code, count(*)::int as n from sync_conflict where backend_id = $1 and status = 'open' group by 1`, [stack.backendId]);
    const cursor = await db.query<{ at: Date }>(`select last_updated_after as at from sweep_cursor where backend_id = $1`, [stack.backendId]);
    const s = result[0]!;
    expect(s.orders).toEqual({ imported: byState.imported ?? 0, waiting: (byState.waiting ?? 0) + (byState.queued ?? 0), failed: byState.failed ?? 0 });
    expect(s.orders.imported).toBeGreaterThan(merchant / 3);
    expect(s.flows).toEqual({ orders: byState, invoices: {}, shipments: {}, cancellations: {}, feeds: {}, 'merchant-stock': {}, refunds: {}, 'refund-adjustments': {}, 'fba-returns': {}, returns: {}, care: {}, labels: {}, 'review-requests': {}, 'buyer-messages': {}, 'account-health': {}, settlements: {} });
    expect(s.openConflicts).toEqual(Object.fromEntries(conflicts.rows.map((r) => [r.code, r.n])));
    expect(s.cursor).toBe(cursor.rows[0]!.at.toISOString());
    expect(s.lastSweep?.status).toMatch(/^(succeeded|running)$/);
  });

  it('a second backfill of the same window estimates its pages from the stored orders and enqueues nothing', async () => {
    const now = Date.now();
    const io = memoryIo();
    const { result } = await backfillCommand(stack.env, { backend: 'cli', from: new Date(now - 4 * HOUR), to: new Date(now - 10 * 60_000), pageSize: 10, json: true }, io);
    expect(JSON.parse(io.stdout.join('\n'))).toMatchObject({ backendId: stack.backendId, sweep: { fetched: merchant, changed: 0 } });
    // With a page count, each page line says how long is left.
    expect(io.stderr.filter((l) => l.startsWith('page '))).toHaveLength(result.sweep.pages);
    expect(io.stderr.find((l) => l.startsWith('page 1:'))).toMatch(/\(\d+\.\d s, about \d+ s left\)$/);
    // The sweeps covered the whole window: the estimate is the stored count, in pages of 10.
    expect(result.estimate.orders).toBe(merchant);
    expect(result.estimate.pages).toBe(Math.ceil(merchant / 10));
    expect(io.stderr.find((l) => l.startsWith('estimate:'))).toMatch(
      new RegExp(
        `^estimate: about ${merchant} orders in ${Math.ceil(merchant / 10)} pages \\(from the orders already stored\\), no wait for quota; ` +
          "counting the workers' sweeps \\(about \\d+ pages an hour: 1 backend of this seller every 2 s, [\\d.]+ pages? a sweep\\)$",
      ),
    );
  });

  it('resync imports an order no sweep has seen yet, and reports a conflict with its code and message', async () => {
    // Changed "now": the sweeps only look up to two minutes ago, so only the resync can bring these in.
    const at = new Date().toISOString();
    const fresh = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 12, createdFrom: at, createdTo: at, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', marketplaceId: 'A1PA6795UKMFR9' });
    const importable = fresh.find((id) => expectationOf(stack.amazon.getOrder(id).order as unknown as SandboxOrder, INACTIVE_MARKETPLACES).kind === 'import');
    expect(importable).toBeDefined();
    const io = memoryIo();
    const ok = await resyncCommand(stack.env, { backend: 'cli', order: importable!, timeoutMs: 60_000, json: false }, io);
    const [so] = await stack.erpClient.searchRead('sale.order', [['client_order_ref', '=', importable!]], ['name', 'state']);
    expect(so).toMatchObject({ state: 'sale' });
    expect(ok.exitCode).toBe(0);
    expect(ok.result).toMatchObject({ state: 'imported', erp: { id: so!.id, name: so!.name } });
    expect(io.stdout).toEqual([`order ${importable}: imported as ${String(so!.name)} (sale.order ${so!.id})`]);

    // An order whose SKU the ERP does not know: a conflict, never a sales order.
    const [sek] = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 1, createdFrom: at, createdTo: at, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', marketplaceId: SEK_MARKETPLACE });
    stack.amazon.updateOrder(sek!, swapSkuPatch(stack.amazon.getOrder(sek!).order as Record<string, unknown>, 'LIMITED-GOLD-MUG'));
    const io2 = memoryIo();
    const bad = await resyncCommand(stack.env, { backend: 'cli', order: sek!, timeoutMs: 60_000, json: false }, io2);
    expect(bad.exitCode).toBe(1);
    expect(bad.result).toMatchObject({ state: 'conflict', erp: null, conflict: { code: 'SKU_UNMAPPED' } });
    expect(io2.stdout[0]).toMatch(new RegExp(`^order ${sek}: conflict SKU_UNMAPPED: \\S`));
    expect(await stack.erpClient.searchRead('sale.order', [['client_order_ref', '=', sek!]], ['name'])).toEqual([]);
  });

  it('resync of an order Amazon does not know fails with its code; an unknown backend too', async () => {
    const err = await resyncCommand(stack.env, { backend: 'cli', order: '999-0000000-0000000', timeoutMs: 5_000, json: false }, memoryIo()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AMAZON_NOT_FOUND' });
    const missing = await statusCommand(stack.env, { backend: 'nope', json: false }, memoryIo()).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'BACKEND_NOT_FOUND' });
    const window = await backfillCommand(stack.env, { backend: 'cli', from: new Date(), to: new Date(Date.now() + HOUR), pageSize: null, json: false }, memoryIo()).catch((e: unknown) => e);
    expect(window).toBeInstanceOf(CliError);
    expect(window).toMatchObject({ code: 'CLI_WINDOW_INVALID' });
  });

  it('setup finds what the boot created and reports the inactive currency as a problem', async () => {
    // The boot's set-up had consent and activated SEK; an ERP user deactivates it again, and a run without consent
    // reports it instead of activating it.
    const sek = await stack.erpClient.search('res.currency', [['name', '=', 'SEK']]);
    await stack.erpClient.write('res.currency', sek, { active: false });
    const io = memoryIo();
    const { exitCode, result } = await setupCommand(stack.env, { backend: 'cli', json: false, createMissing: false }, io);
    expect(result.created).toEqual([]);
    expect(result.found.length).toBeGreaterThan(3);
    expect(result.problems.map((p) => p.code)).toContain('CURRENCY_INACTIVE');
    expect(exitCode).toBe(1);
    expect(io.stdout).toContain('created: 0');
    expect(io.stdout).toContain(`found (already there): ${result.found.length}`);
    expect(io.stdout.some((l) => /^ {2}CURRENCY_INACTIVE: .*SEK/.test(l))).toBe(true);
    expect(io.stdout.at(-1)).toBe('set-up incomplete: fix the problems above in the ERP, then run setup again');
  });

  it('main.ts, run as a process: --json on stdout, errors as "error CODE" with their exit status, and it exits by itself', async () => {
    const status = await runCli(stack, ['status', '--backend', 'cli', '--json']);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    const [s] = JSON.parse(status.stdout) as Array<{ id: number; orders: { imported: number } }>;
    const { rows } = await stack.env.db.pool.query<{ n: number }>(`select count(*)::int as n from amazon_order where backend_id = $1 and sync_state = 'imported'`, [stack.backendId]);
    expect(s).toMatchObject({ id: stack.backendId, orders: { imported: rows[0]!.n } });

    const usage = await runCli(stack, ['backfill', '--backend', 'cli', '--from', '2026-03-02', '--to', '2026-03-01']);
    expect(usage).toMatchObject({ code: 2, stdout: '' });
    expect(usage.stderr).toMatch(/^error CLI_WINDOW_INVALID: --from \(2026-03-02T00:00:00.000Z\) must be before --to/);
    const missing = await runCli(stack, ['setup', '--backend', '4242']);
    expect(missing).toMatchObject({ code: 1, stderr: 'error BACKEND_NOT_FOUND: backend 4242 does not exist\n' });
  });
});
