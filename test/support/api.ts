/**
 * The connector's HTTP API over a stack's in-process connector, listening on a free loopback port, and a tiny
 * client that keeps every answer's text (so a test can search all of them, e.g. for buyer PII).
 */
import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { buildApi, type Api, type ApiOptions } from '../../connector/src/api/server.ts';
import { createApiServices } from '../../connector/src/app/api-services.ts';
import type { ConnectionServiceOptions } from '../../connector/src/app/connection-services.ts';
import type { ApiDeps } from '../../connector/src/api/deps.ts';
import type { Stack } from './connector-stack.ts';

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  text: string;
  contentType: string;
}

export interface RequestOptions {
  token?: string | null;
  /** Sent as is (no JSON encoding), e.g. malformed JSON. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface RawAnswer {
  status: number;
  text: string;
  contentType: string;
  wwwAuthenticate: string | undefined;
}

export interface ApiHandle {
  url: string;
  token: string;
  app: Api;
  /** Everything the API logged so far (pino JSON lines, at level info). */
  log(): string;
  /** Every answer body received so far, as text. */
  answers: string[];
  get<T = unknown>(path: string, opts?: { token?: string | null }): Promise<ApiAnswer<T>>;
  post<T = unknown>(path: string, body: unknown, opts?: { token?: string | null }): Promise<ApiAnswer<T>>;
  patch<T = unknown>(path: string, body: unknown, opts?: { token?: string | null }): Promise<ApiAnswer<T>>;
  del<T = unknown>(path: string, opts?: { token?: string | null }): Promise<ApiAnswer<T>>;
  /** Any method; `body` is sent as JSON unless `opts.rawBody` is given. */
  send<T = unknown>(method: string, path: string, body?: unknown, opts?: RequestOptions): Promise<ApiAnswer<T>>;
  /** The request target exactly as written (no URL normalisation: `/x/../api`, `//api`), over node:http. */
  raw(method: string, target: string, headers?: Record<string, string>, body?: string): Promise<RawAnswer>;
  close(): Promise<void>;
}

/** Starts the API of `stack` on 127.0.0.1:0 with a fresh admin token (`flows`: other flows' parts, for test flows). */
export async function startApi(stack: Pick<Stack, 'env'>, opts: { flows?: ApiDeps['flows']; services?: ConnectionServiceOptions; panel?: ApiOptions['panel'] } = {}): Promise<ApiHandle> {
  const token = randomBytes(18).toString('base64url');
  let logText = '';
  const logStream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      logText += chunk.toString();
      cb();
    },
  });
  const deps = createApiServices(stack.env, 'test', opts.services);
  const app = await buildApi(opts.flows ? { ...deps, flows: opts.flows } : deps, { adminToken: token, logLevel: 'info', logStream, docsUi: true, ...(opts.panel ? { panel: opts.panel } : {}) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const answers: string[] = [];
  const send = async <T>(method: string, path: string, body: unknown, opts: RequestOptions = {}): Promise<ApiAnswer<T>> => {
    const auth = opts.token === undefined ? token : opts.token;
    const headers: Record<string, string> = auth === null ? {} : { authorization: `Bearer ${auth}` };
    const payload = opts.rawBody ?? (body !== undefined ? JSON.stringify(body) : undefined);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    Object.assign(headers, opts.headers);
    const res = await fetch(`${url}${path}`, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await res.text();
    answers.push(text);
    const json = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, body: (json ? JSON.parse(text) : text) as T, text, contentType: res.headers.get('content-type') ?? '' };
  };
  const raw = (method: string, target: string, headers: Record<string, string> = {}, body?: string) =>
    new Promise<RawAnswer>((resolve, reject) => {
      const port = (app.server.address() as AddressInfo).port;
      // A connection of its own: a malformed request may close it.
      const req = httpRequest({ host: '127.0.0.1', port, method, path: target, headers, agent: false }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text, contentType: String(res.headers['content-type'] ?? ''), wwwAuthenticate: res.headers['www-authenticate'] }),
        );
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    url,
    token,
    app,
    log: () => logText,
    answers,
    get: (path, opts) => send('GET', path, undefined, opts),
    post: (path, body, opts) => send('POST', path, body, opts),
    patch: (path, body, opts) => send('PATCH', path, body, opts),
    del: (path, opts) => send('DELETE', path, undefined, opts),
    send: (method, path, body, opts) => send(method, path, body, opts),
    raw,
    close: () => app.close(),
  };
}
