/**
 * Odoo's failures turned into our error kinds, by the exception name Odoo reports (`name` in a JSON-2 error body,
 * `error.data.name` in a JSON-RPC one), never by the HTTP status alone: JSON-RPC answers every error with 200 and
 * JSON-2 answers an unknown field with 500. Details keep Odoo's exception name and message, never the request.
 */
import { PermanentError, RetryableError, type SyncError } from '../../core/errors.ts';
import type { HttpAnswer } from './http-client.ts';

/** The error object Odoo sends: the JSON-2 body, or `error.data` of a JSON-RPC answer. */
export interface OdooException {
  name: string;
  message: string;
}

const MAX_MESSAGE = 2000;

/** Whether `v` looks like Odoo's error object. */
export function isOdooException(v: unknown): v is OdooException {
  return typeof v === 'object' && v !== null && typeof (v as OdooException).name === 'string'
    && typeof (v as OdooException).message === 'string';
}

// Transaction conflicts in the ERP's database: the same call succeeds when tried again.
const CONCURRENCY = /SerializationFailure|TransactionRollbackError|DeadlockDetected|LockNotAvailable|ConcurrencyError|could not serialize access|deadlock detected/i;

/** Classifies an exception Odoo reported. `status` is the HTTP status (200 for JSON-RPC). */
export function fromOdooException(exc: OdooException, status: number): SyncError {
  const { name } = exc;
  const message = exc.message.length > MAX_MESSAGE ? `${exc.message.slice(0, MAX_MESSAGE)}…` : exc.message;
  const details = { exceptionName: name, odooMessage: message, httpStatus: status };
  const short = name.slice(name.lastIndexOf('.') + 1);
  const text = `${short}: ${firstLine(message)}`;

  if (CONCURRENCY.test(name) || CONCURRENCY.test(message)) return new RetryableError('ERP_UNAVAILABLE', text, details);
  switch (name) {
    case 'odoo.exceptions.ValidationError':
      return new PermanentError('ERP_VALIDATION', text, details);
    case 'odoo.exceptions.AccessError':
    case 'werkzeug.exceptions.Forbidden':
      return new PermanentError('ERP_ACCESS_DENIED', text, details);
    case 'odoo.exceptions.AccessDenied':
    case 'werkzeug.exceptions.Unauthorized':
      return new PermanentError('ERP_AUTH_FAILED', text, details);
    case 'werkzeug.exceptions.NotFound':
      return new PermanentError('ERP_UNKNOWN_MODEL', text, details);
    case 'builtins.ValueError':
      return new PermanentError(/Invalid field/i.test(message) ? 'ERP_UNKNOWN_FIELD' : 'ERP_VALIDATION', text, details);
    // The call itself does not fit the method (unknown method, wrong arguments): resending cannot help.
    case 'builtins.TypeError':
    case 'builtins.AttributeError':
    case 'werkzeug.exceptions.BadRequest':
      return new PermanentError('ERP_PROTOCOL', text, details);
  }
  // UserError and its subclasses (MissingError, RedirectWarning): a business rule refused this record. Over
  // JSON-RPC an unknown model is a UserError too ("Object x doesn't exist").
  if (name.startsWith('odoo.exceptions.')) {
    if (/^Object \S+ doesn't exist/.test(message)) return new PermanentError('ERP_UNKNOWN_MODEL', text, details);
    return new PermanentError('ERP_USER_ERROR', text, details);
  }
  if (/database .* does not exist/i.test(message)) return new PermanentError('CONFIG_INVALID', text, details);
  // Constraint violations in the ERP's database are caused by the data sent.
  if (/IntegrityError|UniqueViolation|NotNullViolation|ForeignKeyViolation|CheckViolation/.test(name)) {
    return new PermanentError('ERP_VALIDATION', text, details);
  }
  if (name.startsWith('builtins.')) return new PermanentError('ERP_VALIDATION', text, details);
  // Anything else (an OperationalError, an unexpected server fault) is not known to be this record's fault:
  // retry, and the job's capped attempts turn a lasting fault into a failure a person sees.
  return new RetryableError('ERP_UNAVAILABLE', text, details);
}

/** Classifies an HTTP answer that carries no Odoo error object (a proxy page, an empty body, a 502). */
export function fromBareHttpAnswer(answer: HttpAnswer, what: string): SyncError {
  const { status } = answer;
  const details = { httpStatus: status, contentType: answer.headers['content-type'] ?? null, call: what };
  if (status === 401) return new PermanentError('ERP_AUTH_FAILED', `ERP refused the credentials (${status})`, details);
  if (status === 403) return new PermanentError('ERP_ACCESS_DENIED', `ERP refused access (${status})`, details);
  // No such route: the server does not speak this protocol (e.g. JSON-2 on an Odoo older than 19).
  if (status === 404 || status === 405) {
    return new PermanentError('ERP_PROTOCOL', `ERP has no ${what} endpoint (${status})`, details);
  }
  if (status === 429 || status >= 500) {
    const err = new RetryableError('ERP_UNAVAILABLE', `ERP unavailable (${status})`, details);
    const after = retryAfterMs(answer.headers['retry-after']);
    if (after !== undefined) err.retryAfterMs = after;
    return err;
  }
  return new RetryableError('ERP_PROTOCOL', `ERP answered ${what} with an unexpected ${status} answer`, details);
}

/** A 2xx answer whose body is not the JSON we expect: most likely a proxy or a half-started server. */
export function protocolError(what: string, reason: string, status: number): RetryableError {
  return new RetryableError('ERP_PROTOCOL', `ERP answered ${what} with ${reason}`, { httpStatus: status, call: what });
}

function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function firstLine(s: string): string {
  const line = s.split('\n', 1)[0] ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
