/**
 * The change feed when a webhook subscriber is switched on without a set-up run since (a settings PATCH, as the demo
 * switches shipments on) and the ERP lacks base_automation (real PostgreSQL, the ERP sandbox, which ships without
 * it): the webhook rules cannot be made, and polling must go on without them, the feed marked waiting for the module.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { setUpBackend } from '../connector/src/sync/frame/backend-setup.ts';
import { changeFeedFlow } from '../connector/src/sync/frame/change-feed/index.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { PICKING_TASK, pollOnce, takeQueued, testSubscriber } from './support/change-feed.ts';

const subscriber = testSubscriber();
const feed = changeFeedFlow(() => [subscriber]);

describe('ERP change feed without base_automation', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'feednoauto', settings: { sweepIntervalSeconds: 600 } });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a public URL set after the set-up: the poll hands changes over all the same, the feed waits for base_automation', async () => {
    // Set up without a public URL: base_automation is not asked for, so no set-up has checked it.
    await setUpBackend(stack.env, [subscriber, feed], stack.backendId, { actor: 'test' });
    const [mod] = await stack.erpClient.searchRead('ir.module.module', [['name', '=', 'base_automation']], ['state']);
    expect(mod?.state).not.toBe('installed');
    await pollOnce(stack.env, subscriber, stack.backendId);
    await takeQueued(stack.env, PICKING_TASK, stack.backendId);
    stack.env.core.changeFeed.publicUrl = 'http://127.0.0.1:9';

    const [partner] = await stack.erpClient.create('res.partner', [{ name: 'Feed without automation' }]);
    const [type] = await stack.erpClient.search('stock.picking.type', [['code', '=', 'outgoing']], { limit: 1 });
    const [picking] = await stack.erpClient.create('stock.picking', [{ partner_id: partner!, picking_type_id: type! }]);
    await pollOnce(stack.env, subscriber, stack.backendId);

    expect(await takeQueued(stack.env, PICKING_TASK, stack.backendId)).toContain(picking);
    const health = await stack.env.core.health.list([stack.backendId]);
    expect(health.find((h) => h.flow === 'changefeed.poll')?.state ?? 'ok').toBe('ok');
    expect(health.find((h) => h.flow === 'changefeed.modules')).toMatchObject({ state: 'failing', code: 'MODULE_MISSING' });
  });
});
