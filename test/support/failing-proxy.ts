/**
 * An HTTP proxy in front of a sandbox that answers 502 (a gateway whose upstream is down) while `failing` is set,
 * and forwards otherwise: the ERP "down for a while" of the boot and set-up tests, independent of any fault
 * injection the sandboxes offer. `refused` counts the requests it answered 502.
 */
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface FailingProxy {
  url: string;
  failing: boolean;
  refused: number;
  close(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1:0 in front of `target` (http://host:port), failing from the start when asked. */
export async function startFailingProxy(target: string, opts: { failing?: boolean } = {}): Promise<FailingProxy> {
  const to = new URL(target);
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    if (state.failing) {
      state.refused++;
      req.resume();
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      return;
    }
    const out = http.request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host }, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(out);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const state: FailingProxy = {
    url: `http://127.0.0.1:${port}`,
    failing: opts.failing ?? false,
    refused: 0,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      agent.destroy();
    },
  };
  return state;
}
