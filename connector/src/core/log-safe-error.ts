/**
 * What of an error may reach a log or the job queue's `last_error`: its stable code and, for ERP errors, only
 * Odoo's exception name — Odoo's own message can quote record values such as a customer's name, and buyer data
 * never goes to logs. The full message stays where people look on purpose: conflicts and the step log.
 */
import { isSyncError } from './errors.ts';

export function logSafeError(e: unknown): { code: string; text: string } {
  if (isSyncError(e)) {
    if (e.code.startsWith('ERP_')) {
      const name = typeof e.details.exceptionName === 'string' ? e.details.exceptionName : 'no Odoo exception';
      return { code: e.code, text: `${e.code} (${name})` };
    }
    return { code: e.code, text: `${e.code}: ${e.message}` };
  }
  return { code: 'INTERNAL', text: e instanceof Error ? `${e.name}: ${e.message}` : 'INTERNAL' };
}

/** The error a failed job hands graphile-worker (which logs it and keeps it as `last_error`). */
export function jobError(e: unknown): Error {
  const safe = logSafeError(e);
  const err = new Error(safe.text);
  (err as Error & { code?: string }).code = safe.code;
  return err;
}
