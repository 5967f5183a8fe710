/**
 * Where a command writes: results on stdout, warnings and progress on stderr, and stderr as a stream for the
 * progress bar only when it is a terminal. Commands take this instead of `process`, so tests read what they print.
 */
import type { BackendRecord } from '../core/backend/index.ts';
import { CliError } from './cli-error.ts';
import type { Config } from '../config/index.ts';
import type { JobContext, TaskEnv } from '../sync/frame/task-env.ts';

export interface CliIo {
  /** One line of the result (stdout). */
  out(line: string): void;
  /** One line of diagnostics: warnings, estimates in --json mode, progress lines (stderr). */
  err(line: string): void;
  /** stderr when it is a terminal (the progress bar draws there), else null (one line per page instead). */
  tty: NodeJS.WritableStream | null;
  now(): Date;
  /** The first line of stdin (a password piped in); absent where there is no stdin. */
  readSecretLine?(): Promise<string>;
}

/**
 * What every command needs: the booted connector's services (boot() gives a superset), and the run's context:
 * the runs it opens carry its `owner` (closed as interrupted on Ctrl-C) and its waits end on `signal`.
 */
export type CliEnv = TaskEnv & { config: Pick<Config, 'amazonEndpoint'>; job?: JobContext };

/** What a command hands back: its exit status and its result (also what --json prints). */
export interface CommandOutcome<T> {
  exitCode: number;
  result: T;
}

/** The real process's streams. */
export function processIo(): CliIo {
  return {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    tty: process.stderr.isTTY ? process.stderr : null,
    now: () => new Date(),
    readSecretLine: async () => {
      // Never typed on a terminal here: it would be echoed. Piped in, it is not shown and not in the shell history.
      if (process.stdin.isTTY) throw new CliError('CLI_USAGE', "pipe the password on stdin: printf '%s\\n' \"$PASSWORD\" | cli user add ...");
      let text = '';
      for await (const chunk of process.stdin) text += String(chunk);
      return text.split(/\r?\n/)[0] ?? '';
    },
  };
}

/** Collects what a command prints (tests), never a terminal. */
export function memoryIo(now: () => Date = () => new Date()): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (l) => void stdout.push(l), err: (l) => void stderr.push(l), tty: null, now };
}

/** A moment as `2026-03-01 08:30:00Z` (seconds are precise enough for people); '-' when absent. */
export function shortTime(d: Date | string | null | undefined): string {
  return d ? new Date(d).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-';
}

/** A backend as people name it in output: `#3 demo`. */
export const backendLabel = (b: Pick<BackendRecord, 'id' | 'name'>) => `#${b.id} ${b.name}`;
