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

/**
 * Creates a uniquely named database, empty or a copy of `template` (see templateDatabase); `drop()` removes it
 * (forcing out stray connections).
 */
export async function createTestDatabase(adminUrl: string, label: string, template?: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase().slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${client.escapeIdentifier(name)}${template ? ` template ${client.escapeIdentifier(template)}` : ''}`);
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
        await untilUnused(c, name);
        await c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * The name of a template database of this test run, built once by `build(url)` the first time a test file asks
 * for `key` (under an advisory lock: files running at once wait for the one building it). Copying a template
 * (`createTestDatabase(adminUrl, label, template)`) takes a fraction of a second where a fresh seed or
 * migration takes seconds. `runId` names the run: templates of earlier runs on a shared server are never used
 * (the code that built them may have changed), and the run's global teardown drops its own.
 */
export async function templateDatabase(adminUrl: string, runId: string, key: string, build: (url: string) => Promise<void>): Promise<string> {
  const name = `tpl_${key.replace(/[^a-z0-9]/gi, '_').toLowerCase().slice(0, 40)}_${runId}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query('select pg_advisory_lock(hashtext($1))', [name]);
    const { rows } = await c.query('select 1 from pg_database where datname = $1', [name]);
    if (rows.length === 0) {
      await c.query(`create database ${c.escapeIdentifier(name)}`);
      try {
        await build(withDatabase(adminUrl, name));
        // Copying needs a template nobody is connected to: the builder's pools may still be closing.
        await untilUnused(c, name);
        await c.query(`alter database ${c.escapeIdentifier(name)} with is_template true allow_connections false`);
      } catch (e) {
        await c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`);
        throw e;
      }
    }
    return name;
  } finally {
    await c.end();
  }
}

/** Drops the templates of run `runId` (its global teardown, on a server that outlives the run). */
export async function dropTemplates(adminUrl: string, runId: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ datname: string }>("select datname from pg_database where datname like 'tpl\\_%' and datname like $1", [`%\\_${runId}`]);
    for (const { datname } of rows) {
      await c.query(`alter database ${c.escapeIdentifier(datname)} with is_template false`);
      await c.query(`drop database if exists ${c.escapeIdentifier(datname)} with (force)`);
    }
  } finally {
    await c.end();
  }
}

/** Waits (up to 2 s) until no connection to `name` is left. */
async function untilUnused(c: pg.Client, name: string): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const { rows } = await c.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
    if (!rows[0]?.n) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
