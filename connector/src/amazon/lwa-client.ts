/**
 * Login with Amazon's token endpoint called directly (`POST https://api.amazon.com/auth/o2/token`, form-encoded),
 * for what the SP-API client does not do: exchanging the website authorisation workflow's `spapi_oauth_code` for a
 * refresh token (`authorization_code`), and a connection test that must tell a bad client from a bad refresh token
 * by LWA's own `error` (`invalid_client` vs `invalid_grant`). Through the endpoint override like every Amazon call.
 */
import http from 'node:http';
import https from 'node:https';
import { PermanentError, RetryableError } from '../core/errors.ts';
import type { EndpointOverride } from './endpoint-override.ts';

const LWA_HOST = 'api.amazon.com';
const LWA_PATH = '/auth/o2/token';

export interface LwaClient {
  clientId: string;
  clientSecret: string;
}

export type LwaGrant =
  | { grantType: 'refresh_token'; refreshToken: string }
  | { grantType: 'authorization_code'; code: string; redirectUri: string };

export interface LwaTokens {
  accessToken: string;
  /** The refresh token (issued by an authorization_code exchange; echoed by a refresh). */
  refreshToken: string | null;
}

export interface LwaCallOptions {
  endpoint?: EndpointOverride | null;
  timeoutMs?: number;
}

/**
 * Asks LWA for tokens. LWA's refusal is a PermanentError('AMAZON_AUTH_FAILED') whose `details.lwaError` is LWA's
 * `error` (`invalid_client`, `invalid_grant`, ...); no answer, a 5xx or a timeout is RetryableError
 * ('AMAZON_UNAVAILABLE' / 'AMAZON_TIMEOUT'). Neither the secret nor the grant ever appears in a message.
 */
export async function requestLwaTokens(client: LwaClient, grant: LwaGrant, opts: LwaCallOptions = {}): Promise<LwaTokens> {
  const form = new URLSearchParams({ grant_type: grant.grantType, client_id: client.clientId, client_secret: client.clientSecret });
  if (grant.grantType === 'refresh_token') form.set('refresh_token', grant.refreshToken);
  else {
    form.set('code', grant.code);
    form.set('redirect_uri', grant.redirectUri);
  }
  const answer = await post(form.toString(), opts);
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(answer.text) as Record<string, unknown>;
  } catch {
    // not JSON: classified by status below
  }
  if (answer.status >= 500) throw new RetryableError('AMAZON_UNAVAILABLE', `Login with Amazon answered ${answer.status}`, { httpStatus: answer.status });
  const lwaError = typeof body.error === 'string' ? body.error : null;
  if (answer.status !== 200 || lwaError || typeof body.access_token !== 'string') {
    const said = typeof body.error_description === 'string' ? `: ${body.error_description.slice(0, 200)}` : '';
    throw new PermanentError('AMAZON_AUTH_FAILED', `Login with Amazon refused the ${grant.grantType} request (${lwaError ?? answer.status})${said}`, {
      httpStatus: answer.status,
      lwaError: lwaError ?? 'unreadable_answer',
    });
  }
  return { accessToken: body.access_token, refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : null };
}

function post(payload: string, opts: LwaCallOptions): Promise<{ status: number; text: string }> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const headers = { host: LWA_HOST, 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', 'content-length': Buffer.byteLength(payload), accept: 'application/json' };
  return new Promise((resolve, reject) => {
    const request = opts.endpoint
      ? http.request({ host: opts.endpoint.host, port: opts.endpoint.port, method: 'POST', path: LWA_PATH, headers })
      : https.request({ host: LWA_HOST, port: 443, method: 'POST', path: LWA_PATH, headers });
    request.setTimeout(timeoutMs, () => request.destroy(new RetryableError('AMAZON_TIMEOUT', `Login with Amazon did not answer within ${timeoutMs} ms`)));
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    request.on('error', (e) => reject(e instanceof RetryableError ? e : new RetryableError('AMAZON_UNAVAILABLE', `Login with Amazon is unreachable: ${(e as NodeJS.ErrnoException).code ?? e.message}`, {}, { cause: e })));
    request.end(payload);
  });
}
