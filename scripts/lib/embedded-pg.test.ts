import { spawn } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedPgError, startEmbeddedPg } from './embedded-pg.ts';
import { rootPgHome } from './pg-binaries.ts';

const base = mkdtempSync(join(tmpdir(), 'aec-epg-'));
chmodSync(base, 0o755);
afterAll(() => rmSync(base, { recursive: true, force: true }));

async function select1(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query<{ n: number }>('select 1::int as n');
  await c.end();
  return r.rows[0]!.n;
}

describe('embedded PostgreSQL', () => {
  it('starts on a free loopback port and restarts over a stale server left by a killed run', async () => {
    const dataDir = join(base, 'cluster');
    // A child process starts the server and is then killed hard, as a crashed demo would be: its postgres lives on.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '-e', `import('${join(import.meta.dirname, 'embedded-pg.ts')}').then(m => m.startEmbeddedPg({ dataDir: ${JSON.stringify(dataDir)}, fast: true })).then(s => { console.log('URL ' + s.adminUrl); })`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const url = await new Promise<string>((ok, fail) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const m = /URL (\S+)/.exec(buf);
        if (m) ok(m[1]!);
      });
      child.on('exit', () => fail(new Error(`child exited before the server was up: ${buf}`)));
    });
    expect(await select1(url)).toBe(1);
    child.kill('SIGKILL');
    const stalePid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(() => process.kill(stalePid, 0)).not.toThrow();

    const again = await startEmbeddedPg({ dataDir, fast: true });
    try {
      expect(again.adminUrl).not.toBe(url);
      expect(await select1(again.adminUrl)).toBe(1);
      expect(() => process.kill(stalePid, 0)).toThrow();
    } finally {
      await again.stop();
    }
  }, 120_000);
});

describe('the root-owned folder for the programs copied for the postgres user', () => {
  it('is refused, with what to do, when another user owns it or others can write in it', () => {
    const dir = join(base, 'pg-home');
    mkdirSync(dir, { mode: 0o755 });
    // As root: hand it to `nobody`; as a normal user it is already not root's.
    if (userInfo().uid === 0) chownSync(dir, 65534, 65534);
    expect(() => rootPgHome(dir)).toThrow(EmbeddedPgError);
    expect(() => rootPgHome(dir)).toThrow(`remove it (rm -rf ${dir}) and start again, or set DATABASE_URL`);
    if (userInfo().uid === 0) {
      chownSync(dir, 0, 0);
      expect(rootPgHome(dir)).toBe(dir); // root's, 0755: taken
      chmodSync(dir, 0o777);
      expect(() => rootPgHome(dir)).toThrow(EmbeddedPgError);
    }
  });
});
