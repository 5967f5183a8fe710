/**
 * The bootstrap `npm start` does, alone, for the "two commands, anywhere" test (bootstrap-anywhere.test.ts):
 * embedded PostgreSQL initialised with its data in `<cwd>/.data/pg`, the connector's database, then the connector
 * process until /health answers. Prints one `BOOTED {json}` line (who ran it, where the data went) and stops
 * everything; a start-up problem is printed as its message alone, exit 1.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { EmbeddedPgError, ensureDatabase, freePort, startEmbeddedPg } from './embedded-pg.ts';
import { startConnector, waitForHttp } from './processes.ts';

const log = (l: string) => console.log(`[probe] ${l}`);

try {
  const pg = await startEmbeddedPg({ dataDir: join(process.cwd(), '.data', 'pg'), fast: true, log });
  try {
    const port = await freePort();
    const connector = startConnector('connector', {
      DATABASE_URL: await ensureDatabase(pg.adminUrl, 'aec_connector'),
      CONNECTOR_SECRET_KEY: randomBytes(32).toString('base64'),
      CONNECTOR_ADMIN_TOKEN: randomBytes(16).toString('hex'),
      CONNECTOR_API_PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    try {
      await waitForHttp(`http://127.0.0.1:${port}/health`, connector, 120_000);
      console.log(`BOOTED ${JSON.stringify({ uid: process.getuid?.(), dataDir: pg.dataDir })}`);
    } finally {
      await connector.stop();
    }
  } finally {
    await pg.stop();
  }
} catch (e) {
  console.error(e instanceof EmbeddedPgError ? e.message : e);
  process.exitCode = 1;
}
