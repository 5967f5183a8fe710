/**
 * Databases for tests: every test file asks for its own fresh database on one shared server, so files run in
 * parallel without seeing each other and never touch the demo's. The server is TEST_DATABASE_URL's (an admin
 * URL of a real PostgreSQL) when given, else an embedded one started once per run by scripts/lib/vitest-global-setup.ts.
 * It lives in the product tree because db/testing.ts (the connector's unit tests) uses it: the product never
 * imports scripts/.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from './database-url.ts';

/** Creates a uniquely named, empty database; `drop()` removes it (forcing out stray connections). */
export async function createTestDatabase(adminUrl: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase().slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  return {
    url: withDatabase(adminUrl, name),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        // A pool that was just ended may still have connections closing: let them go first. Forcing them out
        // sends a FATAL error to a pg client that is already ending and has no listener left, which surfaces as
        // an uncaught exception in whatever test file runs at that moment.
        for (let i = 0; i < 40; i++) {
          const { rows } = await c.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
          if (!rows[0]?.n) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        await c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
