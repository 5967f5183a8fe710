/**
 * What an SP-API answer (or a failed attempt to get one) means for the caller: go on, retry, refresh the token or
 * give up with a stable code. Decided by the HTTP status and Amazon's own error code together (a 403 "access
 * token expired" is not the same as a 403 "access denied"), never by the status alone.
 */
import type { ErrorCode } from '../core/errors.ts';
import { LwaTokenError } from './transport.ts';

export type RetryCode = Extract<ErrorCode, 'AMAZON_THROTTLED' | 'AMAZON_UNAVAILABLE' | 'AMAZON_TIMEOUT'>;
export type FailCode = Extract<ErrorCode, 'AMAZON_INVALID_REQUEST' | 'AMAZON_AUTH_FAILED' | 'AMAZON_NOT_FOUND'>;

export type Verdict =
  | { kind: 'ok' }
  | { kind: 'retry'; code: RetryCode; /** Amazon certainly did nothing (429, 503, refused connection). */ untouched: boolean }
  | { kind: 'token-expired' }
  | { kind: 'fail'; code: FailCode };

/** Amazon's first error (code and message only: safe to keep and show; the payload never is). */
export interface AmazonErrorInfo {
  amazonCode?: string;
  amazonMessage?: string;
  /**
   * Whether Amazon refused the access token itself (its code is the generic `Unauthorized`): expired, or "revoked,
   * malformed or invalid" (a token revoked by the seller or rotated by Amazon before its hour is up). Either is
   * worth one refresh: only a refresh token that LWA refuses is the backend's real auth failure.
   */
  tokenExpired: boolean;
}

/** Reads `{"errors":[{code, message, details}]}` from an error answer; anything else gives an empty info. */
export function readAmazonError(body: string): AmazonErrorInfo {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { tokenExpired: false };
  }
  const first = (parsed as { errors?: unknown } | null)?.errors;
  const error = Array.isArray(first) ? (first[0] as Record<string, unknown> | undefined) : undefined;
  if (!error || typeof error !== 'object') return { tokenExpired: false };
  const text = (key: string) => (typeof error[key] === 'string' ? (error[key] as string).slice(0, 300) : undefined);
  const amazonCode = text('code');
  const amazonMessage = text('message');
  const said = `${amazonMessage ?? ''} ${text('details') ?? ''}`;
  return { amazonCode, amazonMessage, tokenExpired: amazonCode === 'Unauthorized' && /access token.*(expired|revoked|malformed|invalid)/i.test(said) };
}

/** The verdict on an HTTP answer. */
export function judgeResponse(status: number, info: AmazonErrorInfo): Verdict {
  if (status >= 200 && status < 300) return { kind: 'ok' };
  if (status === 429 || info.amazonCode === 'QuotaExceeded') return { kind: 'retry', code: 'AMAZON_THROTTLED', untouched: true };
  if (status === 403 && info.tokenExpired) return { kind: 'token-expired' };
  if (status === 401 || status === 403) return { kind: 'fail', code: 'AMAZON_AUTH_FAILED' };
  if (status === 404) return { kind: 'fail', code: 'AMAZON_NOT_FOUND' };
  if (status === 408 || status === 504) return { kind: 'retry', code: 'AMAZON_TIMEOUT', untouched: false };
  if (status >= 400 && status < 500) return { kind: 'fail', code: 'AMAZON_INVALID_REQUEST' };
  // 5xx and anything unexpected (3xx from a proxy): the other side is not answering properly right now.
  return { kind: 'retry', code: 'AMAZON_UNAVAILABLE', untouched: status === 503 };
}

const TIMEOUT_CODES = new Set(['API_RESPONSE_TIMEOUT', 'API_IDLE_TIMEOUT', 'API_DEADLINE_TIMEOUT', 'ETIMEDOUT']);
const UNREACHED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const BROKEN_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);
const LWA_REFUSALS = new Set([
  'invalid_grant',
  'invalid_client',
  'unauthorized_client',
  'invalid_request',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
]);

/** The verdict on a thrown error; `unknown` means not a remote fault (a bug): the caller rethrows it as is. */
export function judgeThrown(e: unknown): Verdict | { kind: 'unknown' } {
  if (e instanceof LwaTokenError) {
    return LWA_REFUSALS.has(e.code)
      ? { kind: 'fail', code: 'AMAZON_AUTH_FAILED' }
      : { kind: 'retry', code: 'AMAZON_UNAVAILABLE', untouched: true };
  }
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return { kind: 'unknown' };
  if (TIMEOUT_CODES.has(code)) return { kind: 'retry', code: 'AMAZON_TIMEOUT', untouched: false };
  if (UNREACHED_CODES.has(code)) return { kind: 'retry', code: 'AMAZON_UNAVAILABLE', untouched: true };
  if (BROKEN_CODES.has(code)) return { kind: 'retry', code: 'AMAZON_UNAVAILABLE', untouched: false };
  return { kind: 'unknown' };
}

// A plain decimal, as Amazon prints rates ("0.0056", "2.0", "5"), or in exponent form ("5.6E-3"); nothing else
// (no hex, no sign, no "Infinity", no unit), since Number() would read "0x10" as 16 and " " as 0.
const RATE_TEXT = /^\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/**
 * The rate Amazon announced in `x-amzn-RateLimit-Limit`, when it sent a readable one (requests per second, above
 * zero). A header sent twice arrives joined by ", ": its first value counts ("1,5", a decimal comma, is refused). Whether the rate is believable for
 * the operation is the caller's judgement (`isPlausibleAnnouncedRate` in usage-plans.ts).
 */
export function announcedRate(header: string | string[] | undefined): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.split(', ')[0]?.trim();
  if (value === undefined || !RATE_TEXT.test(value)) return undefined;
  const rate = Number(value);
  return Number.isFinite(rate) && rate > 0 ? rate : undefined;
}
