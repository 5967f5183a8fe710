/**
 * Polls `check` every 250 ms until it holds, while a worker child process runs: fails at once (with the worker's
 * last output) when the worker exits, or when `ms` pass, naming `what` was awaited.
 */
import type { Child } from '../../scripts/lib/processes.ts';

export async function untilWorker(worker: () => Child, what: string, ms: number, check: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    const w = worker();
    if (w.proc.exitCode !== null) throw new Error(`worker exited ${w.proc.exitCode}:\n${w.tail()}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}\n${w.tail()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
