/**
 * A TCP-level HTTP forwarder in front of the Amazon sandbox that keeps every request as sent (its Host header
 * included, on which the sandbox routes) and holds back the requests a test picks for a while before forwarding
 * them: Amazon slow to take a call, e.g. long enough for a page's nextToken to expire on the way.
 */
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface DelayingProxy {
  /** host:port to give the connector as its Amazon endpoint. */
  hostPort: string;
  /** Decides per request (method and path with query) how many ms to hold it; 0 = at once. */
  delayOf: (method: string, url: string) => number;
  /** Requests held so far. */
  held: number;
  close(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1:0 forwarding to `target` (host:port). */
export async function startDelayingProxy(target: string): Promise<DelayingProxy> {
  const [host, port] = target.split(':') as [string, string];
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const wait = state.delayOf(req.method ?? 'GET', req.url ?? '/');
    if (wait > 0) state.held++;
    setTimeout(() => {
      const out = http.request({ host, port: Number(port), method: req.method, path: req.url, headers: req.headers, agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      out.on('error', () => res.destroy());
      req.pipe(out);
    }, wait);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const state: DelayingProxy = {
    hostPort: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    delayOf: () => 0,
    held: 0,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
  return state;
}
