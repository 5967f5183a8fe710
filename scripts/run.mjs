#!/usr/bin/env node
// The README's two commands land here (`npm start`, `npm test`). Plain Node, no dependencies: it must work on a
// fresh machine that has only Node 20 and npm. It brings pnpm into .tools/ (corepack cannot fetch it here),
// installs the workspace, then runs the demo, the checks or the whole test suite.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function must(cmd, args, opts) {
  const code = run(cmd, args, opts);
  if (code !== 0) process.exit(code);
}

function pnpmBin() {
  const local = join(root, '.tools', 'node_modules', '.bin', 'pnpm');
  if (existsSync(local)) return local;
  const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (onPath.status === 0 && onPath.stdout.trim() === PNPM_VERSION) return 'pnpm';
  console.log(`[run] installing pnpm ${PNPM_VERSION} into .tools/`);
  must('npm', ['install', '--prefix', join(root, '.tools'), '--no-audit', '--no-fund', '--loglevel=error',
    `pnpm@${PNPM_VERSION}`]);
  return local;
}

const task = process.argv[2] ?? 'start';
const pnpm = pnpmBin();
must(pnpm, ['install', '--frozen-lockfile', '--reporter=append-only'], {
  env: { ...process.env, CI: process.env.CI ?? 'true' },
});

switch (task) {
  case 'install':
    break;
  case 'start':
    process.exit(run(pnpm, ['exec', 'tsx', 'scripts/demo.ts', ...process.argv.slice(3)]));
    break;
  case 'check':
    process.exit(run(pnpm, ['exec', 'tsx', 'scripts/check.ts']));
    break;
  case 'test': {
    must(pnpm, ['exec', 'tsx', 'scripts/check.ts']);
    process.exit(run(pnpm, ['exec', 'tsx', 'scripts/test.ts', ...process.argv.slice(3)]));
    break;
  }
  default:
    console.error(`unknown task ${task}: use start | test | check | install`);
    process.exit(2);
}
