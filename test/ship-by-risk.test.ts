/**
 * The ship-by risk list end to end (real PostgreSQL, the Amazon sandbox over HTTP, the order flow's own sweep and
 * import): merchant-fulfilled orders whose latest ship time is near or past, set through the sandbox's admin API,
 * are listed by GET /api/backends/:id/shipments/at-risk (admin only) most urgent first, the late ones apart, and
 * counted in /metrics; FBA orders, shipped orders and orders due later are not; an order shipped leaves the list
 * with the next sweep; the backend's threshold setting widens the list. The API and /metrics are assembled from
 * the flow list as main.ts does.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { registerStoreMetrics } from '../connector/src/observability/store-metrics.ts';
import { flows } from '../connector/src/sync/flows.ts';
import type { ShipByRiskListT } from '../connector/src/sync/shipments/ship-by/index.ts';
import { amazonAdmin } from './support/amazon.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { sweepAndImport } from './support/lifecycle.ts';

const DE = 'A1PA6795UKMFR9';
const HOUR = 3600_000;

describe('ship-by risk list', () => {
  let stack: Stack;
  let api: ApiHandle;
  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'shipby' });
    // The API process's /metrics: the business gauges of every flow, the shipments flow's ship-by gauge among them.
    registerStoreMetrics(stack.env.metrics.registry, stack.env.db.pool, flows);
    api = await startApi(stack);
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const get = async (path: string, token?: null) => {
    const res = await api.get(path, token === null ? { token: null } : {});
    return { status: res.status, text: res.text };
  };
  /** Orders placed through the admin API, as a seller's would arrive. */
  const generate = async (count: number, fulfilledBy: 'MERCHANT' | 'AMAZON') =>
    (await amazonAdmin<{ orderIds: string[] }>(stack.amazon, 'orders/generate', { sellerId: stack.sellerId, count, status: 'UNSHIPPED', marketplaceId: DE, business: false, fulfilledBy })).orderIds;
  /** Sets the order's ship-by window (latest = now + `hours`) and optionally its status, over the admin API. */
  const setShipBy = async (id: string, hours: number, lastUpdatedAgoSeconds: number, status?: string) => {
    const { order } = (await (await fetch(`${stack.amazon.url}/_sandbox/orders/${id}`)).json()) as { order: { fulfillment: Record<string, unknown> } };
    const now = Date.now();
    const latest = new Date(now + hours * HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const body = {
      set: { fulfillment: { ...order.fulfillment, shipByWindow: { earliestDateTime: new Date(now - 48 * HOUR).toISOString().replace(/\.\d{3}Z$/, 'Z'), latestDateTime: latest } } },
      lastUpdatedTime: new Date(now - lastUpdatedAgoSeconds * 1000).toISOString(),
      ...(status ? { fulfillmentStatus: status } : {}),
    };
    const res = await fetch(`${stack.amazon.url}/_sandbox/orders/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    return latest;
  };

  it('lists the near and late merchant orders, most urgent first, with their ERP order; /metrics counts them', async () => {
    const [soon, later, late, veryLate, notYet, shipped] = await generate(6, 'MERCHANT');
    const [fba] = await generate(1, 'AMAZON');
    const latest: Record<string, string> = {};
    latest[soon!] = await setShipBy(soon!, 2, 170);
    latest[later!] = await setShipBy(later!, 20, 170);
    latest[late!] = await setShipBy(late!, -3, 170);
    latest[veryLate!] = await setShipBy(veryLate!, -30, 170);
    await setShipBy(notYet!, 40, 170);
    await setShipBy(shipped!, -5, 170, 'SHIPPED');
    await setShipBy(fba!, 1, 170);
    await sweepAndImport(stack);

    expect((await get(`/api/backends/${stack.backendId}/shipments/at-risk`, null)).status).toBe(401);
    expect((await get('/api/backends/999999/shipments/at-risk')).status).toBe(404);
    const res = await get(`/api/backends/${stack.backendId}/shipments/at-risk`);
    expect(res.status).toBe(200);
    const list = JSON.parse(res.text) as ShipByRiskListT;
    expect(list).toMatchObject({ backendId: stack.backendId, thresholdHours: 24, counts: { atRisk: 2, late: 2 } });
    expect(list.atRisk.map((o) => o.amazonOrderId)).toEqual([soon, later]);
    expect(list.late.map((o) => o.amazonOrderId)).toEqual([veryLate, late]);
    for (const o of [...list.atRisk, ...list.late]) {
      expect(o).toMatchObject({ marketplaceId: DE, amazonStatus: 'UNSHIPPED', latestShipDate: new Date(latest[o.amazonOrderId]!).toISOString(), syncState: 'imported' });
      // The ERP sales order the import created, by its name.
      expect(o.erpOrder).toEqual({ id: expect.any(Number), name: expect.stringMatching(/\S/) });
    }
    expect(list.atRisk[0]!.hoursLeft).toBeGreaterThan(1.5);
    expect(list.atRisk[0]!.hoursLeft).toBeLessThanOrEqual(2);
    expect(list.late[0]!.hoursLeft).toBeLessThan(-29.5);
    expect(list.late.every((o) => o.late) && list.atRisk.every((o) => !o.late)).toBe(true);

    const metrics = (await get('/metrics', null)).text;
    expect(metrics).toContain(`aec_ship_by_orders{backend="${stack.backendId}",state="at_risk"} 2`);
    expect(metrics).toContain(`aec_ship_by_orders{backend="${stack.backendId}",state="late"} 2`);

    // A wider threshold (the backend's setting) takes the order due in 40 h too; a limit cuts each list, not the counts.
    expect((await api.patch(`/api/backends/${stack.backendId}`, { settings: { shipments: { shipByAlertHours: 48 } } })).status).toBe(200);
    const wide = JSON.parse((await get(`/api/backends/${stack.backendId}/shipments/at-risk?limit=1`)).text) as ShipByRiskListT;
    expect(wide).toMatchObject({ thresholdHours: 48, counts: { atRisk: 3, late: 2 } });
    expect([...wide.late, ...wide.atRisk].map((o) => o.amazonOrderId)).toEqual([veryLate, soon]);
    expect((await get('/metrics', null)).text).toContain(`aec_ship_by_orders{backend="${stack.backendId}",state="at_risk"} 3`);

    // Shipped (Amazon says so at the next sweep): it leaves the list and the gauge.
    await setShipBy(late!, -3, 155, 'SHIPPED');
    await sweepAndImport(stack);
    const after = JSON.parse((await get(`/api/backends/${stack.backendId}/shipments/at-risk`)).text) as ShipByRiskListT;
    expect(after.late.map((o) => o.amazonOrderId)).toEqual([veryLate]);
    expect((await get('/metrics', null)).text).toContain(`aec_ship_by_orders{backend="${stack.backendId}",state="late"} 1`);
  });
});
