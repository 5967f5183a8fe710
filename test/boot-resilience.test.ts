/**
 * Boot never dies, whatever the ERP does: two connector processes (API + worker each, real child processes) started
 * at once on a fresh database, their ERP answering 502 through a proxy. Both come up (migrations and the
 * bootstrap of the one backend are race-free), both answer /health with the backend degraded and the reason, and
 * once the ERP answers again the set-up is retried by itself, the backend is set up and its orders import.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../scripts/lib/test-db.ts';
import { sellerEnv } from '../scripts/lib/seller-env.ts';
import { startConnector, waitForHttp, type Child } from '../scripts/lib/processes.ts';
import { legacySellers, startAmazon } from './support/amazon.ts';
import { startErp } from './support/erp.ts';
import { freePort } from './support/connector-stack.ts';
import { startFailingProxy } from './support/failing-proxy.ts';

const RAISED_SEARCH = { rate: 5, burst: 100 };
interface HealthBody {
  status: string;
  database: string;
  backends: Array<{ id: number; name: string; state: string; code: string | null; message: string | null }>;
}

async function until(what: string, ms: number, check: () => Promise<boolean>, children: Child[]): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    for (const c of children) if (c.proc.exitCode !== null) throw new Error(`${c.name} exited ${c.proc.exitCode}:\n${c.tail()}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${children.map((c) => `${c.name}: ${c.tail()}`).join('\n')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('booting on a fresh database with the ERP down', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => {});
  });

  it('two processes at once both come up degraded, then heal by themselves when the ERP answers', async () => {
    const adminUrl = inject('pgAdminUrl');
    const erp = await startErp({ adminUrl, label: 'boot_erp' });
    cleanups.push(() => erp.close());
    const amazon = await startAmazon({ seed: 7, sellers: legacySellers(), usagePlans: { searchOrders: RAISED_SEARCH } });
    cleanups.push(() => amazon.close());
    const seller = amazon.sellers[1]!;
    amazon.generateOrders({ sellerId: seller.sellerId, count: 12 });
    const proxy = await startFailingProxy(erp.sandbox.url, { failing: true });
    cleanups.push(() => proxy.close());
    const db = await createTestDatabase(adminUrl, 'boot_conn');
    const pool = new pg.Pool({ connectionString: db.url, max: 2 });
    cleanups.push(() => db.drop());
    cleanups.push(() => pool.end());

    const env: Record<string, string> = {
      DATABASE_URL: db.url,
      CONNECTOR_SECRET_KEY: randomBytes(32).toString('base64'),
      CONNECTOR_ADMIN_TOKEN: randomBytes(18).toString('base64url'),
      AMAZON_ENDPOINT_OVERRIDE: `127.0.0.1:${amazon.port}`,
      CONNECTOR_WORKER_CONCURRENCY: '2',
      CONNECTOR_SETUP_RETRY_FIRST_SECONDS: '1',
      CONNECTOR_SETUP_RETRY_MAX_SECONDS: '2',
      LOG_LEVEL: 'warn',
      BACKEND_NAME: 'boot-race',
      ...sellerEnv(seller),
      ODOO_URL: proxy.url,
      ODOO_DB: erp.sandbox.dbName,
      ODOO_API_KEY: erp.sandbox.apiKey,
      BACKEND_SETTINGS: JSON.stringify({ sweepIntervalSeconds: 2, rateOverrides: { searchOrders: RAISED_SEARCH }, erpSetup: { createMissing: true } }),
    };
    const ports = [await freePort(), await freePort()];
    // Started in the same tick: both migrate, bootstrap the same backend and try its set-up together.
    const children = ports.map((port, i) => startConnector(`boot-${i}`, { ...env, CONNECTOR_API_PORT: String(port) }, { quiet: !process.env.STACK_VERBOSE }));
    cleanups.push(() => Promise.all(children.map((c) => c.stop())));
    for (const [i, port] of ports.entries()) await waitForHttp(`http://127.0.0.1:${port}/health`, children[i], 90_000);
    const health = async (port: number) => (await (await fetch(`http://127.0.0.1:${port}/health`)).json()) as HealthBody;

    // Up, and saying why it is degraded: the set-up failed on the ERP's 502 and waits for its next attempt.
    await until('both degraded with the reason', 30_000, async () => (await Promise.all(ports.map(health))).every((h) => h.backends.length === 1), children);
    for (const port of ports) {
      const h = await health(port);
      expect(h).toMatchObject({ status: 'degraded', database: 'up' });
      expect(h.backends).toEqual([expect.objectContaining({ name: 'boot-race', state: 'failing', code: 'ERP_UNAVAILABLE', message: expect.stringContaining('HTTP 502') })]);
    }
    const backends = await pool.query<{ id: number; set_up_at: Date | null }>('select id, set_up_at from backend');
    expect(backends.rows).toEqual([{ id: expect.any(Number), set_up_at: null }]);
    const backendId = backends.rows[0]!.id;
    // Not set up: not swept either (its orders would only become SETUP_INCOMPLETE attempts).
    const stored = async () => (await pool.query<{ n: number }>('select count(*)::int as n from amazon_order where backend_id = $1', [backendId])).rows[0]!.n;
    expect(await stored()).toBe(0);
    // Retried with its backoff, not once and given up.
    const refusedBefore = proxy.refused;
    await until('another set-up attempt', 30_000, async () => proxy.refused > refusedBefore, children);

    proxy.failing = false;
    await until('the orders imported', 90_000, async () => {
      const { rows } = await pool.query<{ n: number }>(`select count(*)::int as n from amazon_order where backend_id = $1 and sync_state = 'imported'`, [backendId]);
      return rows[0]!.n > 0;
    }, children);
    const after = await pool.query<{ set_up_at: Date | null }>('select set_up_at from backend where id = $1', [backendId]);
    expect(after.rows[0]!.set_up_at).toBeInstanceOf(Date);
    await until('healthy again', 30_000, async () => (await Promise.all(ports.map(health))).every((h) => h.status === 'ok'), children);
    const setupIncomplete = await pool.query(`select code from sync_conflict where backend_id = $1 and code = 'SETUP_INCOMPLETE'`, [backendId]);
    expect(setupIncomplete.rows).toEqual([]);
    for (const c of children) expect(c.proc.exitCode).toBeNull();
  });
});
