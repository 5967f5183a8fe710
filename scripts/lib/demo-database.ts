/**
 * The demo's databases: the connector's, or the ERP sandbox's. With DATABASE_URL both are on that server (the
 * sandbox's created beside it when missing), so nothing needs the embedded PostgreSQL; without it, both are on the
 * embedded one (in `.data/pg-demo`, started on first use).
 */
import { join } from 'node:path';
import { ensureDatabase, startEmbeddedPg, type RunningPg } from './embedded-pg.ts';
import { data, log } from './demo-context.ts';

let pgServer: RunningPg | undefined;

export async function database(name: string): Promise<string> {
  const given = process.env.DATABASE_URL;
  if (given && name === 'aec_connector') return given;
  if (given) {
    return ensureDatabase(given, name).catch((e: unknown) => {
      throw new Error(
        `the ERP sandbox needs a database "${name}" on the server of DATABASE_URL and could not make it ` +
          `(${(e as Error).message}): create it (createdb ${name}) or let DATABASE_URL's user create databases`,
      );
    });
  }
  pgServer ??= await startEmbeddedPg({ dataDir: join(data, 'pg-demo'), log });
  return ensureDatabase(pgServer.adminUrl, name);
}

/** Stops the embedded PostgreSQL when the demo started one. */
export async function stopDatabase(): Promise<void> {
  await pgServer?.stop();
}
