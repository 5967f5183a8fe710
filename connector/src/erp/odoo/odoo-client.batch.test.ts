// createMany / callMany against a fake Odoo over real HTTP, on both transports: a batch holding a poisoned record
// is refused as a real Odoo refuses it (422 ValidationError / JSON-RPC error, nothing created), the adapter
// splits it, the good records are created, the poisoned one alone gets its PermanentError.
import { afterEach, describe, expect, it } from 'vitest';
import { PermanentError } from '../../core/errors.ts';
import { connectOdoo } from './connect-odoo.ts';
import type { OdooClient } from './odoo-client.ts';
import { startFakeOdoo, type FakeAnswer, type FakeOdoo, type ReceivedCall } from './testing/fake-odoo-server.ts';

const INVALID = {
  name: 'odoo.exceptions.ValidationError',
  message: "The operation cannot be completed: Missing required value for the field 'Customer' (partner_id).",
  arguments: [], context: {}, debug: '<traceback omitted>',
};

/** A tiny Odoo holding sale orders: create refuses any vals_list with a record lacking partner_id. */
function miniOdoo() {
  let nextId = 100;
  const confirmed = new Set<number>();
  let createCalls = 0;
  let confirmCalls = 0;
  const handle = (model: string, method: string, ids: number[], named: Record<string, unknown>): { ok: unknown } | { error: object } => {
    if (model === 'res.users' && method === 'context_get') return { ok: { uid: 2 } };
    if (model === 'sale.order' && method === 'create') {
      createCalls++;
      const valsList = named.vals_list as Array<Record<string, unknown>>;
      if (valsList.some((v) => !v.partner_id)) return { error: INVALID };
      return { ok: valsList.map(() => nextId++) };
    }
    if (model === 'sale.order' && method === 'action_confirm') {
      confirmCalls++;
      if (ids.includes(13)) return { error: { name: 'odoo.exceptions.UserError', message: 'Order 13 has no lines' } };
      ids.forEach((id) => confirmed.add(id));
      return { ok: true };
    }
    return { error: { name: 'builtins.AttributeError', message: `no ${model}.${method}` } };
  };
  const handler = (c: ReceivedCall): FakeAnswer | undefined => {
    if (c.url.startsWith('/json/2/')) {
      const [, , , model = '', method = ''] = c.url.split('/');
      const { ids = [], ...named } = c.body as Record<string, unknown> & { ids?: number[] };
      const r = handle(model, method, ids, named);
      return 'ok' in r ? { status: 200, body: r.ok } : { status: 422, body: r.error };
    }
    if (c.url === '/jsonrpc') {
      const { id, params } = c.body as { id: number; params: { service: string; args: unknown[] } };
      if (params.service === 'common') return { status: 200, body: { jsonrpc: '2.0', id, result: 2 } };
      const [, , , model, method, args] = params.args as [string, number, string, string, string, unknown[]];
      const r = method === 'create' ? handle(model, method, [], { vals_list: args[0] }) : handle(model, method, args[0] as number[], {});
      return { status: 200, body: 'ok' in r ? { jsonrpc: '2.0', id, result: r.ok } : { jsonrpc: '2.0', id, error: { code: 0, message: 'Odoo Server Error', data: r.error } } };
    }
    return undefined;
  };
  return { handler, confirmed, calls: () => ({ createCalls, confirmCalls }) };
}

let fake: FakeOdoo | undefined;
let client: OdooClient | undefined;
afterEach(async () => {
  await client?.close();
  await fake?.close();
});

describe.each([
  { transport: 'json2', creds: { apiKey: 'k' } },
  { transport: 'jsonrpc', creds: { login: 'admin', password: 'pw' } },
])('batched writes over $transport', ({ transport, creds }) => {
  it('createMany: the poisoned order fails alone, the 99 others are created with one id each, in input order', async () => {
    const odoo = miniOdoo();
    fake = await startFakeOdoo({ handler: (c) => (c.url === '/web/version' ? undefined : odoo.handler(c)) });
    client = await connectOdoo({ url: fake.url, database: 'db', ...creds });
    expect(client.transport).toBe(transport);

    const vals = Array.from({ length: 100 }, (_, i) => (i === 42 ? { client_order_ref: `A-${i}` } : { partner_id: 7, client_order_ref: `A-${i}` }));
    const results = await client.createMany('sale.order', vals, { batchSize: 100 });

    expect(results).toHaveLength(100);
    const failed = results.flatMap((r, i) => (r.ok ? [] : [i]));
    expect(failed).toEqual([42]);
    const bad = results[42]!;
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toBeInstanceOf(PermanentError);
      expect(bad.error.code).toBe('ERP_VALIDATION');
    }
    const ids = results.flatMap((r) => (r.ok ? [r.id] : []));
    expect(new Set(ids).size).toBe(99);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // 1 refused batch of 100, then halves down to the single record: about 2*log2(100), far from 100 calls.
    expect(odoo.calls().createCalls).toBeLessThanOrEqual(1 + 2 * 7);
  });

  it('callMany action_confirm: the order that cannot be confirmed fails alone, the others are confirmed', async () => {
    const odoo = miniOdoo();
    fake = await startFakeOdoo({ handler: (c) => (c.url === '/web/version' ? undefined : odoo.handler(c)) });
    client = await connectOdoo({ url: fake.url, database: 'db', ...creds });

    const ids = Array.from({ length: 32 }, (_, i) => i + 1);
    const results = await client.callMany('sale.order', 'action_confirm', ids, { batchSize: 32 });

    expect(results.filter((r) => !r.ok).map((r) => [r.id, !r.ok && r.error.code])).toEqual([[13, 'ERP_USER_ERROR']]);
    expect(results.filter((r) => r.ok).every((r) => r.ok && r.result === true)).toBe(true);
    expect([...odoo.confirmed].sort((a, b) => a - b)).toEqual(ids.filter((id) => id !== 13));
    expect(odoo.calls().confirmCalls).toBeLessThanOrEqual(1 + 2 * 5);
  });
});
