/**
 * The PostgreSQL a bench runs on: BENCH_DATABASE_URL (an admin URL) when set, otherwise an embedded one in a
 * scratch folder (mode 0755: the postgres user it runs as must reach it, also under a root home of mode 0700),
 * stopped and removed when the run ends, whatever happens. A run's error is printed BEFORE the server stops: pools
 * it left open (a set-up that threw before its caller could close it) then fail with "terminating connection due to
 * administrator command", an unhandled pool error that ends the process before the first error would be shown.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPg } from '../scripts/lib/embedded-pg.ts';

export async function withBenchDb<T>(run: (adminUrl: string, scratch: string) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), 'aec-bench-'));
  chmodSync(scratch, 0o755);
  const pg = process.env.BENCH_DATABASE_URL ? null : await startEmbeddedPg({ dataDir: join(scratch, 'pg'), fast: true });
  try {
    return await run(process.env.BENCH_DATABASE_URL ?? pg!.adminUrl, scratch);
  } catch (e) {
    console.error('[bench] failed:', e);
    throw e;
  } finally {
    await pg?.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}
