/**
 * Errors of the command line itself, each with a stable code and the exit status it ends the process with.
 * Errors from the connector (SyncError: BACKEND_NOT_FOUND, AMAZON_NOT_FOUND, CONFIG_INVALID...) keep their own
 * codes and exit with 1.
 */
import { isSyncError } from '../core/errors.ts';

export type CliErrorCode =
  /** Bad arguments: unknown command or option, a malformed value. */
  | 'CLI_USAGE'
  /** A window that cannot be searched (from >= to, or entirely within Amazon's last two minutes). */
  | 'CLI_WINDOW_INVALID'
  /** Waited longer than --timeout for the worker to finish. */
  | 'CLI_TIMEOUT';

export const EXIT_USAGE = 2;

export class CliError extends Error {
  readonly code: CliErrorCode;
  readonly exitCode: number;

  constructor(code: CliErrorCode, message: string, exitCode = code === 'CLI_USAGE' || code === 'CLI_WINDOW_INVALID' ? EXIT_USAGE : 1) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** The stable code and exit status of anything a command throws. */
export function describeFailure(e: unknown): { code: string; message: string; exitCode: number } {
  if (e instanceof CliError) return { code: e.code, message: e.message, exitCode: e.exitCode };
  if (isSyncError(e)) return { code: e.code, message: e.message, exitCode: 1 };
  return { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e), exitCode: 1 };
}
