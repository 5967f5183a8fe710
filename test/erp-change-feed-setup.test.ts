/**
 * The change feed's set-up in the ERP (real PostgreSQL, the ERP sandbox with its module installation and automation
 * rules, the connector's API over HTTP): the modules a flow needs are reported MODULE_MISSING without consent (the
 * flow waits) and installed with it; webhook rules only with a public URL, one per subscribed state, found again
 * rather than created twice, rewritten when the URL changes, removed when the flow or the backend is switched off;
 * a delivery validated in the ERP reaches the subscriber through the rule's POST.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setUpBackend } from '../connector/src/sync/frame/backend-setup.ts';
import { changeFeedFlow } from '../connector/src/sync/frame/change-feed/index.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { PICKING_TASK, apiFlowsWith, pollOnce, takeQueued, testSubscriber } from './support/change-feed.ts';

const subscriber = testSubscriber({ erpModules: [{ name: 'stock_delivery', why: 'carriers and tracking numbers of deliveries' }] });
const feed = changeFeedFlow(() => [subscriber]);

describe('ERP change feed: modules and webhook rules', () => {
  let stack: Stack;
  let api: ApiHandle;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'feedsetup', settings: { sweepIntervalSeconds: 600 } });
    api = await startApi(stack, { flows: apiFlowsWith(stack.env, subscriber) });
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const setup = () => setUpBackend(stack.env, [subscriber, feed], stack.backendId, { actor: 'test' });
  const rules = async () => stack.erpClient.searchRead('base.automation', [['name', '=like', `Amazon connector (backend ${stack.backendId}):%`]], ['name', 'action_server_ids'], { context: { active_test: false } });
  const webhookUrls = async () => {
    const ids = (await rules()).flatMap((r) => r.action_server_ids as number[]);
    return ids.length ? (await stack.erpClient.read('ir.actions.server', ids, ['webhook_url'])).map((a) => String(a.webhook_url)) : [];
  };
  const moduleState = async (name: string) => (await stack.erpClient.searchRead('ir.module.module', [['name', '=', name]], ['state']))[0]?.state;
  const settings = (s: Record<string, unknown>) => stack.env.core.backends.update(stack.backendId, { settings: s });

  it('without consent: MODULE_MISSING with what to do, the flow waits (health, no change handed over); no public URL: no rule', async () => {
    const report = await setup();
    const missing = report.problems.filter((p) => p.code === 'MODULE_MISSING');
    expect(missing).toHaveLength(1);
    expect(missing[0]!.message).toMatch(/stock_delivery.*Apps menu.*erpSetup\.installModules/);
    expect(await moduleState('stock_delivery')).toBe('uninstalled');
    const health = await stack.env.core.health.list([stack.backendId]);
    expect(health.find((h) => h.flow === 'orders.modules')).toMatchObject({ state: 'failing', code: 'MODULE_MISSING' });
    // Without a public URL base_automation is not even asked for: polling alone.
    expect(report.problems.some((p) => p.message.includes('base_automation'))).toBe(false);
    await pollOnce(stack.env, subscriber, stack.backendId);
    const { rows } = await stack.env.db.pool.query(`select model from erp_change_cursor where backend_id = $1 and subscribers <> '{}'`, [stack.backendId]);
    expect(rows).toEqual([]);
  });

  it('with consent and a public URL: the modules installed, one rule per subscribed state, found again on the next run', async () => {
    stack.env.core.changeFeed.publicUrl = api.url;
    await settings({ erpSetup: { installModules: true } });
    const report = await setup();
    expect(report.problems).toEqual([]);
    expect(report.changed.map((c) => c.what).join('\n')).toMatch(/module stock_delivery installed[\s\S]*module base_automation installed/);
    expect(await moduleState('stock_delivery')).toBe('installed');
    expect(await moduleState('base_automation')).toBe('installed');
    expect((await stack.env.core.health.list([stack.backendId])).some((h) => h.flow.endsWith('.modules'))).toBe(false);
    expect(report.created.filter((c) => c.erpModel === 'base.automation')).toHaveLength(1);
    const secret = await stack.env.core.changeFeed.secrets.current(stack.backendId);
    expect(await webhookUrls()).toEqual([`${api.url}/inbound/erp/${stack.backendId}/${secret}`]);
    const again = await setup();
    expect(again.created).toEqual([]);
    expect(again.found.filter((c) => c.erpModel === 'base.automation')).toHaveLength(1);
    expect(await rules()).toHaveLength(1);
  });

  it("a delivery validated in the ERP reaches the subscriber through the rule's POST", async () => {
    const product = (await stack.erpClient.searchRead('product.product', [['is_storable', '=', true], ['qty_available', '>', 50]], ['id'], { limit: 1 }))[0]!.id;
    const partner = (await stack.erpClient.create('res.partner', [{ name: 'CF webhook customer' }]))[0]!;
    const [order] = await stack.erpClient.create('sale.order', [{ partner_id: partner, order_line: [[0, 0, { product_id: product, product_uom_qty: 1 }]] }]);
    await stack.erpClient.call('sale.order', 'action_confirm', [order!]);
    const picking = ((await stack.erpClient.read('sale.order', [order!], ['picking_ids']))[0]!.picking_ids as number[])[0]!;
    await takeQueued(stack.env, PICKING_TASK, stack.backendId);
    await stack.erpClient.call('stock.picking', 'button_validate', [picking]);
    // Odoo posts after its commit, inside the validating call: the job is there once the call answered.
    expect(await takeQueued(stack.env, PICKING_TASK, stack.backendId)).toEqual([picking]);
    expect(api.log()).not.toContain(await stack.env.core.changeFeed.secrets.current(stack.backendId));
  });

  it('a changed ERP URL (PATCH .../connection over HTTP) queues the set-up with the change, which registers the rules in that ERP', async () => {
    const id = stack.backendId;
    const setupJobs = async () => (await stack.env.db.pool.query(`select 1 from graphile_worker.jobs where key = $1`, [`setup:${id}`])).rowCount;
    await stack.env.db.pool.query('select graphile_worker.remove_job($1)', [`setup:${id}`]);
    const old = (await stack.env.core.backends.get(id)).erpUrl;
    // A refused change commits nothing, the job neither.
    const refused = await api.patch<{ code: string }>(`/api/backends/${id}/connection`, { erp: { url: old.replace('127.0.0.1', 'localhost'), apiKey: null } });
    expect(refused.body.code).toBe('BACKEND_INVALID');
    expect(await setupJobs()).toBe(0);
    // Another address of the ERP (as a new ERP would), which lacks the rules: the set-up is queued in the PATCH's transaction.
    const moved = await api.patch(`/api/backends/${id}/connection`, { erp: { url: old.replace('127.0.0.1', 'localhost') } });
    expect(moved.status).toBe(200);
    expect(await setupJobs()).toBe(1);
    const { rows } = await stack.env.db.pool.query('select 1 from erp_webhook_state where backend_id = $1', [id]);
    expect(rows).toEqual([]);
    await stack.erpClient.unlink('base.automation', (await rules()).map((r) => r.id));
    expect(await rules()).toEqual([]);
    // What the queued job runs: the rules are in the ERP again, pointing at this connector.
    const report = await setup();
    expect(report.created.filter((c) => c.erpModel === 'base.automation')).toHaveLength(1);
    const secret = await stack.env.core.changeFeed.secrets.current(id);
    expect(await webhookUrls()).toEqual([`${api.url}/inbound/erp/${id}/${secret}`]);
    await api.patch(`/api/backends/${id}/connection`, { erp: { url: old } });
    await stack.env.db.pool.query('select graphile_worker.remove_job($1)', [`setup:${id}`]);
  });

  it('a rotated secret or a new public URL rewrites the rule (by the next poll)', async () => {
    await stack.env.core.changeFeed.secrets.rotate(stack.backendId, 60);
    await pollOnce(stack.env, subscriber, stack.backendId);
    const secret = await stack.env.core.changeFeed.secrets.current(stack.backendId);
    expect(await webhookUrls()).toEqual([`${api.url}/inbound/erp/${stack.backendId}/${secret}`]);
    stack.env.core.changeFeed.publicUrl = `${api.url}/behind-a-proxy`;
    await pollOnce(stack.env, subscriber, stack.backendId);
    expect(await webhookUrls()).toEqual([`${api.url}/behind-a-proxy/inbound/erp/${stack.backendId}/${secret}`]);
    expect(await rules()).toHaveLength(1);
    stack.env.core.changeFeed.publicUrl = api.url;
    await pollOnce(stack.env, subscriber, stack.backendId);
  });

  it('the flow switched off: its rule removed; on again: back; the backend switched off: removed', async () => {
    await settings({ goLive: { orders: { enabled: false } } });
    await pollOnce(stack.env, subscriber, stack.backendId);
    expect(await rules()).toEqual([]);
    await settings({ goLive: { orders: { enabled: true } } });
    await pollOnce(stack.env, subscriber, stack.backendId);
    expect(await rules()).toHaveLength(1);
    await stack.env.core.backends.setEnabled(stack.backendId, false, { actor: 'test' });
    await pollOnce(stack.env, subscriber, stack.backendId);
    expect(await rules()).toEqual([]);
  });
});
