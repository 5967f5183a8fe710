/**
 * Vitest global setup: one real PostgreSQL for the whole run, handed to test files as `inject('pgAdminUrl')`.
 * TEST_DATABASE_URL (an admin URL) wins; otherwise an embedded server in a throw-away folder of this run. Folders
 * of earlier runs whose owner process is gone (a killed run) are stopped and removed first; those of a run still
 * going on are left alone, so two test runs on one machine never stop each other's server. A server that cannot
 * start fails the run with embedded-pg.ts's message (what to do), not a stack trace.
 */
import type { TestProject } from 'vitest/node';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startEmbeddedPg, stopStaleServer, type RunningPg } from './embedded-pg.ts';
import { dropTemplates } from './test-db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    /** Names this run's template databases (test-database.ts `templateDatabase`). */
    testRunId: string;
  }
}

const PREFIX = 'aec-pgtest-';
let server: RunningPg | undefined;
let folder: string | undefined;
let shared: { adminUrl: string; runId: string } | undefined;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function sweepDeadRuns(log: (l: string) => void): Promise<void> {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    const ownerFile = join(dir, 'owner.pid');
    const owner = existsSync(ownerFile) ? Number(readFileSync(ownerFile, 'utf8')) : 0;
    if (owner && alive(owner)) continue;
    await stopStaleServer(join(dir, 'cluster'), log);
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function setup(project: TestProject): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const log = (l: string) => console.log(`[test-db] ${l}`);
    await sweepDeadRuns(log);
    folder = mkdtempSync(join(tmpdir(), PREFIX));
    chmodSync(folder, 0o755);
    writeFileSync(join(folder, 'owner.pid'), String(process.pid));
    server = await startEmbeddedPg({ dataDir: join(folder, 'cluster'), fast: true, log });
    adminUrl = server.adminUrl;
  }
  const runId = randomBytes(4).toString('hex');
  // On a server that outlives the run, its templates are dropped at teardown (the embedded one goes whole).
  if (process.env.TEST_DATABASE_URL) shared = { adminUrl, runId };
  project.provide('pgAdminUrl', adminUrl);
  project.provide('testRunId', runId);
}

export async function teardown(): Promise<void> {
  if (shared) await dropTemplates(shared.adminUrl, shared.runId).catch((e: Error) => console.log(`[test-db] templates not dropped: ${e.message}`));
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
  // As root with a TMPDIR the postgres user cannot enter, the cluster was moved out of the folder (embedded-pg.ts).
  if (server && folder && !server.dataDir.startsWith(folder)) {
    rmSync(server.dataDir, { recursive: true, force: true });
    rmSync(`${server.dataDir}.meta.json`, { force: true });
  }
}
