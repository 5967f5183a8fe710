/**
 * Automation rules and webhooks as Odoo 19 runs them (`base_automation`, `ir.actions.server` `state: webhook`): the
 * rule's records, one POST per record that reached the state, sent after the commit (none on rollback), one after
 * the other inside the API call, 1 s timeout each, failures only logged; and installing a module at runtime.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { executeKw, json2 } from './client.ts';
import { startReceiver, type Receiver } from './webhook-receiver.ts';

let sb: RunningErpSandbox;
let rx: Receiver;
const drops: Array<() => Promise<void>> = [];
const FIELDS = ['name', 'state', 'origin', 'partner_id', 'carrier_tracking_ref', 'date_done', 'sale_id', 'write_date'];

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_automation');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, modules: ['base_automation'] });
  rx = await startReceiver();
  drops.push(async () => { await rx.close(); }, async () => { await sb.close(); await db.drop(); });
});
afterAll(async () => {
  for (const d of drops.reverse()) await d();
});

/** A rule "transfer done -> POST `url`" as the connector creates it; answers the rule and action ids. */
async function createRule(url: string): Promise<{ rule: number; action: number; fieldIds: number[] }> {
  const model = (await json2(sb, 'ir.model/search_read', { domain: [['model', '=', 'stock.picking']], fields: ['model', 'name'] })).body[0];
  const fields = (await json2(sb, 'ir.model.fields/search_read', { domain: [['model', '=', 'stock.picking'], ['name', 'in', FIELDS]], fields: ['name', 'ttype'] })).body;
  const state = fields.find((f: { name: string }) => f.name === 'state');
  const done = (await json2(sb, 'ir.model.fields.selection/search_read', { domain: [['field_id', '=', state.id], ['value', '=', 'done']], fields: ['value', 'name'] })).body[0];
  const fieldIds = fields.map((f: { id: number }) => f.id);
  const created = await json2(sb, 'base.automation/create', { vals_list: [{ name: 'Delivery done', model_id: model.id, trigger: 'on_state_set', trg_selection_field_id: done.id,
    action_server_ids: [[0, 0, { name: 'POST delivery', state: 'webhook', model_id: model.id, webhook_url: url, webhook_field_ids: [[6, 0, fieldIds]] }]] }] });
  expect(created.status).toBe(200);
  const rule = created.body[0] as number;
  const action = (await json2(sb, 'base.automation/read', { ids: [rule], fields: ['action_server_ids'] })).body[0].action_server_ids[0] as number;
  return { rule, action, fieldIds };
}

async function dropRule(rule: number): Promise<void> {
  expect((await json2(sb, 'base.automation/unlink', { ids: [rule] })).body).toBe(true);
}

/** Confirmed orders of one product in stock: their delivery ids (ready to validate). */
async function deliveries(n: number): Promise<number[]> {
  const product = (await json2(sb, 'product.product/search_read', { domain: [['is_storable', '=', true], ['qty_available', '>', 50]], fields: ['id'], limit: 1 })).body[0].id;
  const partner = (await json2(sb, 'res.partner/create', { vals_list: [{ name: 'Webhook Customer' }] })).body[0];
  const orders = (await json2(sb, 'sale.order/create', { vals_list: Array.from({ length: n }, () => ({ partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]] })) })).body;
  await json2(sb, 'sale.order/action_confirm', { ids: orders });
  return (await json2(sb, 'sale.order/read', { ids: orders, fields: ['picking_ids'] })).body.map((o: { picking_ids: number[] }) => o.picking_ids[0]);
}

describe('automation rules: the records', () => {
  it('creates an on_state_set rule as Odoo fills it, reads it and its webhook action, and unlinking it deletes the action', async () => {
    const { rule, action, fieldIds } = await createRule(rx.url);
    const read = (await json2(sb, 'base.automation/read', { ids: [rule], fields: ['name', 'model_id', 'model_name', 'trigger', 'trg_selection_field_id', 'trigger_field_ids', 'filter_domain', 'filter_pre_domain', 'action_server_ids', 'active', 'url', 'last_run'] })).body[0];
    const stateField = (await json2(sb, 'ir.model.fields/search_read', { domain: [['model', '=', 'stock.picking'], ['name', '=', 'state']], fields: ['id'] })).body[0].id;
    expect(read).toEqual({ id: rule, name: 'Delivery done', model_id: [expect.any(Number), 'Transfer'], model_name: 'stock.picking', trigger: 'on_state_set',
      trg_selection_field_id: [expect.any(Number), 'Done'], trigger_field_ids: [stateField], filter_domain: "[('state', '=', 'done')]", filter_pre_domain: false,
      action_server_ids: [action], active: true, url: '', last_run: false });
    const act = (await json2(sb, 'ir.actions.server/read', { ids: [action], fields: ['name', 'state', 'usage', 'base_automation_id', 'webhook_url', 'webhook_field_ids', 'webhook_sample_payload'] })).body[0];
    expect(act).toMatchObject({ name: 'POST delivery', state: 'webhook', usage: 'base_automation', base_automation_id: [rule, 'Delivery done'], webhook_url: rx.url, webhook_field_ids: fieldIds });
    // the demo database has transfers: the sample is the first one, read as the webhook would send it
    expect(act.webhook_sample_payload).toMatch(new RegExp(`^\\{\\n {4}"_action": "POST delivery\\(#${action}\\)",\\n {4}"_id": \\d+,\\n {4}"_model": "stock.picking",\\n`));
    await dropRule(rule);
    expect((await json2(sb, 'ir.actions.server/search_read', { domain: [['state', '=', 'webhook']], fields: ['name'] })).body).toEqual([]);
  });

  it('refuses what the sandbox does not run instead of storing it', async () => {
    const model = (await json2(sb, 'ir.model/search_read', { domain: [['model', '=', 'stock.picking']], fields: ['id'] })).body[0].id;
    const r = await json2(sb, 'base.automation/create', { vals_list: [{ name: 'On save', model_id: model, trigger: 'on_create_or_write' }] });
    expect(r.status).toBe(500);
    expect(r.body.message).toMatch(/sandbox runs only automation rules with trigger on_state_set/);
    const code = await json2(sb, 'ir.actions.server/create', { vals_list: [{ name: 'Code', model_id: model, state: 'code', code: 'pass' }] });
    expect(code.body.message).toMatch(/runs only webhook server actions/);
  });
});

describe('webhook delivery', () => {
  it('posts once per transfer that becomes done, after the commit, the record as it was when its state changed', async () => {
    const { rule, action } = await createRule(rx.url);
    const [pick] = await deliveries(1);
    await json2(sb, 'stock.picking/write', { ids: [pick], vals: { carrier_tracking_ref: 'TRK-1' } });
    const before = (await json2(sb, 'stock.picking/read', { ids: [pick], fields: ['write_date', 'name', 'origin', 'partner_id', 'sale_id'] })).body[0];
    rx.captured.length = 0;
    // when the POST arrives, the validation is already committed: another connection sees the transfer done
    const seenByReceiver: string[] = [];
    rx.onRequest = async () => { seenByReceiver.push((await json2(sb, 'stock.picking/read', { ids: [pick], fields: ['state'] })).body[0].state); };
    const answer = await json2(sb, 'stock.picking/button_validate', { ids: [pick] });
    rx.onRequest = undefined;
    expect(answer.body).toBe(true);
    expect(seenByReceiver).toEqual(['done']);
    expect(rx.captured).toHaveLength(1);
    const c = rx.captured[0]!;
    expect([c.method, c.path]).toEqual(['POST', '/hook']);
    expect(c.headers).toEqual([['Host', `127.0.0.1:${rx.port}`], ['User-Agent', 'python-requests/2.28.1'], ['Accept-Encoding', 'gzip, deflate'], ['Accept', '*/*'],
      ['Connection', 'keep-alive'], ['Content-Type', 'application/json'], ['Content-Length', String(Buffer.byteLength(c.bodyRaw))]]);
    const body = JSON.parse(c.bodyRaw);
    expect(Object.keys(body)).toEqual([...Object.keys(body)].sort());
    expect(body).toEqual({ _action: `POST delivery(#${action})`, _id: pick, _model: 'stock.picking', id: pick, name: before.name, origin: before.origin,
      partner_id: before.partner_id[0], sale_id: before.sale_id[0], carrier_tracking_ref: 'TRK-1', state: 'done', date_done: false, write_date: expect.any(String) });
    // write_date is the value before the validation, as Python prints a datetime (microseconds when there are some)
    expect(body.write_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/);
    expect(body.write_date.slice(0, 19)).toBe(before.write_date);
    expect(c.bodyRaw).toBe(`{"_action": "POST delivery(#${action})", "_id": ${pick}, "_model": "stock.picking", "carrier_tracking_ref": "TRK-1", "date_done": false, "id": ${pick}, `
      + `"name": "${before.name}", "origin": "${before.origin}", "partner_id": ${before.partner_id[0]}, "sale_id": ${before.sale_id[0]}, "state": "done", "write_date": "${body.write_date}"}`);
    // a later write on the done transfer sends nothing
    await json2(sb, 'stock.picking/write', { ids: [pick], vals: { carrier_tracking_ref: 'LATE-1' } });
    expect(rx.captured).toHaveLength(1);
    await dropRule(rule);
  });

  it('sends nothing when the call rolls back after the state changed', async () => {
    const { rule } = await createRule(rx.url);
    const [pick] = await deliveries(1);
    rx.captured.length = 0;
    // the state is written, then the nested create fails: Odoo rolls the whole call back
    const r = await json2(sb, 'stock.picking/write', { ids: [pick], vals: { state: 'done', move_ids: [[0, 0, { no_such_field: 1 }]] } });
    expect(r.status).toBe(500);
    expect((await json2(sb, 'stock.picking/read', { ids: [pick], fields: ['state'] })).body[0].state).not.toBe('done');
    expect(rx.captured).toEqual([]);
    // the same change committed is sent (the rule was ready)
    await json2(sb, 'stock.picking/button_validate', { ids: [pick] });
    expect(rx.captured).toHaveLength(1);
    await dropRule(rule);
  });

  it('a slow receiver: each POST waits for its 1 s timeout in turn, the call answers after them and succeeds', async () => {
    const { rule } = await createRule(rx.url);
    const picks = await deliveries(2);
    rx.captured.length = 0;
    rx.mode = 'hang';
    const from = sb.webhooks().length;
    // the second POST only arrives once the first has been given up (one after the other, never in parallel)
    const finishedWhenNextArrived: boolean[] = [];
    rx.onRequest = async () => { finishedWhenNextArrived.push(rx.captured.slice(0, -1).every((c) => c.finished)); };
    const answer = await json2(sb, 'stock.picking/button_validate', { ids: picks });
    rx.onRequest = undefined;
    rx.mode = { status: 200 };
    expect(answer.body).toBe(true);
    expect(rx.captured.map((c) => JSON.parse(c.bodyRaw)._id)).toEqual(picks);
    expect(finishedWhenNextArrived).toEqual([true, true]);
    const log = sb.webhooks().slice(from);
    expect(log.map((d) => [d.recordId, d.outcome])).toEqual(picks.map((p) => [p, 'timeout']));
    await dropRule(rule);
  });

  it('a refused connection or an error answer is only logged: the call succeeds, nothing is retried', async () => {
    const closed = await startReceiver();
    const deadUrl = closed.url;
    await closed.close();
    const { rule: dead } = await createRule(deadUrl);
    const [p1] = await deliveries(1);
    const from = sb.webhooks().length;
    expect((await json2(sb, 'stock.picking/button_validate', { ids: [p1] })).body).toBe(true);
    expect(sb.webhooks().slice(from).map((d) => [d.recordId, d.outcome])).toEqual([[p1, 'failed']]);
    await dropRule(dead);
    const { rule } = await createRule(rx.url);
    rx.mode = { status: 500 };
    rx.captured.length = 0;
    const [p2] = await deliveries(1);
    // over JSON-RPC too
    const rpc = await executeKw(sb, 'stock.picking', 'button_validate', [[p2]]);
    rx.mode = { status: 200 };
    expect(rpc.result).toBe(true);
    expect(rx.captured).toHaveLength(1);
    expect(sb.webhooks().slice(-1).map((d) => [d.recordId, d.outcome, d.status])).toEqual([[p2, 'http_error', 500]]);
    await dropRule(rule);
  });
});

describe('write_date to the second, kept to the microsecond', () => {
  it('reads the second, and a domain value to the second stands for the whole second (Odoo 19)', async () => {
    const [pick] = await deliveries(1);
    const wd = (await json2(sb, 'stock.picking/read', { ids: [pick], fields: ['write_date'] })).body[0].write_date as string;
    expect(wd).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const found = async (op: string, v: string) => (await json2(sb, 'stock.picking/search', { domain: [['id', '=', pick], ['write_date', op, v]] })).body;
    expect(await found('>', wd)).toEqual([]);
    expect(await found('>=', wd)).toEqual([pick]);
    expect(await found('=', wd)).toEqual([pick]);
    expect(await found('<=', wd)).toEqual([pick]);
    expect(await found('>', wd.replace(' ', 'T'))).toEqual([]);
    expect(await found('>=', `${wd}.000`)).toEqual([pick]);
    // a date alone is the whole day
    expect(await found('>', wd.slice(0, 10))).toEqual([]);
    expect(await found('=', wd.slice(0, 10))).toEqual([pick]);
    const z = await json2(sb, 'stock.picking/search', { domain: [['write_date', '>', `${wd.replace(' ', 'T')}Z`]] });
    expect([z.status, z.body.name, z.body.message]).toEqual([500, 'builtins.ValueError', `expecting only datetimes with no timezone: '${wd.replace(' ', 'T')}Z'`]);
  });
});

describe('modules', () => {
  it('lists installation states and installs base_automation and stock_delivery at runtime, kept after a restart', async () => {
    const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_modules');
    let plain = await startErpSandbox({ databaseUrl: db.url, port: 0, seed: 'fresh' });
    try {
      const states = async () => Object.fromEntries((await json2(plain, 'ir.module.module/search_read', {
        domain: [['name', 'in', ['base_automation', 'base_vat', 'sale_management', 'stock', 'account']]], fields: ['name', 'state', 'shortdesc'] })).body
        .map((m: { name: string; state: string }) => [m.name, m.state]));
      expect(await states()).toEqual({ account: 'installed', base_automation: 'uninstalled', base_vat: 'uninstalled', sale_management: 'installed', stock: 'installed' });
      expect((await json2(plain, 'base.automation/search_read', { domain: [], fields: ['name'] })).status).toBe(404);
      const mod = (await json2(plain, 'ir.module.module/search', { domain: [['name', '=', 'base_automation']] })).body;
      const r = await json2(plain, 'ir.module.module/button_immediate_install', { ids: mod });
      expect(r).toEqual({ status: 200, body: { type: 'ir.actions.act_url', target: 'self', url: '/odoo' } });
      expect((await states()).base_automation).toBe('installed');
      expect((await json2(plain, 'base.automation/search_read', { domain: [], fields: ['name'] })).body).toEqual([]);
      expect((await json2(plain, 'ir.model/search_read', { domain: [['model', '=', 'base.automation']], fields: ['model', 'name'] })).body)
        .toEqual([{ id: expect.any(Number), model: 'base.automation', name: 'Automation Rule' }]);
      // a module the sandbox does not emulate is refused, nothing installed
      const other = (await json2(plain, 'ir.module.module/search', { domain: [['name', '=', 'delivery']] })).body;
      expect((await json2(plain, 'ir.module.module/button_immediate_install', { ids: other })).status).toBe(500);
      // stock_delivery brings delivery's carriers (its "Standard delivery") and the transfers' carrier fields
      const sd = (await json2(plain, 'ir.module.module/search', { domain: [['name', '=', 'stock_delivery']] })).body;
      expect((await json2(plain, 'ir.module.module/button_immediate_install', { ids: sd })).status).toBe(200);
      expect((await json2(plain, 'delivery.carrier/search_read', { domain: [], fields: ['name'] })).body).toEqual([{ id: expect.any(Number), name: 'Standard delivery' }]);
      expect((await json2(plain, 'ir.model.fields/search_read', { domain: [['model', '=', 'stock.picking'], ['name', '=', 'carrier_id']], fields: ['ttype', 'relation'] })).body)
        .toEqual([{ id: expect.any(Number), ttype: 'many2one', relation: 'delivery.carrier' }]);
      await plain.close();
      plain = await startErpSandbox({ databaseUrl: db.url, port: 0 });
      expect((await states()).stock).toBe('installed');
      expect((await json2(plain, 'ir.module.module/search_read', { domain: [['name', 'in', ['stock_delivery', 'delivery']]], fields: ['name', 'state'] })).body
        .map((m: { name: string; state: string }) => [m.name, m.state])).toEqual([['delivery', 'installed'], ['stock_delivery', 'installed']]);
      expect((await states()).base_automation).toBe('installed');
      expect((await json2(plain, 'base.automation/search_read', { domain: [], fields: ['name'] })).status).toBe(200);
    } finally {
      await plain.close();
      await db.drop();
    }
  });
});
