/** graphile-worker keeps its queue in its own schema; this installs or upgrades it. */
import { Logger, runMigrations } from 'graphile-worker';

// graphile-worker logs each migration step; the connector's own boot log says what matters.
const quietLogger = new Logger(() => () => {});

/** Creates or upgrades the `graphile_worker` schema at `url` (idempotent, safe with several processes). */
export async function runWorkerMigrations(url: string): Promise<void> {
  await runMigrations({ connectionString: url, logger: quietLogger });
}
