/**
 * The four kinds of failure every adapter, step and task speaks, each with a stable code that the API, the admin
 * UI and the metrics show. The kind decides what happens next; the code says why, in words a user can act on.
 *
 * - RetryableError: try again later (throttled, timeout, the other side is down, a lock is busy).
 * - PermanentError: this record cannot succeed as it is (validation refused); it is recorded, others go on.
 * - SkipError: nothing to do for this record now (e.g. an order still PENDING); not a failure.
 * - ConflictError: a person must decide (unknown SKU, both sides changed); becomes a sync_conflict row.
 */
export type ErrorKind = 'retryable' | 'permanent' | 'skip' | 'conflict';

/**
 * Core's stable codes: those of the core, the adapters, the API and coordination. A flow declares its own with
 * `defineErrorCodes` (see below). Add new ones, never rename: they are stored in the database and shown to users.
 */
export const ErrorCodes = [
  // remote systems
  'ERP_UNAVAILABLE',
  'ERP_TIMEOUT',
  'ERP_AUTH_FAILED',
  'ERP_ACCESS_DENIED',
  'ERP_VALIDATION',
  'ERP_USER_ERROR',
  'ERP_UNKNOWN_FIELD',
  'ERP_UNKNOWN_MODEL',
  'ERP_PROTOCOL',
  'AMAZON_THROTTLED',
  'AMAZON_UNAVAILABLE',
  'AMAZON_TIMEOUT',
  'AMAZON_AUTH_FAILED',
  'AMAZON_INVALID_REQUEST',
  'AMAZON_NOT_FOUND',
  'AMAZON_BAD_PAYLOAD',
  /** A Listings Items submission Amazon answered INVALID (its issue codes in the details). */
  'AMAZON_LISTING_INVALID',
  // local coordination
  'LOCK_BUSY',
  'QUOTA_WAIT',
  /** The process is stopping: the work was given back to be retried (never a failure of the record). */
  'INTERRUPTED',
  /** A flow made no progress for several of its intervals (see core/health). */
  'FLOW_STALLED',
  // data that cannot be mapped (shared by every flow; ORDER_MALFORMED is the Amazon adapter's)
  'ORDER_MALFORMED',
  /** One finances transaction off its model (finances-transaction.ts); the rest of its page goes on. */
  'FINANCE_TRANSACTION_MALFORMED',
  /** One finances amount that is not an exact decimal in its currency's minor unit (read without a float). */
  'FINANCE_AMOUNT_UNREADABLE',
  /** A NUL or a lone UTF-16 surrogate in an identity field (id, SKU, code): kept escaped, not mapped (core/storable-text.ts). */
  'INVALID_TEXT',
  'AMOUNT_INVALID',
  /** One row of an Amazon report's flat file cannot be read (its line in the details); the other rows go on. */
  'REPORT_ROW_MALFORMED',
  /** An Amazon report document is no such report (not gzip, no header with its columns, an unknown charset). */
  'REPORT_UNREADABLE',
  'CURRENCY_INACTIVE',
  'CURRENCY_UNKNOWN',
  'COUNTRY_UNKNOWN',
  // Go-live controls (sync/frame): a record left alone by a dry run, or dated before the flow's cut-over.
  'DRY_RUN',
  'BEFORE_CUTOVER',
  'CONFIG_INVALID',
  'SETUP_INCOMPLETE',
  // connector records and requests
  'BACKEND_INVALID',
  'BACKEND_NOT_FOUND',
  'BACKEND_DISABLED',
  'SETTINGS_UNKNOWN_KEY',
  'SETTINGS_INVALID',
  'ERP_URL_REFUSED',
  'BINDING_CONFLICT',
  'CONFLICT_NOT_FOUND',
  'CONFLICT_NOT_OPEN',
  /** "retry" on a conflict a re-run would only raise again (its flow says so: see the conflict's `actions`). */
  'CONFLICT_NOT_RETRYABLE',
  /** A flow's conflict action (cancel_in_erp, keep...) that the conflict does not offer (its code, or its state now). */
  'CONFLICT_ACTION_UNAVAILABLE',
  /** An action missing what it needs (ignore: the reason in `note`; map_sku: `productId`). */
  'CONFLICT_INPUT_MISSING',
  'MAPPING_RULE_INVALID',
  'BACKEND_NAME_TAKEN',
  // The website authorisation workflow ("Connect with Amazon": app/amazon-authorization/).
  'AMAZON_AUTHORIZATION_UNAVAILABLE',
  'AUTHORIZATION_STATE_INVALID',
  'AUTHORIZATION_STATE_EXPIRED',
  'AUTHORIZATION_STATE_USED',
  'AUTHORIZATION_CODE_REFUSED',
  'AUTHORIZATION_SELLER_MISMATCH',
  'AUTHORIZATION_SESSION_MISMATCH',
  // API requests (the HTTP status of each code: api/errors/error-catalogue.ts)
  'UNAUTHORIZED',
  'BAD_REQUEST',
  'NOT_FOUND',
  'CURSOR_INVALID',
  'BODY_INVALID_JSON',
  'BODY_FORBIDDEN_KEY',
  'BODY_TOO_LARGE',
  'MEDIA_TYPE_UNSUPPORTED',
  // The admin panel's sign-in and roles (api/auth/)
  'FORBIDDEN_ROLE',
  'SESSION_INVALID',
  'SESSION_EXPIRED',
  'EMBED_NOT_CONFIGURED',
  'ERP_TOKEN_INVALID',
  'ERP_TOKEN_EXPIRED',
  'ERP_TOKEN_REPLAYED',
  'ERP_TOKEN_AUDIENCE',
  'ERP_TOKEN_ALGORITHM',
  'ERP_TOKEN_ISSUER',
  'ERP_TOKEN_CLAIMS',
  'LOGIN_FAILED',
  'LOGIN_DISABLED',
  'LOGIN_THROTTLED',
  'INTERNAL',
] as const;
/** A code of core (adapters, API, coordination). */
export type CoreErrorCode = (typeof ErrorCodes)[number];

/**
 * The codes the flows declare, by declaration merging: a flow's `*.errors.ts` adds its codes to this interface
 * (`declare module '.../core/errors.ts' { interface FlowErrorCodes extends Record<OrderErrorCode, true> {} }`),
 * so `new ConflictError('SKU_UNMAPPED', ...)` stays checked while core names no flow's code.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the flows' declarations
export interface FlowErrorCodes {}

/** Every stable code: core's and the flows'. */
export type ErrorCode = CoreErrorCode | (keyof FlowErrorCodes & string);

/** What the API answers with a code, and what it means (the error catalogue's row). */
export interface ErrorCodeEntry {
  /** The HTTP status when an API answer carries the code. */
  status: number;
  description: string;
  /**
   * A conflict about amounts, taxes or currencies: the admin panel's accountant role may resolve it (the others
   * need the integrator role). Set on conflict codes only.
   */
  money?: true;
}

/**
 * Declares a flow's codes: `{ CODE: { status, description } }`, typed by its literal keys. Register them with
 * `FlowErrorCodes` (above) in the same file, and list them in the flow's `errorCodes`.
 */
export function defineErrorCodes<const T extends Record<string, ErrorCodeEntry>>(codes: T): T {
  for (const code of Object.keys(codes)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(code)) throw new Error(`error code ${code} is not UPPER_SNAKE_CASE`);
    if ((ErrorCodes as readonly string[]).includes(code)) throw new Error(`error code ${code} is core's`);
  }
  return codes;
}

export abstract class SyncError extends Error {
  abstract readonly kind: ErrorKind;
  readonly code: ErrorCode;
  /** Safe-to-show details (never buyer PII, never secrets). */
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.details = details;
    this.name = new.target.name;
  }
}

export class RetryableError extends SyncError {
  readonly kind = 'retryable' as const;
  /** When the other side said how long to wait (Retry-After, a bucket's refill time). */
  retryAfterMs?: number;
}

export class PermanentError extends SyncError {
  readonly kind = 'permanent' as const;
}

export class SkipError extends SyncError {
  readonly kind = 'skip' as const;
}

export class ConflictError extends SyncError {
  readonly kind = 'conflict' as const;
}

export function isSyncError(e: unknown): e is SyncError {
  return e instanceof SyncError;
}

/** Anything thrown that is not ours is an internal fault: permanent for the record, logged without payload. */
export function classify(e: unknown): SyncError {
  if (isSyncError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new PermanentError('INTERNAL', message, {}, { cause: e });
}
