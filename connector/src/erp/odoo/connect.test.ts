// connectOdoo: the version read from GET /web/version (or JSON-RPC common.version) picks the dialect and, with the
// credentials, the transport; impossible combinations fail at connect with CONFIG_INVALID.
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncError } from '../../core/errors.ts';
import { connectOdoo } from './connect-odoo.ts';
import type { OdooClient } from './odoo-client.ts';
import { startFakeOdoo, type FakeAnswer, type FakeOdoo, type ReceivedCall } from './testing/fake-odoo-server.ts';

const webVersion = (info: unknown[], version: string): FakeAnswer => ({ status: 200, body: { version_info: info, version } });

/** A fake that accepts any JSON-2 call to context_get and any JSON-RPC login. */
function acceptAll(c: ReceivedCall): FakeAnswer | undefined {
  if (c.url === '/json/2/res.users/context_get') return { status: 200, body: { uid: 2 } };
  if (c.url !== '/jsonrpc') return undefined;
  const { id, params } = c.body as { id: number; params: { service: string; method: string } };
  if (params.service === 'common' && params.method === 'login') return { status: 200, body: { jsonrpc: '2.0', id, result: 2 } };
  if (params.service === 'common' && params.method === 'version') {
    return { status: 200, body: { jsonrpc: '2.0', id, result: { server_version: '17.0', server_version_info: [17, 0, 0, 'final', 0, ''], server_serie: '17.0', protocol_version: 1 } } };
  }
  return { status: 200, body: { jsonrpc: '2.0', id, result: [] } };
}

let fake: FakeOdoo | undefined;
let client: OdooClient | undefined;
afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = undefined;
});

async function connectTo(version: FakeAnswer, settings: Record<string, unknown>): Promise<OdooClient> {
  fake = await startFakeOdoo({ webVersion: version, handler: acceptAll });
  client = await connectOdoo({ url: fake.url, database: 'db', ...settings });
  return client;
}

async function refused(version: FakeAnswer, settings: Record<string, unknown>): Promise<SyncError> {
  return connectTo(version, settings).then(() => { throw new Error('connect should have failed'); }, (e: unknown) => e as SyncError);
}

const V17 = webVersion([17, 0, 0, 'final', 0, ''], '17.0');
const V18 = webVersion([18, 0, 0, 'final', 0, ''], '18.0');
const V19 = webVersion([19, 0, 0, 'final', 0, ''], '19.0');

describe('transport and dialect selection', () => {
  it('Odoo 19 with an API key: JSON-2 and the 19 field names', async () => {
    const c = await connectTo(V19, { apiKey: 'k' });
    expect(c.transport).toBe('json2');
    expect(await c.version()).toEqual({ major: 19, serie: '19.0' });
    expect([c.dialect.saleLineTaxesField, c.dialect.saleLineUomField]).toEqual(['tax_ids', 'product_uom_id']);
  });

  it('Odoo 19 with a login and password only: JSON-RPC', async () => {
    const c = await connectTo(V19, { login: 'admin', password: 'pw' });
    expect(c.transport).toBe('jsonrpc');
    expect(c.dialect.saleLineTaxesField).toBe('tax_ids');
  });

  it('Odoo 19 forced to JSON-RPC uses the API key as the secret of login and execute_kw', async () => {
    const c = await connectTo(V19, { apiKey: 'the-key', login: 'admin', transport: 'jsonrpc' });
    expect(c.transport).toBe('jsonrpc');
    await c.search('res.partner', []);
    const secrets = fake!.calls.filter((x) => x.url === '/jsonrpc').map((x) => (x.body as { params: { args: unknown[] } }).params.args[2]);
    expect(secrets).toEqual(['the-key', 'the-key']);
  });

  it('Odoo 18 with an API key and a login: JSON-RPC (no JSON-2 before 19) and the 18 field names', async () => {
    const c = await connectTo(V18, { apiKey: 'k', login: 'admin' });
    expect(c.transport).toBe('jsonrpc');
    expect([c.dialect.saleLineTaxesField, c.dialect.saleLineUomField]).toEqual(['tax_id', 'product_uom']);
    expect(c.dialect.storableProductVals).toEqual({ type: 'consu', is_storable: true });
  });

  it('Odoo 17: JSON-RPC and type product', async () => {
    const c = await connectTo(V17, { login: 'admin', password: 'pw' });
    expect(c.transport).toBe('jsonrpc');
    expect(c.dialect.storableProductVals).toEqual({ type: 'product' });
  });

  it('a saas build counts by its major version', async () => {
    const c = await connectTo(webVersion(['saas~18', 3, 0, 'final', 0, ''], 'saas~18.3'), { login: 'a', password: 'b' });
    expect(await c.version()).toEqual({ major: 18, serie: 'saas~18.3' });
  });

  it('without /web/version, JSON-RPC common.version tells the version', async () => {
    const c = await connectTo({ status: 404, body: '<html>Not Found</html>' }, { login: 'admin', password: 'pw' });
    expect(await c.version()).toEqual({ major: 17, serie: '17.0' });
    expect(c.transport).toBe('jsonrpc');
  });
});

describe('settings that cannot work fail at connect with CONFIG_INVALID', () => {
  it.each([
    ['JSON-2 forced on Odoo 18', V18, { apiKey: 'k', transport: 'json2' }],
    ['an API key without a login on Odoo 18 (JSON-RPC needs the login)', V18, { apiKey: 'k' }],
    ['Odoo 16', webVersion([16, 0, 0, 'final', 0, ''], '16.0'), { login: 'a', password: 'b' }],
    ['no credentials at all', V19, {}],
    ['an unknown setting', V19, { apiKey: 'k', apikey: 'typo' }],
  ])('%s', async (_what, version, settings) => {
    const err = await refused(version, settings);
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.kind).toBe('permanent');
  });

  it('a setting error names the field, never the secret', async () => {
    const err = await refused(V19, { apiKey: 'sekrit', timeoutMs: 5 });
    expect(err.details).toEqual({ fields: ['/timeoutMs'] });
    expect(JSON.stringify(err.details) + err.message).not.toContain('sekrit');
  });
});
