/**
 * A tiny fake Amazon for the adapter's tests: one plain-HTTP server on 127.0.0.1 that routes on the Host header,
 * as the endpoint override expects (api.amazon.com = LWA, sellingpartnerapi-* = SP-API). Each test scripts the
 * SP-API answers with `reply`; every request is recorded, decoded as a real server would decode it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  host: string;
  method: string;
  path: string;
  /** Query parameters after decoding (SP-API arrays arrive comma-joined). */
  query: Record<string, string>;
  accessToken?: string;
  /** The request's content type and body bytes (a feed document's upload). */
  contentType?: string;
  bytes?: Buffer;
}

export type FakeReply =
  | {
      status: number;
      headers?: Record<string, string>;
      body?: unknown;
      /** Sent as is instead of JSON. */
      raw?: string;
      /** Sent as these bytes (a gzipped document). */
      bytes?: Buffer;
      /** Send the body's bytes in two writes cut at this byte (a network chunk boundary), the second a moment later. */
      splitAtByte?: number;
    }
  | { reset: true }
  | { hang: true };

export interface LwaCall {
  host: string;
  body: Record<string, unknown>;
}

export class FakeAmazon {
  readonly requests: FakeRequest[] = [];
  readonly lwaCalls: LwaCall[] = [];
  /** The SP-API answer to the next request (the default answers an empty page). */
  reply: (req: FakeRequest, n: number) => FakeReply = () => ({ status: 200, body: { orders: [] } });
  /** LWA's answer; by default a fresh token per exchange. */
  lwaReply: (n: number) => { status: number; body?: unknown; raw?: string } = (n) => ({
    status: 200,
    body: { access_token: `Atza|token-${n}`, token_type: 'bearer', expires_in: 3600 },
  });
  /** Shared with the fake gate so tests can see the order of events. */
  readonly log: string[];
  readonly #server: http.Server;

  private constructor(log: string[]) {
    this.log = log;
    this.#server = http.createServer((req, res) => this.#handle(req, res));
  }

  /** Starts a fake on a free loopback port. */
  static async start(log: string[] = []): Promise<FakeAmazon> {
    const fake = new FakeAmazon(log);
    await new Promise<void>((resolve) => fake.#server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('utf8');
      const host = req.headers.host ?? '';
      if (host === 'api.amazon.com' && req.url === '/auth/o2/token') {
        this.lwaCalls.push({ host, body: JSON.parse(raw) as Record<string, unknown> });
        this.log.push('lwa');
        const answer = this.lwaReply(this.lwaCalls.length);
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.raw ?? JSON.stringify(answer.body));
        return;
      }
      const url = new URL(req.url ?? '/', 'http://fake');
      const token = req.headers['x-amz-access-token'];
      const request: FakeRequest = {
        host,
        method: req.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        ...(typeof token === 'string' ? { accessToken: token } : {}),
        ...(req.headers['content-type'] ? { contentType: req.headers['content-type'] } : {}),
        ...(bytes.length ? { bytes } : {}),
      };
      this.requests.push(request);
      this.log.push(`request ${url.pathname}`);
      const reply = this.reply(request, this.requests.length);
      if ('reset' in reply) return void req.socket.destroy();
      if ('hang' in reply) return;
      if (reply.bytes) return void res.writeHead(reply.status, reply.headers).end(reply.bytes);
      const body = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
      res.writeHead(reply.status, {
        ...(body ? { 'content-type': 'application/json' } : {}),
        'x-amzn-RequestId': `req-${this.requests.length}`,
        ...reply.headers,
      });
      if (reply.splitAtByte === undefined) return void res.end(body);
      const out = Buffer.from(body, 'utf8');
      res.write(out.subarray(0, reply.splitAtByte));
      setTimeout(() => res.end(out.subarray(reply.splitAtByte)), 20);
    });
  }
}

/** Amazon's 429 answer, as documented (the rate header is optional). */
export function quotaExceeded(rateHeader?: string): FakeReply {
  return {
    status: 429,
    headers: { 'x-amzn-ErrorType': 'TooManyRequestsException', ...(rateHeader ? { 'x-amzn-RateLimit-Limit': rateHeader } : {}) },
    body: { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.' }] },
  };
}
