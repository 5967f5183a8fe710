#!/usr/bin/env node
// The README's two commands land here (`npm start`, `npm test`). Plain Node, no dependencies: it must work on a
// fresh machine that has only Node 20 and npm. It brings pnpm into .tools/ (corepack cannot fetch it here),
// installs the workspace, then runs the demo, the checks or the whole test suite.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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

/** Newest modification time under `path` (a file or a folder, node_modules and dist left out). */
function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === 'dist') continue;
    max = Math.max(max, newest(join(path, name)));
  }
  return max;
}

/** Builds the admin panel into admin-ui/dist (served at /admin/) unless dist is newer than every source file. */
function buildPanel() {
  const ui = join(root, 'admin-ui');
  const built = join(ui, 'dist', 'index.html');
  if (existsSync(built) && statSync(built).mtimeMs > newest(ui)) return console.log('[run] admin panel: up to date');
  const started = Date.now();
  const r = spawnSync(join(ui, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'error'], { cwd: ui, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  console.log(`[run] admin panel built into admin-ui/dist (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

const task = process.argv[2] ?? 'start';
const pnpm = pnpmBin();
must(pnpm, ['install', '--frozen-lockfile', '--reporter=append-only'], {
  env: { ...process.env, CI: process.env.CI ?? 'true' },
});

switch (task) {
  case 'install':
    break;
  case 'panel':
    buildPanel();
    break;
  case 'start':
    buildPanel();
    process.exit(run(pnpm, ['exec', 'tsx', 'scripts/demo.ts', ...process.argv.slice(3)]));
    break;
  case 'check':
    process.exit(run(pnpm, ['exec', 'tsx', 'scripts/check.ts']));
    break;
  case 'test': {
    must(pnpm, ['exec', 'tsx', 'scripts/check.ts']);
    buildPanel();
    process.exit(run(pnpm, ['exec', 'tsx', 'scripts/test.ts', ...process.argv.slice(3)]));
    break;
  }
  default:
    console.error(`unknown task ${task}: use start | test | check | install | panel`);
    process.exit(2);
}
