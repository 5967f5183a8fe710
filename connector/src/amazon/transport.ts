/**
 * `amazon-sp-api` used as a transport only: it signs nothing we could not, but it knows every operation's path
 * and the LWA token exchange. Everything it would decide for us is switched off (see sp-api-notes.md):
 * - `auto_request_throttled: false`: it would wait 60 s+ with no cap and no shared bucket; call.ts throttles.
 * - `retry_remote_timeout: false`: it would retry resets instantly and forever; call.ts retries, capped.
 * - `raw_result: true`: errors would lose the HTTP status; we classify on status + Amazon's error code.
 * - timeouts always set; for empty (204) answers the response timer is left out (it stays armed after a 204).
 * - a fresh params object for every call, because `callAPI` mutates its argument (path encoding, api_path...).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type https from 'node:https';
import { SellingPartner } from 'amazon-sp-api';
import { agentFor, type EndpointOverride } from './endpoint-override.ts';
import { createDocumentTransfer, type DocumentTransfer } from './feed-documents.ts';

export type SpApiRegion = 'na' | 'eu' | 'fe';

export interface SpApiCredentials {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

export interface SpApiTimeouts {
  /** ms until the first byte of the answer. */
  response: number;
  /** ms between two chunks of the answer. */
  idle: number;
  /** ms until the whole answer is in. */
  deadline: number;
}

export interface SpApiTransportOptions {
  region: SpApiRegion;
  credentials: SpApiCredentials;
  /** Send everything (LWA included) as plain HTTP to this server, which routes on the Host header. */
  endpoint?: EndpointOverride;
  timeouts?: Partial<SpApiTimeouts>;
  /** LWA access tokens live 1 h; refresh a little before so no call meets an expired one. */
  tokenTtlMs?: number;
  now?: () => number;
}

export interface SpApiRequest {
  /** The client's `endpoint.operation`, e.g. `orders.searchOrders`. */
  clientOperation: string;
  /** The API version (the client would pick v0 for getOrder without it). */
  version: string;
  path?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, string | number | readonly string[]>>;
  body?: unknown;
  /** Extra request headers (Shipping v2's `x-amzn-IdempotencyKey`); the client adds them to its own. */
  headers?: Readonly<Record<string, string>>;
  /** The operation answers 204 with no body on success (e.g. confirmShipment). */
  emptyResponse?: boolean;
  /**
   * A grantless operation (destinations, subscriptions by id): the client sends it with the application's
   * client_credentials token of this scope (it knows which operations are grantless); the transport keeps that
   * token fresh like the seller's.
   */
  grantlessScope?: GrantlessScope;
}

/** The LWA scope of the Notifications API's grantless operations. */
export const NOTIFICATIONS_SCOPE = 'sellingpartnerapi::notifications' as const;
export type GrantlessScope = typeof NOTIFICATIONS_SCOPE;

export interface RawResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What call.ts needs from a transport (tests may substitute their own). */
export interface SpApiTransportLike {
  send(request: SpApiRequest): Promise<RawResponse>;
  /** Forgets the access token (the seller's, or the grantless one of `scope`) and fetches a new one. */
  refreshToken(scope?: GrantlessScope): Promise<void>;
}

/** An LWA token exchange that Amazon refused (bad client, revoked refresh token) or answered unreadably. */
export class LwaTokenError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LwaTokenError';
    this.code = code;
  }
}

const DEFAULT_TIMEOUTS: SpApiTimeouts = { response: 20_000, idle: 10_000, deadline: 60_000 };
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);

/** The slice of the untyped client this transport calls (its bundled typings mix v0 and 2026 shapes). */
interface ClientSurface {
  callAPI(params: Record<string, unknown>): Promise<unknown>;
  refreshAccessToken(scope?: string): Promise<void>;
}

/** One SP-API transport per backend (seller account): one client, one agent, one cached LWA token. */
export class SpApiTransport implements SpApiTransportLike {
  readonly #client: ClientSurface;
  readonly #agent: https.Agent;
  readonly #timeouts: SpApiTimeouts;
  readonly #tokenTtlMs: number;
  readonly #now: () => number;
  /** When each token was fetched: '' for the seller's, the scope for a grantless one. */
  readonly #tokenAt = new Map<string, number>();
  readonly #refreshing = new Map<string, Promise<void>>();

  constructor(options: SpApiTransportOptions) {
    this.#agent = agentFor(options.endpoint);
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    this.#tokenTtlMs = options.tokenTtlMs ?? 50 * 60_000;
    this.#now = options.now ?? Date.now;
    const client = new SellingPartner({
      region: options.region,
      refresh_token: options.credentials.refreshToken,
      credentials: {
        SELLING_PARTNER_APP_CLIENT_ID: options.credentials.clientId,
        SELLING_PARTNER_APP_CLIENT_SECRET: options.credentials.clientSecret,
      },
      options: {
        auto_request_tokens: true,
        auto_request_throttled: false,
        retry_remote_timeout: false,
        https_proxy_agent: this.#agent,
        timeouts: { ...this.#timeouts },
      },
    });
    this.#client = client as unknown as ClientSurface;
  }

  /** Sends one request (after making sure a fresh LWA token is cached) and returns status, headers and body. */
  async send(request: SpApiRequest): Promise<RawResponse> {
    // The client caches a grantless token for ever once fetched: it is renewed here like the seller's.
    const scope = request.grantlessScope;
    if (this.#now() - (this.#tokenAt.get(scope ?? '') ?? Number.NEGATIVE_INFINITY) >= this.#tokenTtlMs) await this.refreshToken(scope);
    const timeouts = request.emptyResponse ? { ...this.#timeouts, response: 0 } : { ...this.#timeouts };
    // Built anew on every call: callAPI rewrites path values and adds fields to the object it is given.
    const params: Record<string, unknown> = {
      operation: request.clientOperation,
      options: { version: request.version, raw_result: true, timeouts },
    };
    if (request.path) params.path = { ...request.path };
    if (request.query) params.query = copyQuery(request.query);
    if (request.body !== undefined) params.body = structuredClone(request.body);
    if (request.headers) params.headers = { ...request.headers };
    const raw = (await this.#client.callAPI(params)) as { statusCode: number; headers: IncomingHttpHeaders; body: string; chunks?: Buffer[] };
    return { statusCode: raw.statusCode, headers: raw.headers, body: bodyText(raw) };
  }

  /**
   * Exchanges the refresh token for an access token (or, with a grantless `scope`, the application's client id and
   * secret for a client_credentials token of that scope); concurrent callers share one exchange per token.
   */
  refreshToken(scope?: GrantlessScope): Promise<void> {
    const key = scope ?? '';
    let pending = this.#refreshing.get(key);
    if (!pending) {
      pending = this.#exchange(scope).finally(() => this.#refreshing.delete(key));
      this.#refreshing.set(key, pending);
    }
    return pending;
  }

  async #exchange(scope: GrantlessScope | undefined): Promise<void> {
    try {
      await (scope ? this.#client.refreshAccessToken(scope) : this.#client.refreshAccessToken());
      this.#tokenAt.set(scope ?? '', this.#now());
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      // Network faults stay as they are (call.ts retries them); anything else is LWA's own answer.
      if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('API_'))) throw e;
      const message = e instanceof Error ? e.message : String(e);
      throw new LwaTokenError(typeof code === 'string' ? code : 'LWA_ERROR', message.slice(0, 300), { cause: e });
    }
  }

  /** Moves feed and report document bytes over this backend's agent (see feed-documents.ts). */
  documents(): DocumentTransfer {
    return createDocumentTransfer(this.#agent, this.#timeouts.deadline);
  }

  /** Closes the kept-alive sockets (at shutdown, and in tests). */
  close(): void {
    this.#agent.destroy();
  }
}

function copyQuery(query: Readonly<Record<string, string | number | readonly string[]>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) out[key] = Array.isArray(value) ? [...value] : value;
  return out;
}

/**
 * The answer's text, decoded once from its bytes: the client builds `body` by adding each chunk to a string, which
 * breaks a multi-byte UTF-8 character that straddles two chunks ("République" read as "R\uFFFD\uFFFDpublique" in
 * a large page), so the raw chunks it also keeps are joined first.
 */
export function bodyText(raw: { body: string; chunks?: Buffer[] }): string {
  return raw.chunks?.length ? Buffer.concat(raw.chunks).toString('utf8') : raw.body;
}
