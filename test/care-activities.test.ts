/**
 * Customer care end to end against both sandboxes over HTTP: merchant orders imported into the ERP; the events the
 * other flows record (a buyer's cancel request in `order_cancellation`, a return request staged from the returns
 * report, a chargeback and an A-to-z claim as the refunds flow keeps their kind, an order whose latest ship time
 * is near in the stored Amazon order) are written where those flows write them; the care sweep runs as the worker
 * runs it. What a customer-care person checks: one ERP activity per (order, reason) on the sales order, assigned
 * and due per the backend's rule; none twice (a sweep again, a crash between the create and its record); marked
 * done in the ERP (archived as in 19, or deleted as in 17) -> done in the connector; the list route and the gauge.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { sweepAndImport, theErpOrder } from './support/lifecycle.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { registerStoreMetrics } from '../connector/src/observability/store-metrics.ts';
import { flows } from '../connector/src/sync/flows.ts';
import { CareTasks, careMarker } from '../connector/src/sync/care/index.ts';
import type { ErpRecord } from '../connector/src/erp/erp-port.ts';

const DE = 'A1PA6795UKMFR9';
const HOUR = 3_600_000;
interface Order { id: string; soId: number }
interface Row { amazon_order_id: string; reason: string; state: string; code: string | null; erp_activity_id: number | null; erp_user_id: number | null; due_at: Date | null }

for (const erpTransport of ['json2', 'jsonrpc'] as const) {
describe(`customer care: buyer events as ERP activities (ERP over ${erpTransport})`, () => {
  let stack: Stack;
  let api: ApiHandle;
  let orders: Order[];
  let deskUser: number;
  let claimsUser: number;
  const take = (): Order => {
    const o = orders.shift();
    if (!o) throw new Error('no order left for this test');
    return o;
  };

  beforeAll(async () => {
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: `care-${erpTransport}`, erpTransport, amazon: { returnShare: 0, refundShare: 0 } });
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 14, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
    await sweepAndImport(stack);
    orders = [];
    for (const id of ids) {
      const so = await theErpOrder(stack, id).catch(() => null);
      if (so) orders.push({ id, soId: so.id });
    }
    expect(orders.length).toBeGreaterThan(9);
    // Two ERP users the rules name: the care desk by login, the claims person by id.
    const erp = stack.erpClient;
    const [deskPartner, claimsPartner] = await erp.create('res.partner', [{ name: 'Care Desk' }, { name: 'Claims Person' }]);
    deskUser = (await erp.create('res.users', [{ name: 'Care Desk', login: 'care-desk', partner_id: deskPartner }]))[0]!;
    claimsUser = (await erp.create('res.users', [{ name: 'Claims Person', login: 'claims', partner_id: claimsPartner }]))[0]!;
    // No stored order near its latest ship time but the one a test moves there.
    await stack.env.db.pool.query(
      `update fetched_document set payload = jsonb_set(payload, '{fulfillment,shipByWindow}', jsonb_build_object('latestDateTime', $2::text), true)
        where backend_id = $1 and kind = 'order'`, [stack.backendId, new Date(Date.now() + 10 * 24 * HOUR).toISOString()]);
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { care: { enabled: true } }, care: {
      cancelRequestUser: 'care-desk', cancelRequestDueHours: 12, returnRequestUser: 'care-desk', returnRequestDueHours: 48,
      claimUser: String(claimsUser), claimDueHours: 24, chargebackUser: String(claimsUser), chargebackDueHours: 72, shipLateDueHours: 2,
    } } });
    // The API process's /metrics: the flows' business gauges, the care gauge among them.
    registerStoreMetrics(stack.env.metrics.registry, stack.env.db.pool, flows);
    api = await startApi(stack);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const sweep = () => taskList(stack.env)[CareTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
  const rows = async (): Promise<Row[]> => (await stack.env.db.pool.query<Row>(
    'select amazon_order_id, reason, state, code, erp_activity_id, erp_user_id, due_at from care_activity where backend_id = $1 order by amazon_order_id, reason', [stack.backendId])).rows;
  const activitiesOf = (soId: number, all = true): Promise<ErpRecord[]> => stack.erpClient.searchRead('mail.activity', [['res_model', '=', 'sale.order'], ['res_id', '=', soId]],
    ['summary', 'user_id', 'date_deadline', 'activity_type_id', 'active', 'note'], { context: { active_test: !all } });

  /** The events, written where their flows write them (each statement says which flow's record it mimics). */
  async function cancelRequest(o: { id: string }, at: Date): Promise<void> {
    // cancellations: a buyer's request noted and waiting for a person (state asked)
    await stack.env.db.pool.query(`insert into order_cancellation (backend_id, amazon_order_id, source, state, request_reason, created_at)
      values ($1, $2, 'buyer_request', 'asked', 'Changed my mind', $3)`, [stack.backendId, o.id, at]);
  }
  async function returnRequest(o: Order, at: Date): Promise<void> {
    // returns: a row of the returns report as stage-returns.ts keeps it
    await stack.env.db.pool.query(`insert into merchant_return (backend_id, order_id, rma_id, sku, marketplace_id, status, quantity, reason, requested_at, content_hash)
      values ($1, $2, 'RMA-' || $2, 'SKU-1', $3, 'Approved', 1, 'DEFECTIVE', $4, 'h')`, [stack.backendId, o.id, DE, at]);
  }
  async function forcedRefund(o: Order, refundId: string, kind: 'chargeback' | 'guarantee_claim'): Promise<void> {
    // refunds: the kind read from the v0 financial events, kept beside the order in the refund's record state
    await stack.env.core.states.set(stack.backendId, 'refunds', [{ key: refundId, state: 'credited', code: null, detail: { kind, orderId: o.id } }]);
  }
  async function nearShipBy(o: Order, latest: Date): Promise<void> {
    // the orders flow's stored Amazon order, its ship-by window as Amazon sent it
    await stack.env.db.pool.query(`update fetched_document set payload = jsonb_set(payload, '{fulfillment,shipByWindow}', jsonb_build_object('latestDateTime', $3::text), true)
      where backend_id = $1 and kind = 'order' and key = $2`, [stack.backendId, o.id, latest.toISOString()]);
  }

  it('makes one activity per event on the sales order, assigned and due per rule; a second sweep makes none', async () => {
    const requestAt = new Date(Date.now() - HOUR);
    const [c, r, cb, az, late] = [take(), take(), take(), take(), take()];
    await cancelRequest(c, requestAt);
    await returnRequest(r, requestAt);
    await forcedRefund(cb, 'REFUND-CB-1', 'chargeback');
    await forcedRefund(az, 'REFUND-AZ-1', 'guarantee_claim');
    await nearShipBy(late, new Date(Date.now() + 3 * HOUR));
    await cancelRequest({ id: '999-0000000-0000001' }, requestAt); // an order never imported
    await sweep();

    const byKey = new Map((await rows()).map((x) => [`${x.amazon_order_id}/${x.reason}`, x]));
    const expected: Array<[Order, string, number, number]> = [[c, 'cancel_request', deskUser, 12], [r, 'return_request', deskUser, 48], [cb, 'chargeback', claimsUser, 72], [az, 'a_to_z_claim', claimsUser, 24]];
    for (const [o, reason, user, hours] of expected) {
      const row = byKey.get(`${o.id}/${reason}`)!;
      expect(row).toMatchObject({ state: 'open', code: null, erp_user_id: user });
      const acts = await activitiesOf(o.soId);
      expect(acts).toHaveLength(1);
      expect(acts[0]).toMatchObject({ id: row.erp_activity_id, active: true, user_id: [user, expect.any(String)], summary: expect.stringContaining(careMarker(o.id, reason as never)) });
      // Due per rule, counted from the event (the refund's from when the refunds flow saw it: now)
      if (reason === 'cancel_request' || reason === 'return_request') {
        expect(row.due_at!.getTime()).toBe(requestAt.getTime() + hours * HOUR);
        expect(acts[0]!.date_deadline).toBe(new Date(requestAt.getTime() + hours * HOUR).toISOString().slice(0, 10));
      } else {
        expect(Math.abs(row.due_at!.getTime() - (Date.now() + hours * HOUR))).toBeLessThan(10 * 60_000);
      }
    }
    const lateRow = byKey.get(`${late.id}/ship_late`)!;
    expect(lateRow.state).toBe('open');
    const [lateAct] = await activitiesOf(late.soId);
    expect(lateAct!.summary).toContain(late.id);
    expect(lateAct!.note).toContain('Latest ship date');
    // no rule for late shipments: the ERP's default assignee (the connector's user)
    expect(lateRow.erp_user_id).toBeNull();
    expect(byKey.get('999-0000000-0000001/cancel_request')).toMatchObject({ state: 'pending', code: 'CARE_ORDER_NOT_IMPORTED', erp_activity_id: null });
    expect([...byKey.values()].filter((x) => x.state === 'open')).toHaveLength(5);

    const before = await stack.erpClient.searchCount('mail.activity', [], { context: { active_test: false } });
    await sweep();
    expect(await stack.erpClient.searchCount('mail.activity', [], { context: { active_test: false } })).toBe(before);
    expect((await rows()).filter((x) => x.state === 'open')).toHaveLength(5);
  });

  it('a run that died after the ERP made the activity adopts it: no second activity', async () => {
    const o = take();
    await cancelRequest(o, new Date());
    await sweep();
    const [made] = await activitiesOf(o.soId);
    // As if the worker died between the create and writing its id: the row still pending, the create started.
    await stack.env.db.pool.query(`update care_activity set state = 'pending', erp_activity_id = null where backend_id = $1 and amazon_order_id = $2`, [stack.backendId, o.id]);
    await sweep();
    expect(await activitiesOf(o.soId)).toHaveLength(1);
    expect((await rows()).find((x) => x.amazon_order_id === o.id)).toMatchObject({ state: 'open', erp_activity_id: made!.id });
  });

  it('marked done in the ERP (archived as Odoo 19 does, or deleted as 17 does) is done in the connector, with the list route and the gauge', async () => {
    const [a, b] = [take(), take()];
    await returnRequest(a, new Date());
    await returnRequest(b, new Date());
    await sweep();
    const [actA] = await activitiesOf(a.soId);
    const [actB] = await activitiesOf(b.soId);
    await stack.erpClient.call('mail.activity', 'action_feedback', [actA!.id], { kwargs: { feedback: 'Return label sent' } });
    await stack.erpClient.unlink('mail.activity', [actB!.id]);
    expect(await activitiesOf(a.soId, false)).toEqual([]);
    await sweep();
    const done = (await rows()).filter((x) => x.amazon_order_id === a.id || x.amazon_order_id === b.id);
    expect(done.map((x) => x.state)).toEqual(['done', 'done']);
    // archived, not gone: the ERP keeps it with its done date
    expect(await activitiesOf(a.soId)).toEqual([expect.objectContaining({ id: actA!.id, active: false })]);

    const list = await api.get<{ counts: Record<string, number>; items: Array<{ amazonOrderId: string; reason: string; state: string; doneAt: string | null }> }>(
      `/api/backends/${stack.backendId}/care/activities?state=done&reason=return_request`);
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body.items.map((i) => i.amazonOrderId).sort()).toEqual([a.id, b.id].sort());
    expect(list.body.items.every((i) => i.state === 'done' && i.doneAt !== null)).toBe(true);
    expect(list.body.counts).toMatchObject({ done: 2, pending: 1 });
    const metrics = await (await fetch(`${api.url}/metrics`)).text();
    expect(metrics).toContain(`aec_care_activities{backend="${stack.backendId}",state="done",reason="return_request"} 2`);
  });

  it('in dry run stages the event and writes nothing to the ERP; switched back, the activity is made', async () => {
    const o = take();
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { care: { enabled: true, dryRun: true } } } });
    await cancelRequest(o, new Date());
    await sweep();
    expect((await rows()).find((x) => x.amazon_order_id === o.id)).toMatchObject({ state: 'pending', erp_activity_id: null });
    expect(await activitiesOf(o.soId)).toEqual([]);
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { care: { enabled: true, dryRun: false } } } });
    await sweep();
    expect(await activitiesOf(o.soId)).toHaveLength(1);
  });

  it("the ship-late activity is marked done by the connector once the order ships (feedback, archived); the other reasons stay a person's", async () => {
    const [o, other] = [take(), take()];
    await nearShipBy(o, new Date(Date.now() + HOUR));
    await returnRequest(other, new Date());
    await sweep();
    const [act] = await activitiesOf(o.soId);
    expect(act).toMatchObject({ active: true });
    // the orders flow's stored Amazon order once Amazon reports it shipped
    await stack.env.db.pool.query(`update fetched_document set summary = jsonb_set(summary, '{status}', '"SHIPPED"'),
      payload = jsonb_set(payload, '{fulfillment,fulfillmentStatus}', '"SHIPPED"') where backend_id = $1 and kind = 'order' and key = any($2)`, [stack.backendId, [o.id, other.id]]);
    await sweep();
    const mine = (await rows()).filter((x) => x.amazon_order_id === o.id || x.amazon_order_id === other.id);
    expect(mine.map((x) => [x.amazon_order_id, x.reason, x.state]).sort()).toEqual([[o.id, 'ship_late', 'done'], [other.id, 'return_request', 'open']].sort());
    expect(await activitiesOf(o.soId)).toEqual([expect.objectContaining({ id: act!.id, active: false })]);
    const [feedback] = await stack.erpClient.searchRead('mail.message', [['model', '=', 'sale.order'], ['res_id', '=', o.soId], ['body', 'ilike', 'has shipped']], ['body']);
    expect(String(feedback?.body)).toContain('closed by the connector');
    expect((await activitiesOf(other.soId, false))).toHaveLength(1);
    await sweep();
    expect(await activitiesOf(o.soId)).toHaveLength(1);
  });
});
}
