/** graphile-worker keeps its queue in its own schema; this installs or upgrades it. */
import { Logger, runMigrations } from 'graphile-worker';
import { withMigrationLock } from './database.ts';

// graphile-worker logs each migration step; the connector's own boot log says what matters.
const quietLogger = new Logger(() => () => {});

/**
 * Creates or upgrades the `graphile_worker` schema at `url` (idempotent). Under the connector's migration lock:
 * two processes creating the schema at once can collide in PostgreSQL's catalogue (`create schema if not exists`
 * is not atomic against a concurrent one).
 */
export async function runWorkerMigrations(url: string): Promise<void> {
  await withMigrationLock(url, () => runMigrations({ connectionString: url, logger: quietLogger }));
}
