import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPg } from './embedded-pg.ts';

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
