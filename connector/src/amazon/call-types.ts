/** The shapes of an SP-API call: the operation, its input and result, the caller's options (call.ts uses them). */
import type { QuotaGate, RateOverride } from '../core/rate-limit/quota-gate.ts';
import type { SpApiTransportLike } from './transport.ts';
import type { SpApiOperationName } from './usage-plans.ts';

/** One SP-API operation as the caller needs to know it. */
export interface SpApiOperation {
  /** The bucket key and usage plan (see usage-plans.ts). */
  name: SpApiOperationName;
  /** The client's `endpoint.operation`. */
  clientOperation: string;
  version: string;
  /** Repeating it after an unknown outcome (timeout, reset, 500) does no harm: reads and absolute writes. */
  idempotent: boolean;
  /** Answers 204 without a body on success. */
  emptyResponse?: boolean;
}

export interface SpApiCallInput {
  path?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, string | number | readonly string[]>>;
  body?: unknown;
  /** Extra request headers (Shipping v2's `x-amzn-IdempotencyKey`). */
  headers?: Readonly<Record<string, string>>;
}

export interface SpApiResult {
  statusCode: number;
  /** The parsed JSON answer (null for an empty one). Unvalidated: the operation's adapter checks its shape. */
  body: unknown;
  /** The answer's text as received (UTF-8 decoded once): for amounts that must be read without a float (finances). */
  text: string;
  requestId?: string;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface SpApiCallerOptions {
  transport: SpApiTransportLike;
  gate: QuotaGate;
  /** The bucket key of the seller's usage plans (application x seller x region, core/rate-limit/quota-keys.ts). */
  sellerKey: string;
  /** The bucket key of grantless operations (application x region); `sellerKey` when absent. */
  applicationKey?: string;
  /** The backend's own pacing per operation (its `quota.rateOverrides`). */
  rateOverrides?: Readonly<Partial<Record<SpApiOperationName, RateOverride>>>;
  retry?: Partial<RetryPolicy>;
  /** Longest wait for a quota token before giving the job back (RetryableError QUOTA_WAIT from the gate). */
  maxQuotaWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  logger?: { warn(details: Record<string, unknown>, message: string): void };
  /** Told about every request sent (for metrics): the HTTP status, or 'error' when none came back. */
  onResponse?: (operation: string, status: number | 'error') => void;
}

export interface CallOptions {
  /** Ends the quota wait, the request and the backoff at once with RetryableError('INTERRUPTED'). */
  signal?: AbortSignal;
}
