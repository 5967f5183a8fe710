/** A fetch replacement for component tests: answers by "METHOD path" with JSON, and records every request. */
import { vi } from 'vitest';

export type Reply = { status?: number; body: unknown } | ((req: Request) => { status?: number; body: unknown });

export function mockFetch(routes: Record<string, Reply>) {
  const calls: Request[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(typeof input === 'string' && input.startsWith('/') ? `http://panel.test${input}` : input, init);
    calls.push(req);
    const url = new URL(req.url);
    const reply = routes[`${req.method} ${url.pathname}`];
    if (!reply) return new Response(JSON.stringify({ code: 'NOT_FOUND', message: `no route ${url.pathname}` }), { status: 404, headers: { 'content-type': 'application/json' } });
    const r = typeof reply === 'function' ? reply(req) : reply;
    return new Response(JSON.stringify(r.body), { status: r.status ?? 200, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fn);
  return { fn, calls };
}
