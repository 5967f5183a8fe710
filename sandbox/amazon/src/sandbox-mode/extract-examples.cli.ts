/**
 * Regenerates orders-2026-examples.json from the official model:
 * `pnpm exec tsx sandbox/amazon/src/sandbox-mode/extract-examples.cli.ts <path to orders_2026-01-01.json>`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { extractStaticExamples } from './extract-examples.ts';

const modelPath = process.argv[2];
if (!modelPath) {
  console.error('usage: extract-examples.cli.ts <orders_2026-01-01.json>');
  process.exit(2);
}
const examples = extractStaticExamples(JSON.parse(readFileSync(modelPath, 'utf8')));
const target = new URL('./orders-2026-examples.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(examples, null, 1)}\n`);
console.log(`wrote ${examples.length} examples to ${target.pathname}`);
