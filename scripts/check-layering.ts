/**
 * The layering check of `npm run check`: dependency-cruiser with the rules of .dependency-cruiser.mjs over
 * connector/src (violations listed in .dependency-cruiser-known-violations.json are ignored: they are being fixed),
 * then the cycles between folders (scripts/lib/folder-cycles.ts says why depcruise's own cycle rule is not enough),
 * minus those listed in .dependency-cruiser-known-folder-cycles.json. One cruise serves both.
 *   --update-baseline  rewrites both known lists from what the code does now (only to shrink them: review the diff)
 *   --known            prints what the known lists still hold (the goal: both empty, then deleted)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'dependency-cruiser';
import type { ICruiseResult } from 'dependency-cruiser';
import { folderCycles, folderGraph, newCycles, shortestCycles } from './lib/folder-cycles.ts';

const root = join(import.meta.dirname, '..');
const KNOWN = '.dependency-cruiser-known-violations.json';
const KNOWN_CYCLES = '.dependency-cruiser-known-folder-cycles.json';
const update = process.argv.includes('--update-baseline');

function readJson<T>(file: string, empty: T): T {
  const path = join(root, file);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : empty;
}

if (process.argv.includes('--known')) {
  const known = readJson<Array<{ from: string; to: string; rule: { name: string } }>>(KNOWN, []);
  for (const v of known) console.log(`${v.rule.name}: ${v.from} -> ${v.to}`);
  for (const c of readJson<string[][]>(KNOWN_CYCLES, [])) console.log(`folder cycle: ${c.join(' <-> ')}`);
  console.log(`${known.length} known violation(s), ${readJson<string[][]>(KNOWN_CYCLES, []).length} known folder cycle(s)`);
  process.exit(0);
}

const knownArgs = !update && existsSync(join(root, KNOWN)) ? ['--ignore-known', KNOWN] : [];
const run = spawnSync(
  join(root, 'node_modules', '.bin', 'depcruise'),
  ['--config', '.dependency-cruiser.mjs', ...knownArgs, '--output-type', 'json', 'connector/src'],
  { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
);
if (!run.stdout) {
  console.error(run.stderr || run.error);
  process.exit(2);
}
const result = JSON.parse(run.stdout) as ICruiseResult;
const graph = folderGraph(result.modules);
const cycles = folderCycles(graph);

if (update) {
  writeFileSync(join(root, KNOWN), (await format(result, { outputType: 'baseline' })).output as string);
  writeFileSync(join(root, KNOWN_CYCLES), `[\n${cycles.map((c) => `  ${JSON.stringify(c)}`).join(',\n')}\n]\n`);
  console.log(`wrote ${KNOWN} (${result.summary.violations.length}) and ${KNOWN_CYCLES} (${cycles.length})`);
  process.exit(0);
}

const report = (await format(result, { outputType: 'err' })).output as string;
if (report.trim()) console.log(report.trimEnd());
const knownCycles = readJson<string[][]>(KNOWN_CYCLES, []);
const fresh = newCycles(cycles, knownCycles);
for (const c of fresh) {
  console.log(`  error no-cycle-between-folders: ${c.join(', ')}; the shortest cycles to break:`);
  for (const cycle of shortestCycles(graph, c, knownCycles)) {
    console.log(`    ${[...cycle, cycle[0]].join(' -> ')}`);
    cycle.forEach((from, i) => console.log(`      ${graph.get(from)!.get(cycle[(i + 1) % cycle.length]!)}`));
  }
}
const known = result.summary.ignore ?? 0;
console.log(`layering: ${result.summary.error} new violation(s), ${fresh.length} new folder cycle(s); ${known} known violation(s) ignored`);
process.exit(result.summary.error > 0 || fresh.length > 0 ? 1 : 0);
