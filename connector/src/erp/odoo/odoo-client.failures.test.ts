// How the adapter reports failures the recordings do not show: broken proxies, a server that is down or slow,
// bad credentials, transaction conflicts; plus JSON-RPC's answer quirks and the metrics hook.
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError, RetryableError, type SyncError } from '../../core/errors.ts';
import type { ErpCallEvent } from '../erp-port.ts';
import { connectOdoo } from './connect-odoo.ts';
import type { OdooClient } from './odoo-client.ts';
import { startFakeOdoo, type FakeAnswer, type FakeOdoo, type ReceivedCall } from './testing/fake-odoo-server.ts';

const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function fakeWith(handler: (c: ReceivedCall) => FakeAnswer | undefined): Promise<FakeOdoo> {
  // /web/version is left to the fake's default answer (Odoo 19).
  const fake = await startFakeOdoo({ handler: (c) => (c.url === '/web/version' ? undefined : handler(c)) });
  cleanup.push(() => fake.close());
  return fake;
}

async function json2(fake: FakeOdoo, extra: Record<string, unknown> = {}): Promise<OdooClient> {
  const client = await connectOdoo({ url: fake.url, database: 'db', apiKey: 'k', ...extra });
  cleanup.push(() => client.close());
  return client;
}

const contextGet: FakeAnswer = { status: 200, body: { lang: 'en_US', tz: false, uid: 2 } };
const rpc = (c: ReceivedCall) => c.body as { id: number; params: { service: string; method: string; args: unknown[] } };

async function failure(p: Promise<unknown>): Promise<SyncError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e, 'the call should have failed').toBeDefined();
  return e as SyncError;
}

describe('JSON-2 answers without an Odoo error body', () => {
  it.each([
    [502, '<html>Bad Gateway</html>'],
    [503, '<html>Service Unavailable</html>'],
    [500, ''],
  ])('a bare %i is retryable ERP_UNAVAILABLE', async (status, body) => {
    const fake = await fakeWith((c) => (c.url.endsWith('context_get') ? contextGet : { status, body }));
    const client = await json2(fake);
    const err = await failure(client.search('res.partner', []));
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.code).toBe('ERP_UNAVAILABLE');
    expect(err.details).toMatchObject({ httpStatus: status });
  });

  it('passes on Retry-After', async () => {
    const fake = await fakeWith((c) =>
      c.url.endsWith('context_get') ? contextGet : { status: 503, body: 'busy', headers: { 'Retry-After': '7' } });
    const err = (await failure((await json2(fake)).search('res.partner', []))) as RetryableError;
    expect(err.retryAfterMs).toBe(7000);
  });

  it('a 200 that is not JSON is retryable ERP_PROTOCOL', async () => {
    const fake = await fakeWith((c) => (c.url.endsWith('context_get') ? contextGet : { status: 200, body: '<html>login</html>' }));
    const err = await failure((await json2(fake)).search('res.partner', []));
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.code).toBe('ERP_PROTOCOL');
  });

  it('an Odoo 500 with a transaction conflict is retryable', async () => {
    const conflict = { name: 'psycopg2.errors.SerializationFailure', message: 'could not serialize access due to concurrent update' };
    const fake = await fakeWith((c) => (c.url.endsWith('context_get') ? contextGet : { status: 500, body: conflict }));
    const err = await failure((await json2(fake)).write('sale.order', [1], { note: 'x' }));
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.code).toBe('ERP_UNAVAILABLE');
    expect(err.details).toMatchObject({ exceptionName: 'psycopg2.errors.SerializationFailure' });
  });
});

describe('credentials and reachability', () => {
  it('a wrong API key fails at connect with ERP_AUTH_FAILED (Odoo answers 401 Unauthorized)', async () => {
    const fake = await startFakeOdoo({ apiKey: 'right', recordings: [] });
    cleanup.push(() => fake.close());
    const err = await failure(connectOdoo({ url: fake.url, database: 'db', apiKey: 'wrong' }));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('ERP_AUTH_FAILED');
    expect(err.details).toMatchObject({ exceptionName: 'werkzeug.exceptions.Unauthorized', httpStatus: 401 });
  });

  it('a JSON-RPC login answered false fails with ERP_AUTH_FAILED', async () => {
    const fake = await fakeWith((c) => (c.url === '/jsonrpc' ? { status: 200, body: { jsonrpc: '2.0', id: rpc(c).id, result: false } } : undefined));
    const err = await failure(connectOdoo({ url: fake.url, database: 'db', login: 'admin', password: 'nope' }));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.code).toBe('ERP_AUTH_FAILED');
  });

  it('a closed port is retryable ERP_UNAVAILABLE', async () => {
    const server = http.createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    server.close();
    await once(server, 'close');
    const err = await failure(connectOdoo({ url: `http://127.0.0.1:${port}`, database: 'db', apiKey: 'k' }));
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.code).toBe('ERP_UNAVAILABLE');
    expect(err.details).toMatchObject({ errno: 'ECONNREFUSED' });
  });

  it('a server that does not answer in time is retryable ERP_TIMEOUT', async () => {
    const fake = await startFakeOdoo({
      handler: (c) => (c.url.endsWith('context_get') ? contextGet : c.url.startsWith('/json/2/') ? new Promise(() => undefined) : undefined),
    });
    cleanup.push(() => fake.close());
    const client = await json2(fake, { timeoutMs: 150 });
    const started = Date.now();
    const err = await failure(client.search('res.partner', []));
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.code).toBe('ERP_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('JSON-RPC answer quirks', () => {
  /** A JSON-RPC fake: login gives uid 2, execute_kw calls go to `exec`. */
  async function rpcClient(exec: (model: string, method: string, args: unknown[], kwargs: unknown) => unknown): Promise<OdooClient> {
    const fake = await fakeWith((c) => {
      if (c.url !== '/jsonrpc') return undefined;
      const { id, params } = rpc(c);
      if (params.service === 'common') return { status: 200, body: { jsonrpc: '2.0', id, result: 2 } };
      const [, , , model, method, args, kwargs] = params.args as [string, number, string, string, string, unknown[], unknown];
      const envelope = exec(model, method, args, kwargs) as Record<string, unknown>;
      return { status: 200, body: { jsonrpc: '2.0', id, ...envelope } };
    });
    const client = await connectOdoo({ url: fake.url, database: 'db', login: 'admin', password: 'pw' });
    cleanup.push(() => client.close());
    return client;
  }

  it('an answer without a result key is null', async () => {
    const client = await rpcClient(() => ({}));
    expect(await client.call('stock.quant', 'action_apply_inventory', [4])).toBeNull();
  });

  it('create answered with an int (Odoo does so for a single dict) still gives a list of ids', async () => {
    const client = await rpcClient(() => ({ result: 42 }));
    expect(await client.create('res.partner', [{ name: 'A' }])).toEqual([42]);
  });

  it('a create answering fewer ids than records sent is a protocol error, not a silent mismatch', async () => {
    const client = await rpcClient(() => ({ result: [1] }));
    const err = await failure(client.create('res.partner', [{ name: 'A' }, { name: 'B' }]));
    expect(err.code).toBe('ERP_PROTOCOL');
  });

  it('a deadlock reported in error.data is retryable; Odoo\'s message is kept, the request is not', async () => {
    const client = await rpcClient(() => ({
      error: { code: 0, message: 'Odoo Server Error', data: { name: 'psycopg2.errors.DeadlockDetected', message: 'deadlock detected' } },
    }));
    const err = await failure(client.create('res.partner', [{ name: 'Jane Buyer', email: 'jane@example.com' }]));
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.details).toMatchObject({ exceptionName: 'psycopg2.errors.DeadlockDetected', odooMessage: 'deadlock detected' });
    expect(JSON.stringify(err.details) + err.message).not.toMatch(/Jane|jane@example/);
  });

  it('a wrong password on execute_kw (AccessDenied) is ERP_AUTH_FAILED', async () => {
    const client = await rpcClient(() => ({
      error: { code: 0, message: 'Odoo Server Error', data: { name: 'odoo.exceptions.AccessDenied', message: 'Access Denied' } },
    }));
    expect((await failure(client.search('res.partner', []))).code).toBe('ERP_AUTH_FAILED');
  });
});

describe('metrics hook', () => {
  it('reports every call with model, method, transport and the error code of failures', async () => {
    const events: ErpCallEvent[] = [];
    const fake = await fakeWith((c) => {
      if (c.url.endsWith('context_get')) return contextGet;
      if (c.url.endsWith('/res.partner/search')) return { status: 200, body: [1, 2] };
      return { status: 422, body: { name: 'odoo.exceptions.ValidationError', message: 'Missing required value' } };
    });
    const counted = await connectOdoo({ url: fake.url, database: 'db', apiKey: 'k' }, { onCall: (e) => events.push(e) });
    cleanup.push(() => counted.close());
    expect(await counted.search('res.partner', [['name', 'ilike', 'a']])).toEqual([1, 2]);
    await failure(counted.create('sale.order', [{}]));
    expect(events.map((e) => [e.model, e.method, e.transport, e.errorCode])).toEqual([
      ['res.users', 'context_get', 'json2', undefined],
      ['res.partner', 'search', 'json2', undefined],
      ['sale.order', 'create', 'json2', 'ERP_VALIDATION'],
    ]);
    expect(events.every((e) => e.durationMs >= 0)).toBe(true);
  });
});
