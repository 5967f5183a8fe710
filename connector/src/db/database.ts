/**
 * Opens the connector's database: migrates it up (under an advisory lock, so an API and a worker booting together
 * never race), then hands out the ORM for ordinary reads and writes and a plain pg.Pool for the hot paths
 * (bindings, buckets, locks, the step log) where one hand-written statement beats a unit of work.
 */
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { ormConfig } from './orm-config.ts';

export interface Database {
  /** The URL it was opened with (graphile-worker and extra pools connect with it too). */
  url: string;
  orm: MikroORM;
  /** A fresh EntityManager (own identity map) per request or job: never share one across them. */
  em(): EntityManager;
  /** Raw SQL for hot paths. */
  pool: pg.Pool;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Connections of the raw pool (default 10). */
  poolMax?: number;
  /** Connections of the ORM's own pool (default 4). */
  ormPoolMax?: number;
  /** Skip migrating (a read-only tool on an already migrated database). */
  migrate?: boolean;
}

// Fixed key of the migration lock (any bigint; hashed from the text 'aec:migrations' once and written down).
const MIGRATION_LOCK_KEY = '7436159023412339001';

/** Opens (and by default migrates) the connector database at `url`. */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.migrate !== false) await migrateUp(url);
  const orm = await MikroORM.init(ormConfig(url, options.ormPoolMax ?? 4));
  const pool = new pg.Pool({ connectionString: url, max: options.poolMax ?? 10 });
  // An idle client that loses its server (restart, failover) must not crash the process.
  pool.on('error', () => {});
  // A connection that dies while idle in the pool (server restart) must not crash the process; the next query
  // gets a fresh one. graphile-worker checks for these handlers too.
  pool.on('connect', (client) => client.on('error', () => {}));
  return {
    url,
    orm,
    em: () => orm.em.fork(),
    pool,
    async close() {
      await Promise.all([orm.close(true), pool.end()]);
    },
  };
}

/** Applies every pending migration of `migrations/` (or up to `to`, for tests of an upgrade), one process at a time. */
export async function migrateUp(url: string, options: { to?: string } = {}): Promise<string[]> {
  return withMigrationLock(url, async () => {
    const orm = await MikroORM.init({ ...ormConfig(url, 1), ensureDatabase: false });
    try {
      const done = await orm.getMigrator().up(options.to ? { to: options.to } : undefined);
      return done.map((m) => m.name);
    } finally {
      await orm.close(true);
    }
  });
}

/**
 * Runs `fn` holding the migration lock: processes booting together on a fresh database migrate one after the
 * other (the second finds nothing left to do), the connector's schema and graphile-worker's alike.
 */
export async function withMigrationLock<T>(url: string, fn: () => Promise<T>): Promise<T> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    // Session lock held while the migrator runs in its own connection; released by unlock or by disconnect.
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await fn();
  } finally {
    await lock.end();
  }
}
