/** A local HTTP receiver standing for a webhook endpoint: it keeps every request as it came and answers as told. */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Captured {
  method: string;
  path: string;
  /** Header name -> value, in the order they were sent (names as sent). */
  headers: Array<[string, string]>;
  bodyRaw: string;
  /** Set when the receiver has answered (or the client went away). */
  finished: boolean;
}

export interface Receiver {
  url: string;
  port: number;
  captured: Captured[];
  /** How the next requests are answered: a status, or `hang` (never answer; the client's timeout ends it). */
  mode: { status: number } | 'hang';
  /** Called when a request has fully arrived, before it is answered. */
  onRequest?: (c: Captured) => Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const sockets = new Set<Socket>();
  const r: Receiver = { url: '', port: 0, captured: [], mode: { status: 200 }, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Array<[string, string]> = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) headers.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
      const c: Captured = { method: req.method ?? '', path: req.url ?? '', headers, bodyRaw: Buffer.concat(chunks).toString('utf8'), finished: false };
      r.captured.push(c);
      res.on('close', () => { c.finished = true; });
      void (async () => {
        await r.onRequest?.(c);
        if (r.mode === 'hang') return;
        res.writeHead(r.mode.status, { 'content-type': 'text/plain' }).end('ok');
      })();
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.port = (server.address() as AddressInfo).port;
  r.url = `http://127.0.0.1:${r.port}/hook`;
  r.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return r;
}
