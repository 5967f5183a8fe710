/**
 * Writes `openapi/openapi.json` from the route schemas; with `--check` fails when the committed file differs
 * (run by `npm run check` and so by CI).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument } from './openapi.ts';

const target = join(import.meta.dirname, '..', '..', '..', 'openapi', 'openapi.json');
const text = `${JSON.stringify(await openApiDocument(), null, 2)}\n`;
if (process.argv.includes('--check')) {
  const same = existsSync(target) && readFileSync(target, 'utf8') === text;
  if (!same) console.error('openapi/openapi.json is stale: run `pnpm exec tsx connector/src/api/openapi.cli.ts`');
  process.exit(same ? 0 : 1);
}
writeFileSync(target, text);
console.log(`wrote ${target}`);
