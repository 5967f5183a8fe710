/**
 * A small HTTP proxy that records every request it forwards (URL and JSON body), for tests that must see what the
 * connector sends to the ERP (e.g. the context of every call) without the sandbox having to log it.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  url: string;
  body: unknown;
}

export interface RecordingProxy {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1:0 in front of `target` (an http://host:port base URL). */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const to = new URL(target);
  const requests: RecordedRequest[] = [];
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let body: unknown = raw.toString('utf8');
      try {
        body = raw.length ? JSON.parse(body as string) : undefined;
      } catch {
        // not JSON: kept as text
      }
      requests.push({ url: req.url ?? '', body });
      const out = http.request(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host }, agent },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      out.end(raw);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    async close() {
      agent.destroy();
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

/** The ERP model calls among `requests` (JSON-2 and JSON-RPC `execute_kw`), each with the context it carried. */
export function erpCallContexts(requests: readonly RecordedRequest[]): Array<{ call: string; context: Record<string, unknown> | undefined }> {
  return requests.flatMap((r) => {
    if (r.url.startsWith('/json/2/')) {
      const [model, method] = r.url.slice('/json/2/'.length).split('/');
      return [{ call: `${model}.${method}`, context: (r.body as { context?: Record<string, unknown> }).context }];
    }
    if (r.url !== '/jsonrpc') return [];
    const { params } = r.body as { params: { service: string; method: string; args: unknown[] } };
    if (params.service !== 'object' || params.method !== 'execute_kw') return [];
    const kwargs = (params.args[6] ?? {}) as { context?: Record<string, unknown> };
    return [{ call: `${String(params.args[3])}.${String(params.args[4])}`, context: kwargs.context }];
  });
}
