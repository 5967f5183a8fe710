// A multi-company Odoo: a connection that names its company sends `allowed_company_ids: [id]` in the context of
// EVERY call (reads, writes, batches, actions, fields_get, the connect check), merged with the call's own context,
// over JSON-2 (body `context`) and JSON-RPC (`execute_kw` kwargs `context`); without a company, no such key.
import { afterEach, describe, expect, it } from 'vitest';
import { connectOdoo } from './connect-odoo.ts';
import type { OdooClient } from './odoo-client.ts';
import { FAKE_ODOO_FACES as FACES, startFakeOdoo, type FakeAnswer, type FakeOdoo, type ReceivedCall } from './testing/fake-odoo-server.ts';

/** Answers every model call with a plausible result for its method. */
function anyCall(c: ReceivedCall): FakeAnswer | undefined {
  const resultOf = (method: string): unknown => (method === 'create' ? [1, 2] : method === 'fields_get' ? {} : method === 'search_count' ? 0 : method === 'write' ? true : []);
  if (c.url.startsWith('/json/2/')) return { status: 200, body: resultOf(c.url.split('/').pop()!) };
  if (c.url !== '/jsonrpc') return undefined;
  const { id, params } = c.body as { id: number; params: { service: string; method: string; args: unknown[] } };
  if (params.service === 'common' && params.method === 'login') return { status: 200, body: { jsonrpc: '2.0', id, result: 2 } };
  return { status: 200, body: { jsonrpc: '2.0', id, result: resultOf(String(params.args[4])) } };
}

/** The context of each model call the fake received (JSON-RPC login excluded), with the call's name. */
function contexts(fake: FakeOdoo): Array<{ call: string; context: Record<string, unknown> | undefined }> {
  return fake.calls.flatMap((c) => {
    if (c.url.startsWith('/json/2/')) {
      const [model, method] = c.url.slice('/json/2/'.length).split('/');
      return [{ call: `${model}.${method}`, context: (c.body as { context?: Record<string, unknown> }).context }];
    }
    if (c.url !== '/jsonrpc') return [];
    const { params } = c.body as { params: { service: string; args: unknown[] } };
    if (params.service !== 'object') return [];
    const kwargs = params.args[6] as { context?: Record<string, unknown> };
    return [{ call: `${String(params.args[3])}.${String(params.args[4])}`, context: kwargs.context }];
  });
}

let fake: FakeOdoo | undefined;
let client: OdooClient | undefined;
afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = undefined;
});

/** Every kind of call the port offers, some with their own context. */
async function everyKindOfCall(c: OdooClient): Promise<void> {
  await c.searchRead('res.currency', [], ['name'], { context: { active_test: false } });
  await c.read('sale.order', [1], ['name']);
  await c.search('res.partner', []);
  await c.searchCount('res.partner', []);
  await c.create('res.partner', [{ name: 'a' }, { name: 'b' }]);
  await c.write('sale.order', [1], { date_order: '2026-11-30 10:00:00' });
  await c.unlink('res.partner', [1]);
  await c.call('sale.order', 'action_confirm', [1], { context: { lang: 'en_US' } });
  await c.fieldsGet('sale.order', ['type']);
  await c.createMany('res.partner', [{ name: 'a' }, { name: 'b' }], { batchSize: 2 });
  await c.callMany('sale.order', 'action_confirm', [1, 2], { batchSize: 1 });
}

describe.each(FACES)('the backend company over $face', ({ settings }) => {
  it('is in the context of every call, merged with the call\'s own context', async () => {
    fake = await startFakeOdoo({ handler: anyCall });
    client = await connectOdoo({ url: fake.url, database: 'db', ...settings, companyId: 3 });
    expect(client.companyId).toBe(3);
    await everyKindOfCall(client);
    const seen = contexts(fake);
    expect(seen.length).toBeGreaterThanOrEqual(12);
    for (const s of seen) expect(s.context?.allowed_company_ids, s.call).toEqual([3]);
    expect(seen.find((s) => s.call === 'res.currency.search_read')?.context).toEqual({ allowed_company_ids: [3], active_test: false });
    expect(seen.find((s) => s.call === 'sale.order.action_confirm')?.context).toEqual({ allowed_company_ids: [3], lang: 'en_US' });
  });

  it('is absent when the backend names no company', async () => {
    fake = await startFakeOdoo({ handler: anyCall });
    client = await connectOdoo({ url: fake.url, database: 'db', ...settings });
    expect(client.companyId).toBeNull();
    await everyKindOfCall(client);
    const seen = contexts(fake);
    expect(seen.length).toBeGreaterThanOrEqual(12);
    for (const s of seen) expect(s.context?.allowed_company_ids, s.call).toBeUndefined();
  });
});
