/**
 * `load(fields, data)`, Odoo's import method, as models.py and ir.fields.converter make it: a row whose `.id` names
 * a record updates it, the text is converted in the context's time zone, and any bad row is answered as a message
 * with nothing kept (ids false). Over JSON-2 (named arguments) and JSON-RPC (positional ones).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { costOf } from '../src/cost/odoo19-costs.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { executeKw, json2 } from './client.ts';

let sb: RunningErpSandbox;
let drop: () => Promise<void>;
let orders: number[];

const dates = async (ids: number[]) =>
  new Map(((await json2(sb, 'sale.order/read', { ids, fields: ['date_order', 'write_date', 'state'] })).body as Array<{ id: number; date_order: string; write_date: string; state: string }>).map((r) => [r.id, r]));

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_load');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0 });
  const products: number[] = (await json2(sb, 'product.product/search', { domain: [['is_storable', '=', true]], limit: 2 })).body;
  const [partner] = (await json2(sb, 'res.partner/create', { vals_list: [{ name: 'Load buyer' }] })).body as number[];
  orders = (await json2(sb, 'sale.order/create', {
    vals_list: [0, 1, 2].map((i) => ({ partner_id: partner, client_order_ref: `LOAD-${i}`, order_line: [[0, 0, { product_id: products[0], product_uom_qty: 1 }]] })),
  })).body;
  expect((await json2(sb, 'sale.order/action_confirm', { ids: orders })).status).toBe(200);
  drop = async () => { await sb.close(); await db.drop(); };
});
afterAll(async () => drop());

describe('load', () => {
  it('writes each row on the record its .id names, on confirmed orders, in one call (JSON-2)', async () => {
    const before = await dates(orders);
    const data = orders.map((id, i) => [String(id), `2026-11-0${i + 1} 10:11:1${i}`]);
    const r = await json2(sb, 'sale.order/load', { fields: ['.id', 'date_order'], data, context: { tz: 'UTC' } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ids: orders, messages: [], nextrow: 0 });
    const after = await dates(orders);
    for (const [i, id] of orders.entries()) {
      expect(after.get(id)).toMatchObject({ state: 'sale', date_order: `2026-11-0${i + 1} 10:11:1${i}` });
      expect(after.get(id)!.write_date >= before.get(id)!.write_date).toBe(true);
    }
  });

  it("reads the text in the context's time zone and stores UTC (daylight saving included)", async () => {
    const r = await json2(sb, 'sale.order/load', {
      fields: ['.id', 'date_order'], data: [[String(orders[0]), '2026-07-01 12:00:00'], [String(orders[1]), '2026-01-15 12:00:00']], context: { tz: 'Europe/Berlin' },
    });
    expect(r.body.ids).toEqual([orders[0], orders[1]]);
    const after = await dates(orders);
    expect(after.get(orders[0]!)!.date_order).toBe('2026-07-01 10:00:00');
    expect(after.get(orders[1]!)!.date_order).toBe('2026-01-15 11:00:00');
    // an unknown zone falls back to the user's (none here), then UTC
    await json2(sb, 'sale.order/load', { fields: ['.id', 'date_order'], data: [[String(orders[0]), '2026-07-01 12:00:00']], context: { tz: 'Mars/Olympus' } });
    expect((await dates(orders)).get(orders[0]!)!.date_order).toBe('2026-07-01 12:00:00');
  });

  it('answers an unknown .id and a bad datetime as messages and keeps nothing, not even the good rows', async () => {
    const before = await dates(orders);
    const r = await json2(sb, 'sale.order/load', {
      fields: ['.id', 'date_order'],
      data: [[String(orders[0]), '2020-01-01 00:00:00'], ['999999', '2020-01-01 00:00:00'], [String(orders[2]), '31/12/2020']],
      context: { tz: 'UTC' },
    });
    expect(r.status).toBe(200);
    expect(r.body.ids).toBe(false);
    expect(r.body.messages).toEqual([
      { type: 'error', record: 1, rows: { from: 1, to: 1 }, field: '.id', message: "Unknown database identifier '999999'" },
      expect.objectContaining({ type: 'error', record: 2, field: 'date_order', message: "'31/12/2020' does not seem to be a valid datetime for field 'Order Date'", moreinfo: "Use the format '2012-12-31 23:59:59'" }),
    ]);
    const after = await dates(orders);
    for (const id of orders) expect(after.get(id)!.date_order).toBe(before.get(id)!.date_order);
  });

  it('creates the records of rows without .id, and takes positional arguments over JSON-RPC', async () => {
    const answer = await executeKw(sb, 'res.partner', 'load', [['name', 'is_company', 'type'], [['Loaded Ltd', '1', 'Contact'], ['Loaded Jane', 'no', 'delivery']]]);
    expect(answer.error).toBeUndefined();
    const ids = answer.result.ids as number[];
    expect(ids).toHaveLength(2);
    const read = (await json2(sb, 'res.partner/read', { ids, fields: ['name', 'is_company', 'type'] })).body;
    expect(read).toEqual([
      { id: ids[0], name: 'Loaded Ltd', is_company: true, type: 'contact' },
      { id: ids[1], name: 'Loaded Jane', is_company: false, type: 'delivery' },
    ]);
    const viaRpc = await executeKw(sb, 'sale.order', 'load', [['.id', 'date_order'], [[String(orders[2]), '2026-12-24 18:00:00']]], { context: { tz: 'UTC' } });
    expect(viaRpc.result).toEqual({ ids: [orders[2]], messages: [], nextrow: 0 });
    expect((await dates(orders)).get(orders[2]!)!.date_order).toBe('2026-12-24 18:00:00');
  });

  it('refuses an unknown column as Odoo does (ValueError), and is priced per row by the cost model', async () => {
    const r = await json2(sb, 'sale.order/load', { fields: ['.id', 'no_such_field'], data: [[String(orders[0]), 'x']] });
    expect(r.status).toBe(500);
    expect(r.body.message).toBe("Invalid field name 'no_such_field'");
    // 60 ms per call + 3 per row: 200 dates cost 660 ms where 200 one-order writes cost 200 x 42 ms
    expect(costOf({ model: 'sale.order', method: 'load', records: 200, lines: 0, returned: 0, failed: false })).toEqual({ ms: 660, overheadMs: 60 });
  });
});
