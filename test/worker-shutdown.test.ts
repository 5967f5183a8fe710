/**
 * Workers that stop in the middle of a sweep. The sweep is made to wait for its quota (searchOrders at one token
 * every 200 s, pages of 10): a worker told SIGTERM while it waits for its token exits within seconds (not after
 * the wait), keeps the page it had fetched, leaves the cursor where it was and its run interrupted; the next
 * worker retries the job and is killed with SIGKILL, which leaves its run `running` until a live worker's
 * heartbeat reaps it and closes it as interrupted; a command-line backfill waiting for the same quota is stopped
 * with Ctrl-C and closes its run as interrupted too; the live worker, once the quota allows, finishes the sweep.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const SLOW = { searchOrders: { rate: 0.005, burst: 1 } };

let state: (() => Promise<string>) | null = null;

async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`waited ${timeoutMs} ms for: ${what}${state ? `\n${await state()}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a worker stopped or killed during a sweep', () => {
  let stack: Stack;
  afterAll(async () => stack?.close());

  it('SIGKILL: the run is closed as interrupted; SIGTERM: exits in seconds from a quota wait; a new worker finishes', async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'shutdown', settings: { pageSize: 10, rateOverrides: SLOW } });
    const db = stack.env.db.pool;
    const now = Date.now();
    // Inside the first sweep's slice (the oldest day of the three-day look-back): several pages.
    const ids = stack.amazon.generateOrders({
      sellerId: stack.sellerId,
      count: 40,
      createdFrom: new Date(now - 3 * DAY + 30 * 60_000).toISOString(),
      createdTo: new Date(now - 2 * DAY - 30 * 60_000).toISOString(),
      fulfilledBy: 'MERCHANT',
      status: 'UNSHIPPED',
    });
    const sweepRuns = async () =>
      (await db.query<{ id: number; status: string; error_code: string | null; owner: string | null }>(
        `select id::int, status, error_code, owner from sync_run where backend_id = $1 and flow = 'orders.sweep' order by id`,
        [stack.backendId],
      )).rows;
    // The sweep's reservation for its next page: the shared bucket goes below zero while it waits.
    const waitingForToken = async (depth: number) =>
      Number((await db.query<{ t: string }>(`select min(tokens)::text as t from rate_bucket where operation = 'searchOrders'`)).rows[0]?.t ?? 0) < 0.5 - depth;
    state = async () => JSON.stringify({ runs: await sweepRuns(), buckets: (await db.query('select * from rate_bucket')).rows, calls: stack.amazon.calls().operations, workers: stack.workers.map((w) => w.tail()) });
    const stored = async () => (await db.query<{ n: number }>(`select count(*)::int as n from amazon_order where backend_id = $1`, [stack.backendId])).rows[0]!.n;

    // 1. Told to stop while its sweep waits for the second page's token (200 s away): gone within seconds.
    const stopped = stack.startWorker('worker-stopped');
    await waitUntil('the first sweep waits for its quota', 60_000, async () => (await sweepRuns()).some((r) => r.status === 'running') && (await waitingForToken(1)));
    const asked = Date.now();
    stopped.proc.kill('SIGTERM');
    const exit = await Promise.race([stopped.exited, new Promise<string>((r) => setTimeout(() => r('still running after 30 s'), 30_000))]);
    console.log(`worker exited ${Date.now() - asked} ms after SIGTERM (its next token was ~200 s away)`);
    expect(exit).toBe(0);
    // Stopped on purpose: not a crash for waitForIdle to report.
    stack.workers.splice(stack.workers.indexOf(stopped), 1);
    const [stoppedRun] = await sweepRuns();
    expect(stoppedRun).toMatchObject({ status: 'interrupted', error_code: 'INTERRUPTED' });
    // Resumable: the page it had fetched is stored, the cursor has not moved past anything unstored.
    expect(await stored()).toBe(10);
    expect((await db.query('select 1 from sweep_cursor where backend_id = $1', [stack.backendId])).rowCount).toBe(0);

    // 2. The next worker takes the interrupted job again (its first page's token now ~400 s away) and is killed hard.
    const doomed = stack.startWorker('worker-killed');
    await waitUntil('the second worker waits for its quota', 60_000, async () => (await sweepRuns()).some((r) => r.id !== stoppedRun!.id && r.status === 'running') && (await waitingForToken(2)));
    doomed.proc.kill('SIGKILL');
    await doomed.exited;
    const killedRun = (await sweepRuns()).at(-1)!;
    expect(killedRun).toMatchObject({ status: 'running' });

    // 2b. A backfill from the command line waits for its token too (~600 s now); Ctrl-C: it ends, its run interrupted.
    const { config } = stack.env;
    const cli = spawn(process.execPath, ['--import', 'tsx', 'connector/src/cli/main.ts', 'backfill', '--backend', String(stack.backendId), '--from', new Date(now - DAY).toISOString(), '--to', new Date(now - HOUR).toISOString()], {
      cwd: join(import.meta.dirname, '..'),
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: config.databaseUrl, CONNECTOR_SECRET_KEY: config.secretKey.toString('base64'), AMAZON_ENDPOINT_OVERRIDE: `127.0.0.1:${stack.amazon.port}`, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    const cliExit = new Promise<number | null>((ok) => cli.once('exit', (code) => ok(code)));
    const backfillRun = async () => (await db.query<{ status: string; error_code: string | null }>(`select status, error_code from sync_run where trigger = 'backfill'`)).rows[0];
    await waitUntil('the backfill waits for its quota', 60_000, async () => (await backfillRun())?.status === 'running' && (await waitingForToken(3)));
    cli.kill('SIGINT');
    expect(await cliExit).toBe(130);
    expect(await backfillRun()).toEqual({ status: 'interrupted', error_code: 'INTERRUPTED' });

    // 3. The quota is raised and a new worker starts: it reaps the dead one, whose run is closed as interrupted
    // (its job unlocked and taken again), and sweeps through to the present.
    await stack.env.core.backends.update(stack.backendId, { settings: { quota: { rateOverrides: { searchOrders: { rate: 5, burst: 100 } } } } });
    stack.startWorker('worker-new');
    await waitUntil('the dead worker run closed', 90_000, async () => (await sweepRuns()).find((r) => r.id === killedRun.id)!.status === 'interrupted');
    expect((await sweepRuns()).find((r) => r.id === killedRun.id)).toMatchObject({ status: 'interrupted', error_code: 'INTERRUPTED' });
    await waitUntil('the sweep caught up with the present', 120_000, async () =>
      ((await db.query(`select 1 from sweep_cursor where backend_id = $1 and last_updated_after > now() - interval '1 hour'`, [stack.backendId])).rowCount ?? 0) > 0,
    );
    await stack.waitForIdle(120_000, ids.length);
    const have = await db.query<{ id: string }>(`select amazon_order_id as id from amazon_order where backend_id = $1 and amazon_order_id = any($2::text[])`, [stack.backendId, ids]);
    expect(have.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const after = await sweepRuns();
    expect(after.filter((r) => r.status === 'running' && r.id <= killedRun.id)).toEqual([]);
    expect(after.some((r) => r.status === 'succeeded')).toBe(true);
  });
});
