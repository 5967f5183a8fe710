// The HTTP layer: connections are reused, and a dead kept-alive connection is retried only for read-only calls.
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RetryableError } from '../../core/errors.ts';
import { HttpClient } from './http-client.ts';

let server: http.Server | undefined;
let client: HttpClient | undefined;
afterEach(async () => {
  client?.close();
  server?.closeAllConnections();
  server?.close();
});

/** A server that counts TCP connections and requests; `dropNth` kills the socket instead of answering. */
async function start(dropNth?: number): Promise<{ url: string; connections: () => number; requests: () => number; paths: string[] }> {
  const paths: string[] = [];
  let connections = 0;
  let requests = 0;
  server = http.createServer((req, res) => {
    requests++;
    paths.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      if (requests === dropNth) req.socket.destroy();
      else res.end(JSON.stringify({ n: requests }));
    });
  });
  server.on('connection', () => connections++);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/base`, connections: () => connections, requests: () => requests, paths };
}

describe('HttpClient', () => {
  it('reuses one kept-alive connection for sequential calls, under the base path', async () => {
    const s = await start();
    client = new HttpClient(s.url, { timeoutMs: 2000, maxSockets: 4 });
    for (let i = 0; i < 5; i++) expect((await client.send('POST', '/x', {}, '{}')).status).toBe(200);
    expect(s.connections()).toBe(1);
    expect(s.paths[0]).toBe('/base/x');
  });

  it('resends a read-only call once when the reused connection dies', async () => {
    const s = await start(2);
    client = new HttpClient(s.url, { timeoutMs: 2000, maxSockets: 1 });
    await client.send('POST', '/read', {}, '{}', true);
    const answer = await client.send('POST', '/read', {}, '{}', true);
    expect(JSON.parse(answer.body)).toEqual({ n: 3 });
    expect(s.connections()).toBe(2);
  });

  it('never resends a write: the caller gets a retryable ERP_UNAVAILABLE and decides (it may have been applied)', async () => {
    const s = await start(2);
    client = new HttpClient(s.url, { timeoutMs: 2000, maxSockets: 1 });
    await client.send('POST', '/create', {}, '{}');
    const err = await client.send('POST', '/create', {}, '{}').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as RetryableError).code).toBe('ERP_UNAVAILABLE');
    expect(s.requests()).toBe(2);
  });
});
