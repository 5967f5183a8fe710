/**
 * One row of a connection test: which check, whether it passed, and when not a stable code with what to do. The
 * codes are the panel's and the API document's (ConnectionCheck.code): never renamed, only added to.
 */
import type { ConnectionCheckCode } from '../../api/connection.schemas.ts';

export type { ConnectionCheckCode };

export interface CheckRow {
  check: string;
  ok: boolean;
  code?: ConnectionCheckCode;
  message: string;
  /** What to do about it (for a passing check: what was found). */
  hint: string;
}

/** Thrown by a check to fail with a code of ours. */
export class CheckFailure extends Error {
  readonly code: ConnectionCheckCode;
  readonly hint: string;
  constructor(code: ConnectionCheckCode, message: string, hint: string) {
    super(message);
    this.code = code;
    this.hint = hint;
  }
}

/** A passing check's row. */
export const passed = (check: string, message: string, hint = ''): CheckRow => ({ check, ok: true, message, hint });

/**
 * Runs one check within `timeoutMs`: its row, a failure's row, or `timeoutCode` when it did not finish (the work
 * left running is abandoned; its connections are closed by the caller).
 */
export async function timeboxed(check: string, timeoutMs: number, timeoutCode: ConnectionCheckCode, run: () => Promise<CheckRow>): Promise<CheckRow> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckRow>((resolve) => {
    timer = setTimeout(() => resolve({ check, ok: false, code: timeoutCode, message: `no answer within ${Math.round(timeoutMs / 100) / 10} s`, hint: 'check that the address is right and the server is up, then test again' }), timeoutMs);
  });
  try {
    return await Promise.race([run().catch((e) => failedRow(check, e)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function failedRow(check: string, e: unknown): CheckRow {
  if (e instanceof CheckFailure) return { check, ok: false, code: e.code, message: e.message, hint: e.hint };
  const code = (e as { code?: string }).code;
  // Unexpected: said with its code only (an error message could carry what a server echoed back).
  return { check, ok: false, code: 'CHECK_FAILED', message: `the check failed unexpectedly (${code ?? 'INTERNAL'})`, hint: 'test again; if it persists, see the connector log' };
}

/** The row of a check not run because an earlier one failed. */
export const skipped = (check: string, because: string): CheckRow => ({ check, ok: false, code: 'CHECK_SKIPPED', message: `not checked: ${because} failed`, hint: `fix ${because} first` });
