/**
 * Databases for tests: every test file asks for its own fresh database on one shared server, so files run in
 * parallel without seeing each other and never touch the demo's. The server is TEST_DATABASE_URL's (an admin
 * URL of a real PostgreSQL) when given, else an embedded one started once per run by the global setup below.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { withDatabase } from './embedded-pg.ts';

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
        await c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}
