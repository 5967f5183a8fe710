// The ERP URL is checked again when connecting: every address the name resolves to, before any byte is sent.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentError } from '../../core/errors.ts';
import { connectOdoo } from './connect-odoo.ts';
import { HttpClient } from './http-client.ts';

let server: http.Server;
let port: number;
let requests = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests++;
    req.resume();
    res.end('{}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('ERP address guard', () => {
  it('checks the resolved addresses of a name and refuses with a permanent ERP_URL_REFUSED, nothing sent', async () => {
    const seen: string[] = [];
    // Stands in for a policy that forbids loopback (the real one forbids link-local): `localhost` really resolves.
    const refuseLoopback = (address: string) => {
      seen.push(address);
      if (address === '127.0.0.1' || address === '::1') throw new PermanentError('ERP_URL_REFUSED', 'refused', { address });
    };
    const client = new HttpClient(`http://localhost:${port}`, { timeoutMs: 2000, maxSockets: 1, checkAddress: refuseLoopback });
    try {
      const before = requests;
      const err = await client.send('GET', '/web/version', {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PermanentError);
      expect(err).toMatchObject({ code: 'ERP_URL_REFUSED' });
      expect(seen.length).toBeGreaterThan(0);
      expect(requests).toBe(before);
    } finally {
      client.close();
    }
    const allowed = new HttpClient(`http://localhost:${port}`, { timeoutMs: 2000, maxSockets: 1, checkAddress: () => {} });
    try {
      expect((await allowed.send('GET', '/web/version', {})).status).toBe(200);
    } finally {
      allowed.close();
    }
  });

  it('connectOdoo refuses a metadata URL before connecting, unless the switch allows link-local', async () => {
    await expect(connectOdoo({ url: 'http://169.254.169.254', database: 'db', apiKey: 'k' })).rejects.toMatchObject({ code: 'ERP_URL_REFUSED' });
    await expect(connectOdoo({ url: 'http://metadata.google.internal', database: 'db', apiKey: 'k' })).rejects.toMatchObject({ code: 'ERP_URL_REFUSED' });
    // Allowed, it is tried (and found unreachable here: a different, retryable code).
    const allowed = await connectOdoo(
      { url: 'http://169.254.169.254', database: 'db', apiKey: 'k', timeoutMs: 300 },
      { urlPolicy: { allowLinkLocal: true } },
    ).catch((e: unknown) => e);
    expect((allowed as { code: string }).code).not.toBe('ERP_URL_REFUSED');
  });
});
