// A slow ERP whose call outlives the connector's deadline: Odoo goes on and commits after the client gave up.
// The gateway must re-read before it writes again (orders' state, or the created orders by their reference), so
// the work is done once: one confirmation, no 422 "not in a state requiring confirmation", no second order.
import { afterEach, describe, expect, it } from 'vitest';
import { connectOdoo } from '../../../erp/odoo/connect-odoo.ts';
import type { OdooClient } from '../../../erp/odoo/odoo-client.ts';
import { startSlowSaleOdoo, type SlowSaleOdoo } from '../../../erp/odoo/testing/slow-sale-odoo.ts';
import { saleOrderGateway } from './sale-order.gateway.ts';

// Wide margins for a loaded machine: the deadline fires at 1 s, the server commits at 1.5 s, and the connector
// re-reads for up to another deadline (until 2 s).
const DEADLINE_MS = 1_000;
const FIRST_CALL_MS = 1_500;

let odoo: SlowSaleOdoo | undefined;
let client: OdooClient | undefined;
afterEach(async () => {
  await client?.close();
  await odoo?.close();
  client = odoo = undefined;
});

const connect = (o: SlowSaleOdoo) => connectOdoo({ url: o.fake.url, database: 'db', apiKey: 'k', timeoutMs: DEADLINE_MS });

describe('sale.order gateway against an ERP slower than the call deadline', () => {
  it('confirm: a timed-out confirmation that completes server-side is read back, not re-sent (one call, no 422)', async () => {
    odoo = await startSlowSaleOdoo({ delayMs: (m, nth) => (m === 'action_confirm' && nth === 0 ? FIRST_CALL_MS : 0) }, 30);
    client = await connect(odoo);
    const ids = [...odoo.orders.keys()];

    const results = await saleOrderGateway(client).confirm(ids, 200);

    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(odoo.calls.action_confirm).toEqual([30]);
    expect(odoo.refusals).toEqual([]);
    expect([...odoo.orders.values()].every((o) => o.state === 'sale')).toBe(true);
  });

  it('confirm: when the timed-out call did NOT go through, the drafts are sent again once the re-reads show nothing', async () => {
    // The first call never commits within the re-read window (a hung worker): after it, the drafts are re-sent.
    odoo = await startSlowSaleOdoo({ delayMs: (m, nth) => (m === 'action_confirm' && nth === 0 ? 4 * DEADLINE_MS : 0) }, 12);
    client = await connect(odoo);
    const ids = [...odoo.orders.keys()];
    const started = performance.now();

    const results = await saleOrderGateway(client).confirm(ids, 200);

    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(odoo.calls.action_confirm).toEqual([12, 12]);
    expect(odoo.refusals).toEqual([]);
    // It waited a deadline's worth of re-reads before writing again.
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * DEADLINE_MS - 50);
    expect(odoo.calls.read!.length).toBeGreaterThan(1);
  });

  it('confirm: orders another job\'s confirmation already did are not failed when Odoo refuses the batch (422)', async () => {
    odoo = await startSlowSaleOdoo({}, 16);
    client = await connect(odoo);
    const ids = [...odoo.orders.keys()];
    for (const id of [2, 9, 16]) odoo.orders.get(id)!.state = 'sale';

    const results = await saleOrderGateway(client).confirm(ids, 200);

    // One refusal of the whole batch, one re-read, the 13 drafts confirmed in one call; nobody failed.
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(odoo.calls.action_confirm).toEqual([16, 13]);
    expect([...odoo.orders.values()].every((o) => o.state === 'sale')).toBe(true);
  });

  it('create: a timed-out create that completes server-side is found by reference, not created twice', async () => {
    odoo = await startSlowSaleOdoo({ delayMs: (m, nth) => (m === 'create' && nth === 0 ? FIRST_CALL_MS : 0) });
    client = await connect(odoo);
    const news = Array.from({ length: 25 }, (_, i) => ({ header: { client_order_ref: `028-0000000-${String(i).padStart(7, '0')}` }, lines: [], partnerId: 7, deliveryId: null }));

    const results = await saleOrderGateway(client).create(news, 200);

    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(odoo.calls.create).toEqual([25]);
    expect(odoo.orders.size).toBe(25);
    // Each order got the id the ERP gave it for its own reference.
    for (const [i, r] of results.entries()) expect(r.ok && odoo.orders.get(r.id)?.client_order_ref).toBe(news[i]!.header.client_order_ref);
  });
});
