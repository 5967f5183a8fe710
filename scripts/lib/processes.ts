/**
 * Child processes for the demo, the integration tests and the bench: TypeScript entry points run with tsx, output
 * prefixed line by line, readiness awaited on an HTTP URL, and everything stopped together (children are killed
 * when this process exits, so a crashed launcher leaves nothing behind).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export interface Child {
  name: string;
  proc: ChildProcess;
  /** Resolves with the exit code when the process ends. */
  exited: Promise<number | null>;
  /** Lines printed so far (kept short), for error messages. */
  tail(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<Child>();
process.once('exit', () => {
  for (const c of running) c.proc.kill('SIGKILL');
});

export function startTs(
  name: string,
  entry: string,
  opts: { env?: Record<string, string | undefined>; quiet?: boolean; onLine?: (line: string) => void; nodeArgs?: string[] } = {},
): Child {
  // One process per child (tsx as a loader, not its CLI wrapper): signals reach the program itself, and killing
  // the child leaves no grandchild behind.
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', entry], {
    cwd: root,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > 60) lines.shift();
    opts.onLine?.(line);
    if (!opts.quiet) console.log(`[${name}] ${line}`);
  };
  createInterface({ input: proc.stdout! }).on('line', onLine);
  createInterface({ input: proc.stderr! }).on('line', onLine);
  const exited = new Promise<number | null>((ok) => proc.once('exit', (code) => ok(code)));
  const child: Child = {
    name,
    proc,
    exited,
    tail: () => lines.join('\n'),
    async stop(signal = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  running.add(child);
  void exited.then(() => running.delete(child));
  return child;
}

/** Polls `url` until it answers 2xx, the child dies, or the time runs out. */
export async function waitForHttp(url: string, child?: Child, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let dead = false;
  void child?.exited.then(() => (dead = true));
  while (Date.now() < until) {
    if (dead) throw new Error(`${child!.name} exited before ${url} answered:\n${child!.tail()}`);
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms${child ? `:\n${child.tail()}` : ''}`);
}

/**
 * How a connector process is started everywhere (demo, tests, bench; production should do the same): V8 would let
 * the old generation grow towards gigabytes before collecting on a large machine, so its heap is capped well
 * above the live set (measured by the bench: RSS ~200 MB at full speed instead of ~290 MB, same throughput).
 */
export const CONNECTOR_NODE_ARGS = ['--max-old-space-size=192'];

/** Starts `connector/src/main.ts` (API and/or worker, by CONNECTOR_ROLE in `env`). */
export function startConnector(name: string, env: Record<string, string | undefined>, opts: { quiet?: boolean; nodeArgs?: string[] } = {}): Child {
  return startTs(name, 'connector/src/main.ts', { env, quiet: opts.quiet ?? false, nodeArgs: [...CONNECTOR_NODE_ARGS, ...(opts.nodeArgs ?? [])] });
}
