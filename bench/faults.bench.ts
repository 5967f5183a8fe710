/**
 * Bench: the fault run of issue 9 at full size. 1,000 Amazon orders imported by two workers, first undisturbed,
 * then with 20 % Amazon faults from the first call, 10 % ERP faults (drops after commit among them) and the second
 * worker killed with SIGKILL twice: prints the time to converge under those faults next to the time without them,
 * and that every importable order is in the ERP exactly once (bench/README.md, "Faults").
 *
 *   pnpm exec tsx bench/faults.bench.ts [--orders 1000] [--runs off,on]
 *
 * Everything runs on 127.0.0.1: an embedded PostgreSQL (or BENCH_DATABASE_URL, an admin URL), both sandboxes in
 * this process, the connector's two workers as child processes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withBenchDb } from './bench-db.ts';
import { runFaultRun, type FaultRunFigures } from './faults/run-faults.ts';

const { values: args } = parseArgs({ options: { orders: { type: 'string', default: '1000' }, runs: { type: 'string', default: 'off,on' } } });
const runs = args.runs!.split(',');
if (runs.some((r) => r !== 'off' && r !== 'on')) throw new Error(`--runs ${args.runs}: off, on or both (off,on)`);
const say = (s: string) => console.log(`[bench] ${s}`);
const root = join(import.meta.dirname, '..');

await withBenchDb(async (adminUrl) => {
  const figures: FaultRunFigures[] = [];
  for (const r of runs) {
    const f = await runFaultRun({ adminUrl, orders: Number(args.orders), faults: r === 'on', say });
    say(`faults ${r}: converged in ${f.secondsToConverge} s; ${f.importedOnce} of ${f.importable} importable orders once in the ERP, ` +
      `${f.duplicates} duplicated, ${f.missing} missing${f.killsAtSeconds.length ? `; kills at ${f.killsAtSeconds.join(', ')} s` : ''}`);
    if (r === 'on') say(`  faults given: Amazon ${JSON.stringify(f.amazonFaults)}, ERP ${JSON.stringify(f.erpFaults)}`);
    figures.push(f);
  }
  say('');
  say('| | faults off | faults on |');
  say('| --- | --- | --- |');
  const col = (on: boolean, pick: (f: FaultRunFigures) => string) => { const f = figures.find((x) => x.faults === on); return f ? pick(f) : '-'; };
  say(`| seconds to converge | ${col(false, (f) => String(f.secondsToConverge))} | ${col(true, (f) => String(f.secondsToConverge))} |`);
  say(`| imported once / importable | ${col(false, (f) => `${f.importedOnce} / ${f.importable}`)} | ${col(true, (f) => `${f.importedOnce} / ${f.importable}`)} |`);
  say(`| duplicated, missing | ${col(false, (f) => `${f.duplicates}, ${f.missing}`)} | ${col(true, (f) => `${f.duplicates}, ${f.missing}`)} |`);
  mkdirSync(join(root, '.artifacts'), { recursive: true });
  writeFileSync(join(root, '.artifacts', 'bench-faults.json'), `${JSON.stringify(figures, null, 2)}\n`);
});
