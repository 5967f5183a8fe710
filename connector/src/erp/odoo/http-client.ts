/**
 * A small HTTP client over node:http(s) with a keep-alive agent: every call to the ERP reuses warm connections
 * (a new TCP + TLS handshake per call would cost more than the call itself), has a deadline, and turns network
 * failures into RetryableErrors. It knows nothing of Odoo's answer format.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isSyncError, RetryableError, type SyncError } from '../../core/errors.ts';

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface HttpClientOptions {
  /** Deadline of one call, from sending to the last byte of the answer. */
  timeoutMs: number;
  /** Connections kept open to the ERP at most (calls beyond wait for a free one). */
  maxSockets: number;
  /**
   * Checks every address the ERP's name resolves to before connecting (throws to refuse): the URL was checked
   * as written, but a name may resolve to a forbidden address later.
   */
  checkAddress?: (address: string) => void;
}

/** dns.lookup, then `check` on every address; a refusal fails the connection with the checker's error. */
function guardedLookup(check: (address: string) => void): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, options, (err, address, family) => {
      if (err) return callback(err, address, family);
      try {
        for (const a of Array.isArray(address) ? address.map((x) => x.address) : [address]) check(a);
      } catch (e) {
        return callback(e as NodeJS.ErrnoException, address, family);
      }
      callback(null, address, family);
    });
  };
}

export class HttpClient {
  readonly #base: URL;
  readonly #agent: http.Agent;
  readonly #timeoutMs: number;
  readonly #request: typeof http.request;

  constructor(baseUrl: string, opts: HttpClientOptions) {
    this.#base = new URL(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
    const secure = this.#base.protocol === 'https:';
    const agentOpts = {
      keepAlive: true,
      maxSockets: opts.maxSockets,
      scheduling: 'lifo' as const,
      ...(opts.checkAddress ? { lookup: guardedLookup(opts.checkAddress) } : {}),
    };
    this.#agent = secure ? new https.Agent(agentOpts) : new http.Agent(agentOpts);
    this.#request = secure ? https.request : http.request;
    this.#timeoutMs = opts.timeoutMs;
  }

  /**
   * Sends one request to `path` (relative to the base URL, so a base path such as /odoo is kept). `safeToResend`
   * marks a read-only call: only those are resent after a kept-alive socket turned out dead, because a reset can
   * also mean the server took the request and died, and a resent create would then create twice.
   */
  async send(method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: string, safeToResend = false): Promise<HttpAnswer> {
    try {
      return await this.#once(method, path, headers, body);
    } catch (e) {
      // An idle kept-alive socket the server closed fails at once with ECONNRESET; Node's documented remedy is to
      // resend on a fresh socket.
      if (safeToResend && (e as { reusedSocketReset?: boolean }).reusedSocketReset) return this.#once(method, path, headers, body);
      throw e;
    }
  }

  /** Closes the idle connections; later calls open new ones. */
  close(): void {
    this.#agent.destroy();
  }

  #once(method: string, path: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
    const url = new URL(path.replace(/^\//, ''), this.#base);
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const allHeaders: Record<string, string | number> = { Accept: 'application/json', ...headers };
    if (payload) allHeaders['Content-Length'] = payload.length;
    return new Promise<HttpAnswer>((resolve, reject) => {
      let settled = false;
      const done = (f: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        f();
      };
      const req = this.#request(url, { method, headers: allHeaders, agent: this.#agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })),
        );
        res.on('error', (err) => done(() => reject(networkError(err, url))));
      });
      const timer = setTimeout(() => {
        done(() => reject(new RetryableError('ERP_TIMEOUT', `ERP did not answer within ${this.#timeoutMs} ms`, { url: url.pathname })));
        req.destroy();
      }, this.#timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A refused address (checkAddress) is a permanent verdict, not a network hiccup.
        if (isSyncError(err)) return done(() => reject(err as SyncError));
        const reset = err.code === 'ECONNRESET' && req.reusedSocket;
        done(() => reject(reset ? Object.assign(networkError(err, url), { reusedSocketReset: true }) : networkError(err, url)));
      });
      req.end(payload);
    });
  }
}

/** Refused, reset, unreachable, unknown host: the ERP is not there now; a later try may find it. */
function networkError(err: NodeJS.ErrnoException, url: URL): RetryableError {
  return new RetryableError('ERP_UNAVAILABLE', `ERP unreachable: ${err.code ?? err.message}`, {
    errno: err.code,
    host: url.host,
    url: url.pathname,
  }, { cause: err });
}
