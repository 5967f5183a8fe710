/**
 * Test support: a tiny fake Odoo on 127.0.0.1:0 that answers each recorded request with its recorded status and
 * body, matched on URL + request body (JSON keys in any order; the JSON-RPC id and the secret, which the
 * recordings redact, left out of the match). A request seen several times is answered in recorded order.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Recording } from './recordings.ts';

export interface ReceivedCall {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface FakeAnswer {
  status: number;
  /** A JSON value, or a raw string sent as is (to play a proxy's HTML page). */
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakeOdooOptions {
  recordings?: readonly Recording[];
  /** Answer to `GET /web/version`; default: Odoo 19.0 as recorded in the reference. */
  webVersion?: FakeAnswer;
  /** When set, JSON-2 calls without `Authorization: bearer <apiKey>` get Odoo's 401. */
  apiKey?: string;
  /** Asked first; return undefined to fall through to the recordings. */
  handler?: (call: ReceivedCall) => FakeAnswer | undefined | Promise<FakeAnswer | undefined>;
}

export interface FakeOdoo {
  url: string;
  calls: ReceivedCall[];
  /** Requests no recording answered (a test should expect none). */
  unmatched: ReceivedCall[];
  close(): Promise<void>;
}

export const ODOO_19_VERSION = { version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' };

const UNAUTHORIZED = {
  name: 'werkzeug.exceptions.Unauthorized',
  message: '401 Unauthorized: Invalid apikey',
  arguments: ['Invalid apikey'],
  context: {},
  debug: '<traceback omitted>',
};

/** Starts the fake server. */
export async function startFakeOdoo(opts: FakeOdooOptions = {}): Promise<FakeOdoo> {
  const queues = new Map<string, Recording[]>();
  for (const r of opts.recordings ?? []) {
    const key = matchKey(r.url, r.request);
    queues.set(key, [...(queues.get(key) ?? []), r]);
  }
  const calls: ReceivedCall[] = [];
  const unmatched: ReceivedCall[] = [];

  const answer = async (call: ReceivedCall): Promise<FakeAnswer> => {
    const custom = await opts.handler?.(call);
    if (custom) return custom;
    if (call.method === 'GET' && call.url === '/web/version') return opts.webVersion ?? { status: 200, body: ODOO_19_VERSION };
    if (opts.apiKey && call.url.startsWith('/json/2/') && call.headers.authorization !== `bearer ${opts.apiKey}`) {
      return { status: 401, body: UNAUTHORIZED };
    }
    const queue = queues.get(matchKey(call.url, call.body));
    const rec = queue && (queue.length > 1 ? queue.shift() : queue[0]);
    if (!rec) {
      unmatched.push(call);
      return { status: 418, body: 'no recording for this request' };
    }
    const rpcId = (call.body as { id?: unknown } | null)?.id;
    const body = rec.transport === 'jsonrpc' ? { ...(rec.response as object), id: rpcId } : rec.response;
    return { status: rec.status, body };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // keep the raw text
      }
      const call: ReceivedCall = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      calls.push(call);
      void answer(call).then((a) => {
        const raw = typeof a.body === 'string';
        res.writeHead(a.status, { 'Content-Type': raw ? 'text/html' : 'application/json', ...a.headers });
        res.end(raw ? a.body : JSON.stringify(a.body));
      });
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    unmatched,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** URL + canonical body, without what the recordings could not keep as sent (the JSON-RPC id, the secret). */
export function matchKey(url: string, body: unknown): string {
  let b = body;
  if (url === '/jsonrpc' && b && typeof b === 'object') {
    const { id: _id, ...rest } = b as { id?: unknown; params?: { args?: unknown[] } };
    const args = rest.params?.args;
    b = Array.isArray(args) && args.length >= 3
      ? { ...rest, params: { ...rest.params, args: [args[0], args[1], '<secret>', ...args.slice(3)] } }
      : rest;
  }
  return `${url}\n${canonical(b)}`;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'undefined';
}

/** The two ways a connector reaches Odoo, as `connectOdoo` settings for a fake server: JSON-2 (API key) and JSON-RPC. */
export const FAKE_ODOO_FACES = [
  { face: 'JSON-2', settings: { apiKey: 'k', transport: 'json2' } },
  { face: 'JSON-RPC', settings: { login: 'admin', password: 'pw', transport: 'jsonrpc' } },
] as const;
