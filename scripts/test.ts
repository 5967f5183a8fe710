/**
 * Runs the whole test suite (vitest, every project) and closes with one plain line `tests: N passed, N failed,
 * N skipped` that CI reads; the exit code is vitest's, and a run that executed no test fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const out = join(root, '.artifacts', 'vitest-report.json');
mkdirSync(join(root, '.artifacts'), { recursive: true });
const r = spawnSync(
  join(root, 'node_modules', '.bin', 'vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
let code = r.status ?? 1;
try {
  const report = JSON.parse(readFileSync(out, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    testResults?: Array<{ name: string; startTime: number; endTime: number }>;
  };
  printSlowest(report.testResults ?? []);
  const skipped = report.numPendingTests + report.numTodoTests;
  console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
  // Never green with a failure or with nothing run, whatever vitest's own exit status said.
  if (report.numFailedTests > 0 || report.numPassedTests === 0) code = code || 1;
} catch {
  console.log('tests: 0 passed, 1 failed (no vitest report was written)');
  code = code || 1;
}
process.exit(code);

/** The ten slowest test files, so a change that slows the suite shows where (the budget is the whole run's time). */
function printSlowest(files: Array<{ name: string; startTime: number; endTime: number }>): void {
  const slow = files
    .map((f) => ({ s: (f.endTime - f.startTime) / 1000, name: f.name.slice(root.length + 1) }))
    .sort((a, b) => b.s - a.s)
    .slice(0, 10);
  if (!slow.length) return;
  console.log('slowest test files:');
  for (const f of slow) console.log(`  ${f.s.toFixed(1).padStart(6)} s  ${f.name}`);
}
