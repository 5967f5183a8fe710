// The purchase dates of a batch go back to the ERP in ONE call (Odoo's import method `load` with the database-id
// column `.id`), over both faces of the ERP sandbox; when the ERP answers `load` with messages (an order gone) or
// refuses it (no rights, no such method), they go by `write` one date at a time, which tells which order failed;
// a down ERP fails them all at once (the read-back repairs them later).
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../db/test-database.ts';
import type { ErpCallEvent } from '../../../erp/erp-port.ts';
import { connectOdoo } from '../../../erp/odoo/connect-odoo.ts';
import type { OdooClient } from '../../../erp/odoo/odoo-client.ts';
import { startFakeOdoo, type FakeAnswer, type FakeOdoo } from '../../../erp/odoo/testing/fake-odoo-server.ts';
import { startErpSandbox, type RunningErpSandbox } from '../../../../../sandbox/erp/src/index.ts';
import { saleOrderGateway } from './sale-order.gateway.ts';

let sb: RunningErpSandbox;
let drop: () => Promise<void>;
let orders: number[];

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'gateway_dates');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0 });
  const admin = await connectOdoo({ url: sb.url, database: sb.dbName, apiKey: sb.apiKey, transport: 'json2' });
  const [partner] = await admin.create('res.partner', [{ name: 'Dates buyer' }]);
  const [product] = await admin.search('product.product', [['is_storable', '=', true]], { limit: 1 });
  orders = await admin.create('sale.order', [0, 1, 2, 3].map((i) => ({ partner_id: partner, client_order_ref: `DATES-${i}`, order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]] })));
  await admin.call('sale.order', 'action_confirm', orders);
  await admin.close();
  drop = async () => { await sb.close(); await db.drop(); };
});
afterAll(async () => drop());

describe.each(['json2', 'jsonrpc'] as const)('writeOrderDates over %s', (transport) => {
  let client: OdooClient;
  let calls: string[];
  beforeAll(async () => {
    const creds = transport === 'json2' ? { apiKey: sb.apiKey } : { login: 'admin', password: 'admin' };
    client = await connectOdoo({ url: sb.url, database: sb.dbName, transport, ...creds }, { onCall: (e: ErpCallEvent) => calls.push(`${e.model}.${e.method}`) });
  });
  afterAll(async () => client.close());
  const datesOf = async (ids: number[]) => new Map((await client.read('sale.order', ids, ['date_order'])).map((r) => [r.id, r.date_order]));

  it('writes every order its own date in one load call (Odoo\'s confirmation had overwritten them)', async () => {
    const wanted = new Map(orders.map((id, i) => [id, `2026-10-0${i + 1} 0${i}:1${i}:2${i}`]));
    calls = [];

    const failed = await saleOrderGateway(client).writeOrderDates(wanted);

    expect(failed.size).toBe(0);
    expect(calls).toEqual(['sale.order.load']);
    expect(await datesOf(orders)).toEqual(wanted);
  });

  it('falls back to one write per date when load answers with messages (an order deleted meanwhile)', async () => {
    const gone = 987_654;
    const wanted = new Map([[orders[0]!, `2025-0${transport === 'json2' ? 1 : 2}-01 08:00:00`], [gone, '2025-01-01 08:00:00'], [orders[1]!, '2025-03-03 09:00:00']]);
    calls = [];

    const failed = await saleOrderGateway(client).writeOrderDates(wanted);

    // load kept nothing, then one write per distinct date: the gone order fails alone (its date shared a write
    // with orders[0] on json2, which then fails too, as today; on jsonrpc they differ and orders[0] is written)
    expect(calls[0]).toBe('sale.order.load');
    expect(calls.slice(1).every((c) => c === 'sale.order.write')).toBe(true);
    expect(failed.get(gone)?.kind).toBe('permanent');
    expect(failed.has(orders[1]!)).toBe(false);
    expect((await datesOf([orders[1]!])).get(orders[1]!)).toBe('2025-03-03 09:00:00');
    if (transport === 'jsonrpc') expect((await datesOf([orders[0]!])).get(orders[0]!)).toBe('2025-02-01 08:00:00');
    else expect(failed.get(orders[0]!)?.kind).toBe('permanent');
  });
});

describe('writeOrderDates against an ERP that refuses load or is down', () => {
  let fake: FakeOdoo | undefined;
  let client: OdooClient | undefined;
  afterEach(async () => {
    await client?.close();
    await fake?.close();
    client = fake = undefined;
  });
  const fakeWith = async (loadAnswer: FakeAnswer) => {
    fake = await startFakeOdoo({
      handler: (call) => {
        if (call.url === '/json/2/res.users/context_get') return { status: 200, body: { uid: 2 } };
        if (call.url === '/json/2/sale.order/load') return loadAnswer;
        if (call.url === '/json/2/sale.order/write') return { status: 200, body: true };
        return undefined;
      },
    });
    client = await connectOdoo({ url: fake.url, database: 'db', apiKey: 'k', transport: 'json2' });
    return client;
  };
  const urls = () => fake!.calls.map((c) => c.url).filter((u) => u.startsWith('/json/2/sale.order/'));
  const wanted = new Map([[1, '2026-01-01 10:00:00'], [2, '2026-01-01 10:00:00'], [3, '2026-01-02 11:00:00']]);

  it('writes the dates one date at a time when the ERP refuses load (AccessError), with UTC as the time zone', async () => {
    const refused = { name: 'odoo.exceptions.AccessError', message: 'You are not allowed to import.', arguments: ['You are not allowed to import.'], context: {}, debug: '' };
    const erp = await fakeWith({ status: 403, body: refused });

    const failed = await saleOrderGateway(erp).writeOrderDates(wanted);

    expect(failed.size).toBe(0);
    expect(urls()).toEqual(['/json/2/sale.order/load', '/json/2/sale.order/write', '/json/2/sale.order/write']);
    const load = fake!.calls.find((c) => c.url === '/json/2/sale.order/load')!.body as Record<string, unknown>;
    expect(load).toMatchObject({ fields: ['.id', 'date_order'], data: [['1', '2026-01-01 10:00:00'], ['2', '2026-01-01 10:00:00'], ['3', '2026-01-02 11:00:00']], context: { tz: 'UTC' } });
  });

  it('fails every order with the retryable error, sending no write, when the ERP is down', async () => {
    const erp = await fakeWith({ status: 503, body: 'Service Unavailable' });

    const failed = await saleOrderGateway(erp).writeOrderDates(wanted);

    expect([...failed.keys()]).toEqual([1, 2, 3]);
    expect([...failed.values()].every((e) => e.kind === 'retryable')).toBe(true);
    expect(urls()).toEqual(['/json/2/sale.order/load']);
  });
});
