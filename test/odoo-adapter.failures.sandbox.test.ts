/**
 * The Odoo adapter when the ERP refuses, against the ERP sandbox over real HTTP (19 JSON-2, 19 JSON-RPC, 18
 * JSON-RPC): a poisoned order in a batch fails alone, errors are classified by what Odoo says, and the lookups the
 * connector's set-up relies on (search_count, inactive currencies) answer as Odoo does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentError } from '../connector/src/core/errors.ts';
import type { ErpCallEvent } from '../connector/src/erp/erp-port.ts';
import { connectOdoo } from '../connector/src/erp/odoo/connect-odoo.ts';
import type { OdooClient } from '../connector/src/erp/odoo/odoo-client.ts';
import { buyers, linesOf, loadRefs, orderVals, partnerVals, type ErpRefs } from './support/erp-order-fixtures.ts';
import { connectErp, startErp, type ErpHandle } from './support/erp.ts';

const CASES = [
  { title: 'Odoo 19 over JSON-2', version: 19, transport: 'json2', poison: 'unknown product' },
  { title: 'Odoo 19 over JSON-RPC with login and password', version: 19, transport: 'jsonrpc', poison: 'missing partner' },
  { title: 'Odoo 18 over JSON-RPC', version: 18, transport: 'jsonrpc', poison: 'unknown product' },
] as const;

const BATCH = 20;
const POISONED = 7;

describe.each(CASES)('Odoo adapter vs ERP sandbox, failures: $title', (c) => {
  let erp: ErpHandle;
  let client: OdooClient;
  let refs: ErpRefs;
  const calls: ErpCallEvent[] = [];

  beforeAll(async () => {
    erp = await startErp({ version: c.version, label: `itf_${c.version}_${c.transport}` });
    client = await connectErp(erp, { transport: c.transport, onCall: (e) => calls.push(e) });
    refs = await loadRefs(client);
  });
  afterAll(async () => {
    await client?.close();
    await erp?.close();
  });

  it(`createMany with one poisoned order (${c.poison}) among ${BATCH}: ${BATCH - 1} created, one permanent ERP error`, async () => {
    const [partnerId] = await client.create('res.partner', [partnerVals(buyers(`p${c.version}${c.transport}`, 1)[0]!, refs.countryDe)]);
    const [shippingId] = await client.search('res.partner', [['parent_id', '=', partnerId!], ['type', '=', 'delivery']]);
    const plan = Array.from({ length: BATCH }, (_, i) => ({ ref: `305-${c.version}11111-${String(i).padStart(7, '0')}`, partnerId, shippingId: shippingId!, lines: linesOf(i) }));
    const vals = plan.map((o, i) => {
      if (i !== POISONED) return orderVals(client.dialect, refs, o);
      if (c.poison === 'missing partner') return orderVals(client.dialect, refs, { ...o, partnerId: undefined });
      const bad = { ...refs, productIds: { ...refs.productIds, mug: 987_654 } };
      return orderVals(client.dialect, bad, o);
    });
    calls.length = 0;
    const results = await client.createMany('sale.order', vals);

    expect(results.map((r) => r.ok)).toEqual(plan.map((_, i) => i !== POISONED));
    const failure = results[POISONED]!;
    if (failure.ok) throw new Error('the poisoned order was created');
    expect(failure.error).toBeInstanceOf(PermanentError);
    // As Odoo answers: a required field missing is a ValidationError; a product id that does not exist fails in
    // the line's computes with a MissingError (a UserError) naming the record.
    const expected = c.poison === 'missing partner'
      ? { code: 'ERP_VALIDATION', details: { exceptionName: 'odoo.exceptions.ValidationError', odooMessage: expect.stringContaining("'Customer' (partner_id)") } }
      : { code: 'ERP_USER_ERROR', details: { exceptionName: 'odoo.exceptions.MissingError', odooMessage: expect.stringContaining('product.product(987654,)') } };
    expect(failure.error).toMatchObject(expected);
    // Ids come back in input order, one order per good input, none for the poisoned one.
    const ids = results.flatMap((r) => (r.ok ? [r.id] : []));
    const read = await client.read('sale.order', ids, ['client_order_ref', 'state']);
    const refOf = new Map(read.map((o) => [o.id, o.client_order_ref]));
    expect(ids.map((id) => refOf.get(id))).toEqual(plan.filter((_, i) => i !== POISONED).map((p) => p.ref));
    expect(await client.searchCount('sale.order', [['client_order_ref', 'in', plan.map((p) => p.ref)]])).toBe(BATCH - 1);
    expect(await client.search('sale.order', [['client_order_ref', '=', plan[POISONED]!.ref]])).toEqual([]);
    // Halving finds order 7 in 9 calls: 0-19 refused, 0-9 refused, 0-4 ok, 5-9 refused, 5-7 refused, 5-6 ok,
    // 7 refused alone, 8-9 ok, 10-19 ok. Nothing was sent twice that had been created.
    const creates = calls.filter((e) => e.model === 'sale.order' && e.method === 'create');
    expect(creates.map((e) => e.errorCode ?? 'ok')).toEqual([failure.error.code, failure.error.code, 'ok', failure.error.code, failure.error.code, 'ok', failure.error.code, 'ok', 'ok']);
  });

  it('callMany confirms every order but the one Odoo refuses (already cancelled), which fails alone', async () => {
    const [partnerId] = await client.create('res.partner', [{ name: 'Confirm buyer' }]);
    const plan = Array.from({ length: 6 }, (_, i) => ({ ref: `306-${c.version}22222-${i}`, partnerId, shippingId: partnerId!, lines: linesOf(i) }));
    const ids = await client.create('sale.order', plan.map((o) => orderVals(client.dialect, refs, o)));
    expect(await client.call('sale.order', 'action_cancel', [ids[4]!])).toBe(true);
    calls.length = 0;
    const results = await client.callMany('sale.order', 'action_confirm', ids);
    expect(results.map((r) => (r.ok ? `${r.id} ok` : `${r.id} ${r.error.code}`))).toEqual(ids.map((id, i) => `${id} ${i === 4 ? 'ERP_USER_ERROR' : 'ok'}`));
    const failed = results[4]!;
    expect(failed.ok ? '' : failed.error.details.odooMessage).toMatch(/not in a state requiring confirmation/);
    const states = await client.read('sale.order', ids, ['state']);
    expect(new Map(states.map((o) => [o.id, o.state]))).toEqual(new Map(ids.map((id, i) => [id, i === 4 ? 'cancel' : 'sale'])));
    // 0-5 refused, 0-2 ok, 3-5 refused, 3-4 refused, 3 ok, 4 refused alone, 5 ok.
    expect(calls.filter((e) => e.method === 'action_confirm').map((e) => e.errorCode ?? 'ok')).toEqual(['ERP_USER_ERROR', 'ok', 'ERP_USER_ERROR', 'ERP_USER_ERROR', 'ok', 'ERP_USER_ERROR', 'ok']);
  });

  it('classifies a real unknown field (search, read, create) as ERP_UNKNOWN_FIELD and an unknown model as ERP_UNKNOWN_MODEL', async () => {
    const unknownField = { kind: 'permanent', code: 'ERP_UNKNOWN_FIELD', details: { exceptionName: 'builtins.ValueError' } };
    await expect(client.searchRead('sale.order', [['x_amazon_order_id', '=', '302-1']], ['name'])).rejects.toMatchObject(unknownField);
    await expect(client.read('res.partner', [1], ['name', 'x_amazon_buyer_hash'])).rejects.toMatchObject(unknownField);
    await expect(client.create('res.partner', [{ name: 'Anna', x_amazon_buyer_hash: 'abc' }])).rejects.toMatchObject(unknownField);
    // The same field, as a field Odoo does have, is fine: the error was about the field, not the call.
    expect(await client.searchRead('res.partner', [['ref', '=', 'no-such-ref']], ['name'])).toEqual([]);

    await expect(client.searchCount('x_amazon.order', [])).rejects.toMatchObject({ kind: 'permanent', code: 'ERP_UNKNOWN_MODEL' });
    // An unknown model is the same for every record: the batch is not split, the rest is not even sent.
    calls.length = 0;
    const results = await client.createMany('x_amazon.order', [{ name: 'a' }, { name: 'b' }, { name: 'c' }], { batchSize: 1 });
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ERP_UNKNOWN_MODEL', 'ERP_UNKNOWN_MODEL', 'ERP_UNKNOWN_MODEL']);
    expect(calls).toHaveLength(1);
  });

  it('refuses bad settings when connecting, before any sync: wrong secret, JSON-2 where the server has none', async () => {
    const base = { url: erp.sandbox.url, database: erp.sandbox.dbName };
    const wrong = c.transport === 'json2' ? { ...base, apiKey: 'not-the-key-0000' } : { ...base, login: 'admin', password: 'wrong' };
    await expect(connectOdoo(wrong)).rejects.toMatchObject({ kind: 'permanent', code: 'ERP_AUTH_FAILED' });
    const json2 = connectOdoo({ ...base, apiKey: erp.sandbox.apiKey, transport: 'json2' });
    if (c.version === 18) await expect(json2).rejects.toMatchObject({ kind: 'permanent', code: 'CONFIG_INVALID' });
    else await (await json2).close();
  });

  it('counts with search_count, and shows inactive currencies only with active_test off', async () => {
    expect(await client.searchCount('product.product', [['default_code', 'in', ['MUG-CER-BLUE', 'TEA-GREEN-100', 'LIMITED-GOLD-MUG']]])).toBe(2);
    expect(await client.searchCount('product.product', ['|', ['default_code', '=', 'MUG-CER-BLUE'], ['default_code', '=', 'MUG-CER-RED']])).toBe(2);
    expect(await client.searchCount('res.country', [['code', 'in', ['DE', 'FR', 'XX']]])).toBe(2);

    const codes = ['EUR', 'GBP', 'PLN', 'SEK'];
    const active = await client.searchRead('res.currency', [['name', 'in', codes]], ['name', 'active'], { order: 'name' });
    expect(active.map((r) => r.name)).toEqual(['EUR', 'GBP', 'PLN']);
    const all = await client.searchRead('res.currency', [['name', 'in', codes]], ['name', 'active', 'decimal_places'], { order: 'name', context: { active_test: false } });
    expect(all.map((r) => [r.name, r.active, r.decimal_places])).toEqual([['EUR', true, 2], ['GBP', true, 2], ['PLN', true, 2], ['SEK', false, 2]]);
    expect(await client.searchCount('res.currency', [['name', '=', 'SEK'], ['active', '=', false]])).toBe(1);
  });
});
