/**
 * The one lint + typecheck command (CI runs it before the tests): TypeScript over the whole workspace, ESLint,
 * the layering (dependency-cruiser's rules, the cycles between folders, the binding table named only by the binder),
 * every generated file that is committed (the OpenAPI document) compared with what the code generates now, and
 * the OpenAPI document validated by a real OpenAPI validator, and the panel (its generated API types, vue-tsc).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDir } from './lib/shared-dir.ts';

const root = join(import.meta.dirname, '..');
const steps: Array<[string, string[]]> = [
  ['typecheck', ['tsc', '-p', 'tsconfig.json']],
  ['lint', ['eslint', '--max-warnings=0', '.']],
  ['layering', ['tsx', 'scripts/check-layering.ts']],
  ['binding sql', ['tsx', 'scripts/check-binding-sql.ts']],
];
steps.push([
  'sp-api types',
  ['tsx', 'scripts/gen-sp-api-types.ts', join(sharedDir(), 'reference/sp-api-models/orders_2026-01-01.json'),
    'connector/src/amazon/models/orders-v2026.ts', '--check'],
]);
if (existsSync(join(root, 'connector', 'src', 'app', 'openapi.cli.ts'))) {
  steps.push(['openapi', ['tsx', 'connector/src/app/openapi.cli.ts', '--check']]);
  steps.push(['openapi valid', ['tsx', 'scripts/validate-openapi.ts', 'openapi/openapi.json']]);
}

// The panel: its API types against the committed document, then its own typecheck (vue-tsc covers the .vue files).
steps.push(['panel api types', ['tsx', 'scripts/gen-admin-ui-types.ts', '--check']]);
steps.push(['panel typecheck', ['admin-ui/node_modules/.bin/vue-tsc', '-p', 'admin-ui/tsconfig.json']]);

let failed = false;
for (const [name, [cmd, ...args]] of steps) {
  const started = Date.now();
  // A bare name is a root binary; a path (the panel's own vue-tsc) is taken from the root.
  const bin = cmd!.includes('/') ? join(root, cmd!) : join(root, 'node_modules', '.bin', cmd!);
  const r = spawnSync(bin, args, { cwd: root, stdio: 'inherit' });
  const ok = r.status === 0;
  console.log(`[check] ${name}: ${ok ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  failed ||= !ok;
}
process.exit(failed ? 1 : 0);
