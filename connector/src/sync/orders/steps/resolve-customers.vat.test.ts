// Business buyers whose VAT number the ERP refuses (Odoo's base_vat), over both faces of a fake Odoo answering
// res.partner create exactly as recorded (vat-json2.jsonl / vat-jsonrpc.jsonl: one bad number fails the whole
// batch with a 422 ValidationError quoting the number and the partner's name), through the real Odoo adapter:
// the batch is split so the other customers are created, and the refused one becomes a BUYER_VAT_REFUSED conflict
// without the buyer's name or number (setting `wait`), or a customer without the number, kept in its note
// (`import_without_vat`); once the ERP accepts the number, the same order goes through.
import { afterEach, describe, expect, it } from 'vitest';
import type { LockSession } from '../../../core/lock.ts';
import { pipeline } from '../../../core/workflow/typed-step.ts';
import { connectOdoo } from '../../../erp/odoo/connect-odoo.ts';
import type { OdooClient } from '../../../erp/odoo/odoo-client.ts';
import { FAKE_ODOO_FACES as FACES, startFakeOdoo, type FakeAnswer, type FakeOdoo, type ReceivedCall } from '../../../erp/odoo/testing/fake-odoo-server.ts';
import type { Found, ImportDeps, Mapped, OrderRecord } from '../import-records.ts';
import type { MappedOrder } from '../mapping/order.mapper.ts';
import { resolveCustomersStep } from './resolve-customers.step.ts';

const BAD_VAT = 'DE123456789';
const BAD_NAME = 'Refused Widgets GmbH';

/** Odoo 19 with base_vat, as recorded: the first partner with a bad number fails the whole create. */
class BaseVatOdoo {
  refuse = new Set([BAD_VAT]);
  created: Array<Record<string, unknown>> = [];
  createCalls = 0;
  #next = 100;

  handle = (c: ReceivedCall): FakeAnswer | undefined => {
    const json2 = c.url.startsWith('/json/2/');
    let model: string; let method: string; let kwargs: Record<string, unknown>; let args: unknown[] = []; let id = 0;
    if (json2) {
      [model, method] = c.url.slice('/json/2/'.length).split('/') as [string, string];
      kwargs = c.body as Record<string, unknown>;
    } else if (c.url === '/jsonrpc') {
      const body = c.body as { id: number; params: { service: string; method: string; args: unknown[] } };
      id = body.id;
      if (body.params.service === 'common') return { status: 200, body: { jsonrpc: '2.0', id, result: 2 } };
      [, , , model, method, args = [], kwargs = {}] = body.params.args as [string, number, string, string, string, unknown[], Record<string, unknown>];
    } else return undefined;
    const ok = (result: unknown): FakeAnswer => (json2 ? { status: 200, body: result } : { status: 200, body: { jsonrpc: '2.0', id, result } });
    if (model === 'res.users' && method === 'context_get') return ok({ uid: 2 });
    if (model === 'res.partner' && method === 'search_read') return ok([]);
    if (model === 'res.partner' && method === 'create') {
      this.createCalls++;
      const list = (json2 ? kwargs.vals_list : args[0]) as Array<Record<string, unknown>>;
      const bad = list.find((v) => typeof v.vat === 'string' && this.refuse.has(v.vat));
      if (bad) {
        const message = `\nThe VAT number [${String(bad.vat).slice(2)}] for partner [${String(bad.name)}] does not seem to be valid.  \nNote: the expected format is DE123456788 or 12/345/67890`;
        const error = { name: 'odoo.exceptions.ValidationError', message, arguments: [message], context: {}, debug: '<traceback omitted>' };
        return json2 ? { status: 422, body: error } : { status: 200, body: { jsonrpc: '2.0', id, error: { code: 0, message: 'Odoo Server Error', data: error } } };
      }
      this.created.push(...list);
      return ok(list.map(() => this.#next++));
    }
    return undefined;
  };
}

function buyer(i: number, vat: string, name = `Buyer ${i} AG`): OrderRecord & Mapped & Found {
  const mapped = { partner: { key: `order:ORDER-${i}`, vals: { name, is_company: true, country_id: 57, vat } }, delivery: null } as unknown as MappedOrder;
  return { key: `ORDER-${i}`, stored: {}, order: {}, mapped, existing: null } as unknown as OrderRecord & Mapped & Found;
}

function depsFor(erp: OdooClient, invalidBuyerVat: 'wait' | 'import_without_vat'): ImportDeps {
  const locks: LockSession = {
    tryLock: async () => ({ obtained: [], busy: [] }),
    unlock: async () => {},
    held: () => true,
    ensureHeld: async () => {},
    close: async () => {},
  };
  const core = { binder: { toErpMany: async () => new Map(), bindMany: async () => [] } };
  return { core, rt: { erp, backend: { id: 1, settings: { vat: { invalidBuyerVat } } } }, batchSize: 4, locks } as unknown as ImportDeps;
}

async function resolve(erp: OdooClient, mode: 'wait' | 'import_without_vat', records: Array<OrderRecord & Mapped & Found>) {
  const seed = pipeline<OrderRecord>().then<Mapped & Found>({ name: 'seed', noCompensation: 'test', invoke: async (rs, ctx) => rs.forEach((r) => ctx.done(r, r as unknown as Mapped & Found)) });
  return seed.then(resolveCustomersStep(depsFor(erp, mode))).run(records);
}

let fake: FakeOdoo | undefined;
let client: OdooClient | undefined;
afterEach(async () => {
  await client?.close();
  await fake?.close();
  client = undefined;
});

describe.each(FACES)('a buyer VAT number the ERP refuses, over $face', ({ settings }) => {
  async function start(): Promise<BaseVatOdoo> {
    const odoo = new BaseVatOdoo();
    fake = await startFakeOdoo({ handler: odoo.handle });
    client = await connectOdoo({ url: fake.url, database: 'db', ...settings });
    return odoo;
  }
  const batch = () => [buyer(1, 'DE123456788'), buyer(2, BAD_VAT, BAD_NAME), buyer(3, 'FR40303265045'), buyer(4, 'ATU12345675')];

  it('wait: the others are created, the refused one is a BUYER_VAT_REFUSED conflict without the buyer\'s data', async () => {
    const odoo = await start();
    const result = await resolve(client!, 'wait', batch());
    expect(result.outcomes.map((o) => [o.record.key, o.status, o.error?.code ?? null])).toEqual([
      ['ORDER-1', 'ok', null], ['ORDER-2', 'conflict', 'BUYER_VAT_REFUSED'], ['ORDER-3', 'ok', null], ['ORDER-4', 'ok', null],
    ]);
    expect(odoo.created.map((v) => v.name)).toEqual(['Buyer 1 AG', 'Buyer 3 AG', 'Buyer 4 AG']);
    const conflict = result.outcomes[1]!.error!;
    const shown = JSON.stringify({ message: conflict.message, details: conflict.details });
    for (const secret of [BAD_NAME, 'Refused', BAD_VAT, '123456789']) expect(shown).not.toContain(secret);
    expect(conflict.details).toMatchObject({ vat: 'DE*******89', exceptionName: 'odoo.exceptions.ValidationError' });
    expect(String(conflict.details.erpReason)).toContain('does not seem to be valid');
    expect(conflict.message).toContain('DE*******89');
  });

  it('import_without_vat: the refused customer is created without the number, which its note keeps', async () => {
    const odoo = await start();
    const result = await resolve(client!, 'import_without_vat', batch());
    expect(result.outcomes.map((o) => o.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    const refused = odoo.created.find((v) => v.name === BAD_NAME)!;
    expect(refused.vat).toBeUndefined();
    expect(refused.ref).toBe('AMZ-C-ORDER-2');
    expect(String(refused.comment)).toContain("Buyer VAT number refused by the ERP's check: DE123456789");
    expect(odoo.created.filter((v) => v.vat).map((v) => v.vat)).toEqual(['DE123456788', 'FR40303265045', 'ATU12345675']);
  });

  it('retried once the ERP accepts the number: the customer is created with it', async () => {
    const odoo = await start();
    expect((await resolve(client!, 'wait', [buyer(2, BAD_VAT, BAD_NAME)])).outcomes[0]!.error?.code).toBe('BUYER_VAT_REFUSED');
    odoo.refuse.clear(); // the ERP's check fixed (or the number corrected at the source)
    const retried = await resolve(client!, 'wait', [buyer(2, BAD_VAT, BAD_NAME)]);
    expect(retried.outcomes[0]!.status).toBe('ok');
    expect(odoo.created).toEqual([expect.objectContaining({ name: BAD_NAME, vat: BAD_VAT })]);
  });

  it('another validation error of a customer stays what it is (not a VAT refusal)', async () => {
    const odoo = await start();
    odoo.handle = ((orig) => (c: ReceivedCall) => {
      const isCreate = c.url === '/json/2/res.partner/create' || (c.url === '/jsonrpc' && JSON.stringify(c.body).includes('"res.partner","create"'));
      if (!isCreate) return orig(c);
      const error = { name: 'odoo.exceptions.ValidationError', message: 'Missing required value for the field X', arguments: [], context: {}, debug: '' };
      const id = (c.body as { id?: number }).id;
      return c.url === '/jsonrpc' ? { status: 200, body: { jsonrpc: '2.0', id, error: { code: 0, message: 'Odoo Server Error', data: error } } } : { status: 422, body: error };
    })(odoo.handle);
    await fake!.close();
    fake = await startFakeOdoo({ handler: odoo.handle });
    await client!.close();
    client = await connectOdoo({ url: fake.url, database: 'db', ...settings });
    const result = await resolve(client, 'wait', [buyer(1, 'DE123456788')]);
    expect(result.outcomes[0]).toMatchObject({ status: 'failed', error: { code: 'ERP_VALIDATION' } });
  });
});
