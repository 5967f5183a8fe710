/**
 * `npm start`: the demo. PostgreSQL (embedded in .data/ unless DATABASE_URL is set) and, as they land, the two
 * sandboxes, the connector's API and its worker, all on 127.0.0.1. Ctrl-C stops everything.
 */
import { join } from 'node:path';
import { startEmbeddedPg } from './lib/embedded-pg.ts';

const root = join(import.meta.dirname, '..');
const log = (l: string) => console.log(`[demo] ${l}`);

const external = process.env.DATABASE_URL;
const pgServer = external ? undefined : await startEmbeddedPg({ dataDir: join(root, '.data', 'pg-demo'), log });
log(external ? 'using DATABASE_URL' : `PostgreSQL ready on port ${pgServer!.port}`);

const shutdown = async () => {
  log('stopping');
  await pgServer?.stop();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
