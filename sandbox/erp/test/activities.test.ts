/**
 * Activities as Odoo 19 keeps them: the standard types (by their mail.* xml ids), an activity created on a sales
 * order by `res_model_id` or `res_model`, `activity_schedule` on the order, and done = archived (found again with
 * `active_test: false`, `date_done` and feedback kept, a message on the order), cancel = deleted.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { executeKw, json2 } from './client.ts';

let sb: RunningErpSandbox;
let drop: () => Promise<void>;

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_activities');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, seed: 'fresh' }, { now: () => new Date('2026-12-01T10:00:00Z') });
  drop = async () => { await sb.close(); await db.drop(); };
});
afterAll(async () => drop());

async function ok(path: string, body: unknown = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await json2(sb, path, body);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
const create = async (model: string, vals: object): Promise<number> => (await ok(`${model}/create`, { vals_list: [vals] }))[0];
const FIELDS = ['res_model', 'res_model_id', 'res_id', 'res_name', 'activity_type_id', 'summary', 'note', 'date_deadline', 'date_done', 'user_id', 'active', 'state', 'feedback', 'automated'];

async function order(): Promise<number> {
  const partner = await create('res.partner', { name: 'Buyer' });
  return create('sale.order', { partner_id: partner });
}
async function typeId(xmlid: string): Promise<number> {
  const [row] = await ok('ir.model.data/search_read', { domain: [['module', '=', 'mail'], ['name', '=', xmlid]], fields: ['res_id'] });
  return row.res_id as number;
}

describe('mail.activity.type', () => {
  it('has the standard types under their mail xml ids', async () => {
    const types = await ok('mail.activity.type/search_read', { domain: [], fields: ['name', 'category', 'icon'] });
    expect(types.map((t: { name: string }) => t.name)).toEqual(['To-Do', 'Email', 'Call', 'Upload Document', 'Exception']);
    const call = await typeId('mail_activity_data_call');
    expect(types.find((t: { id: number }) => t.id === call)).toMatchObject({ name: 'Call', category: 'phonecall', icon: 'fa-phone' });
  });
});

describe('mail.activity', () => {
  it('is created on a sales order by res_model_id, assigned and due, and done archives it with date_done and feedback', async () => {
    const so = await order();
    const [model] = await ok('ir.model/search_read', { domain: [['model', '=', 'sale.order']], fields: ['id'] });
    const todo = await typeId('mail_activity_data_todo');
    const id = await create('mail.activity', { res_model_id: model.id, res_id: so, activity_type_id: todo, user_id: 2, date_deadline: '2026-11-30', summary: 'Buyer asks to cancel', note: '<p>See Amazon</p>' });
    const [open] = await ok('mail.activity/read', { ids: [id], fields: FIELDS });
    const [{ name }] = await ok('sale.order/read', { ids: [so], fields: ['name'] });
    expect(open).toEqual({ id, res_model: 'sale.order', res_model_id: [model.id, 'Sales Order'], res_id: so, res_name: name, activity_type_id: [todo, 'To-Do'],
      summary: 'Buyer asks to cancel', note: '<p>See Amazon</p>', date_deadline: '2026-11-30', date_done: false, user_id: [2, 'Administrator'],
      active: true, state: 'overdue', feedback: false, automated: false });
    expect(await ok('mail.activity/search', { domain: [['res_model', '=', 'sale.order'], ['res_id', '=', so]] })).toEqual([id]);

    const message = await ok('mail.activity/action_feedback', { ids: [id], feedback: 'Cancelled for the buyer' });
    expect(message).toEqual(expect.any(Number));
    const [post] = await ok('mail.message/read', { ids: [message], fields: ['model', 'res_id', 'subtype', 'body'] });
    expect(post).toMatchObject({ model: 'sale.order', res_id: so, subtype: 'Activities' });
    expect(post.body).toContain('Cancelled for the buyer');
    // archived: gone from a plain search, found with active_test false, done on 1 December
    expect(await ok('mail.activity/search', { domain: [['res_id', '=', so]] })).toEqual([]);
    const done = await ok('mail.activity/search_read', { domain: [['res_id', '=', so], ['res_model', '=', 'sale.order']], fields: ['active', 'date_done', 'feedback', 'state'], context: { active_test: false } });
    expect(done).toEqual([{ id, active: false, date_done: '2026-12-01', feedback: 'Cancelled for the buyer', state: 'done' }]);
    // the web button leaves a done activity alone
    expect(await ok('mail.activity/action_done', { ids: [id] })).toBe(false);
  });

  it('is created by res_model alone (res_model_id filled), takes the first type and today by default, and refuses a model without res_id', async () => {
    const so = await order();
    const id = await create('mail.activity', { res_model: 'sale.order', res_id: so, summary: 'Check' });
    const [a] = await ok('mail.activity/read', { ids: [id], fields: ['res_model_id', 'activity_type_id', 'date_deadline', 'user_id', 'state'] });
    expect(a).toMatchObject({ res_model_id: [expect.any(Number), 'Sales Order'], activity_type_id: [await typeId('mail_activity_data_todo'), 'To-Do'], date_deadline: '2026-12-01', user_id: [2, 'Administrator'], state: 'today' });
    const bad = await json2(sb, 'mail.activity/create', { vals_list: [{ res_model: 'sale.order', summary: 'no record' }] });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body)).toContain('Activities have to be linked to records with a not null res_id.');
    const missing = await json2(sb, 'mail.activity/create', { vals_list: [{ res_model: 'sale.order', res_id: 999999 }] });
    expect(missing.status).toBe(404);
  });

  it('activity_schedule on the order: type by xml id, due after the type delay, assignee, automated; over JSON-RPC too', async () => {
    const so = await order();
    const ids = await ok('sale.order/activity_schedule', { ids: [so], act_type_xmlid: 'mail.mail_activity_data_call', summary: 'Call the buyer', user_id: 2 });
    expect(ids).toEqual([expect.any(Number)]);
    const [a] = await ok('mail.activity/read', { ids, fields: ['res_model', 'res_id', 'activity_type_id', 'date_deadline', 'summary', 'automated', 'user_id'] });
    expect(a).toMatchObject({ res_model: 'sale.order', res_id: so, activity_type_id: [await typeId('mail_activity_data_call'), 'Call'], date_deadline: '2026-12-03', summary: 'Call the buyer', automated: true, user_id: [2, 'Administrator'] });
    const rpc = await executeKw(sb, 'sale.order', 'activity_schedule', [[so]], { act_type_xmlid: 'mail.mail_activity_data_todo', date_deadline: '2026-12-24', summary: 'By RPC' });
    expect(rpc.result).toEqual([expect.any(Number)]);
    const unknown = await json2(sb, 'sale.order/activity_schedule', { ids: [so], act_type_xmlid: 'mail.nope' });
    expect(unknown.status).not.toBe(200);
  });

  it('action_cancel deletes an open activity; archiving by write sets date_done and unarchiving clears it', async () => {
    const so = await order();
    const a = await create('mail.activity', { res_model: 'sale.order', res_id: so, summary: 'one' });
    const b = await create('mail.activity', { res_model: 'sale.order', res_id: so, summary: 'two' });
    await ok('mail.activity/action_cancel', { ids: [a] });
    expect(await ok('mail.activity/search', { domain: [['id', '=', a]], context: { active_test: false } })).toEqual([]);
    await ok('mail.activity/write', { ids: [b], vals: { active: false } });
    expect((await ok('mail.activity/read', { ids: [b], fields: ['date_done'] }))[0].date_done).toBe('2026-12-01');
    await ok('mail.activity/write', { ids: [b], vals: { active: true } });
    expect((await ok('mail.activity/read', { ids: [b], fields: ['date_done', 'state'] }))[0]).toEqual({ id: b, date_done: false, state: 'today' });
  });
});
