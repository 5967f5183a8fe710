/**
 * Writes `openapi/openapi.json` from the route schemas of the assembled API (core's and every flow's); with `--check` fails when the committed file differs
 * (run by `npm run check` and so by CI).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectorOpenApiDocument } from './openapi-document.ts';

const target = join(import.meta.dirname, '..', '..', '..', 'openapi', 'openapi.json');
const text = `${JSON.stringify(await connectorOpenApiDocument(), null, 2)}\n`;
if (process.argv.includes('--check')) {
  const same = existsSync(target) && readFileSync(target, 'utf8') === text;
  if (!same) console.error('openapi/openapi.json is stale: run `pnpm exec tsx connector/src/app/openapi.cli.ts`');
  process.exit(same ? 0 : 1);
}
writeFileSync(target, text);
console.log(`wrote ${target}`);
