/**
 * The connector's HTTP API over a stack's in-process connector, listening on a free loopback port, and a tiny
 * client that keeps every answer's text (so a test can search all of them, e.g. for buyer PII).
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { buildApi } from '../../connector/src/api/server.ts';
import { createApiServices } from '../../connector/src/app/api-services.ts';
import type { Stack } from './connector-stack.ts';

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  text: string;
}

export interface ApiHandle {
  url: string;
  token: string;
  /** Every answer body received so far, as text. */
  answers: string[];
  get<T = unknown>(path: string, opts?: { token?: string | null }): Promise<ApiAnswer<T>>;
  post<T = unknown>(path: string, body: unknown, opts?: { token?: string | null }): Promise<ApiAnswer<T>>;
  patch<T = unknown>(path: string, body: unknown, opts?: { token?: string | null }): Promise<ApiAnswer<T>>;
  del<T = unknown>(path: string, opts?: { token?: string | null }): Promise<ApiAnswer<T>>;
  close(): Promise<void>;
}

/** Starts the API of `stack` on 127.0.0.1:0 with a fresh admin token. */
export async function startApi(stack: Stack): Promise<ApiHandle> {
  const token = randomBytes(18).toString('base64url');
  const app = await buildApi(createApiServices(stack.env, 'test'), { adminToken: token, logLevel: 'silent', docsUi: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const answers: string[] = [];
  const send = async <T>(method: string, path: string, body: unknown, opts: { token?: string | null } = {}): Promise<ApiAnswer<T>> => {
    const auth = opts.token === undefined ? token : opts.token;
    const headers: Record<string, string> = auth === null ? {} : { authorization: `Bearer ${auth}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    answers.push(text);
    const json = (res.headers.get('content-type') ?? '').includes('json');
    return { status: res.status, body: (json ? JSON.parse(text) : text) as T, text };
  };
  return {
    url,
    token,
    answers,
    get: (path, opts) => send('GET', path, undefined, opts),
    post: (path, body, opts) => send('POST', path, body, opts),
    patch: (path, body, opts) => send('PATCH', path, body, opts),
    del: (path, opts) => send('DELETE', path, undefined, opts),
    close: () => app.close(),
  };
}
