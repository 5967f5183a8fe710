/**
 * The connector's HTTP API over a real listening server, after a real sweep and import of the NA seller's orders:
 * backends with sync numbers that match the database, imported orders paged with their ERP sales order, total and
 * the tax Amazon withheld, conflicts listed and dismissed, sync runs with their step log, the admin token, 404
 * codes and Prometheus counters. Buyer PII appears in no answer and in no stored payload.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { expectationOf, type SandboxOrder } from './support/expected-orders.ts';
import { sweepAndImport } from './support/lifecycle.ts';
import { toUnits } from './support/money.ts';
import { swapSkuPatch } from './support/order-edits.ts';

const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';

interface OrderItemView {
  amazonOrderId: string;
  state: string;
  erp: { model: string; id: number; name: string | null } | null;
  total: { amount: string; currency: string } | null;
  withheldTax: { amount: string; currency: string } | null;
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface ConflictItem {
  id: number;
  amazonKey: string;
  code: string;
  status: string;
}

describe('connector API over HTTP', () => {
  let stack: Stack;
  let api: ApiHandle;
  let ids: string[];
  let unmapped: string;
  let imported: string[];
  /** Orders that must end in a conflict (from the orders themselves, not from the connector). */
  let conflicted: string[];
  beforeAll(async () => {
    // No consent to the set-up here: CAD stays inactive (US orders need nothing it would create).
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'api', sellerIndex: 1, settings: { erpSetup: { createMissing: false } } });
    api = await startApi(stack);
    const gen = (count: number, marketplaceId: string, status: 'UNSHIPPED' | 'PENDING' = 'UNSHIPPED') =>
      stack.amazon.generateOrders({ sellerId: stack.sellerId, count, marketplaceId, status, fulfilledBy: 'MERCHANT' });
    // The ERP seed leaves CAD inactive: the CA orders are SETUP_INCOMPLETE conflicts until the integrator acts.
    ids = [...gen(10, US), ...gen(2, US, 'PENDING'), ...gen(2, CA)];
    unmapped = ids[0]!;
    stack.amazon.updateOrder(unmapped, swapSkuPatch(stack.amazon.getOrder(unmapped).order, 'SAMPLE-TEA-TRIO'));
    const expected = ids.map((id) => [id, expectationOf(order(id), new Set([CA]))] as const);
    imported = expected.filter(([, e]) => e.kind === 'import').map(([id]) => id);
    conflicted = expected.filter(([, e]) => e.kind === 'conflict').map(([id]) => id);
    await sweepAndImport(stack);
  });
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const order = (id: string) => stack.amazon.getOrder(id).order as unknown as SandboxOrder & Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const count = async (sql: string) => (await stack.env.db.pool.query<{ n: number }>(sql, [stack.backendId])).rows[0]!.n;

  it('answers 401 without a valid admin token, keeps /health and /metrics open, and 404s with stable codes', async () => {
    expect(await api.get('/api/backends', { token: null })).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    expect(await api.get('/api/conflicts', { token: 'not-the-token' })).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
    expect(await api.get('/health', { token: null })).toMatchObject({ status: 200, body: { status: 'ok', database: 'up' } });
    for (const path of ['/api/backends/999', '/api/conflicts/999999', '/api/sync-runs/999999', `/api/backends/${stack.backendId}/orders/999-0000000-0000000`]) {
      expect(await api.get(path), path).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    }
    expect(await api.post('/api/conflicts/999999/resolve', { action: 'dismiss' })).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await api.post('/api/conflicts/1/resolve', { action: 'ignore-it' })).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
  });

  it('GET /api/backends shows sync numbers that match the database', async () => {
    const res = await api.get<Array<{ id: number; amazon: { sellerId: string }; sync: Record<string, unknown> }>>('/api/backends');
    expect(res.status).toBe(200);
    const b = res.body.find((x) => x.id === stack.backendId)!;
    expect(b.amazon.sellerId).toBe(stack.sellerId);
    const inDb = await count(`select count(*)::int as n from amazon_order where backend_id = $1 and sync_state = 'imported'`);
    expect(inDb).toBe(imported.length);
    expect(b.sync).toMatchObject({
      ordersImported: inDb,
      ordersWaiting: await count(`select count(*)::int as n from amazon_order where backend_id = $1 and sync_state in ('waiting', 'queued')`),
      openConflicts: await count(`select count(*)::int as n from sync_conflict where backend_id = $1 and status = 'open'`),
      failedRecords: 0,
      lastSweepStatus: expect.any(String),
    });
    expect(b.sync.ordersWaiting).toBe(2);
    // Each flow's numbers by state, from its status counts (the fields above are kept for compatibility).
    const { rows: states } = await stack.env.db.pool.query<{ state: string; n: number }>(
      'select sync_state as state, count(*)::int as n from amazon_order where backend_id = $1 group by 1',
      [stack.backendId],
    );
    expect(b.sync.flows).toEqual({ orders: Object.fromEntries(states.map((r) => [r.state, r.n])), invoices: {}, shipments: {}, cancellations: {}, feeds: {}, 'merchant-stock': {}, refunds: {}, 'refund-adjustments': {}, 'fba-returns': {}, returns: {}, care: {}, labels: {}, 'review-requests': {}, 'buyer-messages': {}, 'account-health': {}, settlements: {} });
    expect(imported.length).toBeGreaterThanOrEqual(7);
    expect(conflicted).toHaveLength(3);
  });

  it('GET /api/backends/:id/orders?state=imported pages with nextCursor: ERP name and id, total, withheld tax', async () => {
    const seen: OrderItemView[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = `/api/backends/${stack.backendId}/orders?state=imported&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await api.get<Page<OrderItemView>>(q);
      expect(res.status).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(Math.ceil(imported.length / 4));
    expect(new Set(seen.map((o) => o.amazonOrderId)).size).toBe(seen.length);
    expect(seen.map((o) => o.amazonOrderId).sort()).toEqual([...imported].sort());

    const erp = await stack.erpClient.searchRead('sale.order', [['client_order_ref', 'in', seen.map((o) => o.amazonOrderId)]], ['name', 'client_order_ref']);
    const erpByRef = new Map(erp.map((so) => [String(so.client_order_ref), so]));
    for (const o of seen) {
      const amazon = order(o.amazonOrderId);
      const exp = expectationOf(amazon);
      const so = erpByRef.get(o.amazonOrderId)!;
      expect(o.state).toBe('imported');
      expect(o.erp).toEqual({ model: 'sale.order', id: so.id, name: String(so.name) });
      if (exp.kind !== 'import') throw new Error(`${o.amazonOrderId} should import`);
      expect(o.total!.currency).toBe(exp.currency);
      expect(toUnits(o.total!.amount)).toBe(toUnits(exp.total));
      const tax = (amazon.proceeds.breakdowns as Array<{ type: string; subtotal: { amount: string } }>).find((b) => b.type === 'TAX')!;
      // A ship-to state without sales tax withholds nothing: the API then shows none.
      if (toUnits(tax.subtotal.amount) === 0n) expect(o.withheldTax).toBeNull();
      else {
        expect(o.withheldTax?.currency).toBe('USD');
        expect(toUnits(o.withheldTax!.amount)).toBe(toUnits(tax.subtotal.amount));
      }
    }
    const one = await api.get<OrderItemView>(`/api/backends/${stack.backendId}/orders/${ids[1]}`);
    expect(one.body).toEqual(seen.find((o) => o.amazonOrderId === ids[1]));
  });

  it('GET /api/conflicts?status=open lists the unmapped SKU; dismissing it through the API closes it for good', async () => {
    const open = await api.get<Page<ConflictItem>>('/api/conflicts?status=open');
    // An order may have several problems at once (a CA order with an unknown SKU): one conflict per problem.
    expect([...new Set(open.body.items.map((x) => x.amazonKey))].sort()).toEqual([...conflicted].sort());
    expect(open.body.items.filter((x) => x.code === 'SETUP_INCOMPLETE').map((x) => x.amazonKey).sort()).toEqual(ids.slice(12).sort());
    const openBefore = open.body.items.length;
    const c = open.body.items.find((x) => x.amazonKey === unmapped)!;
    expect(c).toMatchObject({ code: 'SKU_UNMAPPED', status: 'open' });
    // The list is light: no snapshots or diff (a page of 50 weighed 130 KB with them); the detail keeps them.
    for (const part of ['amazonSnapshot', 'erpSnapshot', 'diff', 'resolution']) expect(open.body.items.some((x) => part in x), part).toBe(false);
    const detail = await api.get<{ amazonSnapshot: { orderId: string }; diff: unknown }>(`/api/conflicts/${c.id}`);
    expect(detail.body.amazonSnapshot.orderId).toBe(unmapped);
    const dismissed = await api.post<ConflictItem & { resolution: { action: string } }>(`/api/conflicts/${c.id}/resolve`, { action: 'dismiss', note: 'sample, never shipped' });
    expect(dismissed).toMatchObject({ status: 200, body: { id: c.id, status: 'dismissed', resolution: { action: 'dismiss' } } });
    expect((await api.get<Page<ConflictItem>>('/api/conflicts?status=open')).body.items.some((x) => x.id === c.id)).toBe(false);
    expect(await api.post(`/api/conflicts/${c.id}/resolve`, { action: 'retry' })).toMatchObject({ status: 409, body: { code: 'CONFLICT_NOT_OPEN' } });
    expect(await api.get(`/api/conflicts/${c.id}`)).toMatchObject({ status: 200, body: { status: 'dismissed' } });
    const [b] = (await api.get<Array<{ sync: { openConflicts: number } }>>('/api/backends')).body;
    expect(b!.sync.openConflicts).toBe(openBefore - 1);
    const jobs = await stack.env.db.pool.query(`select 1 from graphile_worker.jobs where task_identifier = 'orders:resync'`);
    expect(jobs.rowCount).toBe(0);
  });

  it('GET /api/sync-runs lists the sweep and the import; /api/sync-runs/:id has the step log per order', async () => {
    const runs = await api.get<Page<{ id: number; flow: string; status: string; counts: Record<string, number> }>>(`/api/sync-runs?backendId=${stack.backendId}`);
    expect(runs.status).toBe(200);
    const flows = new Set(runs.body.items.map((r) => r.flow));
    expect(flows).toEqual(new Set(['orders.sweep', 'orders.import']));
    const importRun = runs.body.items.find((r) => r.flow === 'orders.import')!;
    const detail = await api.get<{ id: number; steps: Array<{ recordKey: string; step: string; status: string }> }>(`/api/sync-runs/${importRun.id}`);
    expect(detail.status).toBe(200);
    const steps = detail.body.steps;
    for (const name of ['map-order', 'resolve-customer', 'verify-imported']) expect(steps.some((s) => s.step === name), name).toBe(true);
    expect(steps.filter((s) => s.step === 'verify-imported' && s.status === 'ok').map((s) => s.recordKey).sort()).toEqual([...imported].sort());
    expect(steps.find((s) => s.recordKey === unmapped && s.step === 'map-order')?.status).toBe('conflict');
  });

  it('GET /metrics counts the imported orders, the conflicts by code, the ERP calls and the SP-API calls', async () => {
    const res = await api.get<string>('/metrics', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(new RegExp(`aec_records_synced_total\\{backend="${stack.backendId}",flow="orders"\\} ${imported.length}\\b`));
    const { rows } = await stack.env.db.pool.query<{ code: string; n: number }>('select code, count(*)::int as n from sync_conflict group by code');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const { code, n } of rows) {
      expect(res.body).toMatch(new RegExp(`aec_conflicts_raised_total\\{[^}]*code="${code}"[^}]*\\} ${n}\\b`));
    }
    expect(res.body).toMatch(/aec_erp_calls_total\{method="sale\.order\.create",outcome="ok"\} [1-9]/);
    expect(res.body).toMatch(/aec_amazon_calls_total\{operation="searchOrders",status="200"\} [1-9]/);
  });

  it('buyer PII appears in no API answer and in no stored payload (only sealed)', async () => {
    await api.get(`/api/conflicts?backendId=${stack.backendId}&limit=500`);
    await api.get(`/api/backends/${stack.backendId}/orders?limit=500`);
    const secrets = ids.flatMap((id) => {
      const o = order(id);
      const a = o.recipient?.deliveryAddress ?? {};
      return [o.buyer?.buyerEmail, o.buyer?.buyerName, a.name, a.addressLine1, a.phone].filter((v): v is string => typeof v === 'string' && v.length > 3);
    });
    expect(secrets.length).toBeGreaterThan(ids.length * 3);
    const everything = api.answers.join('\n');
    expect(everything.length).toBeGreaterThan(5_000);
    expect(secrets.filter((s) => everything.includes(s))).toEqual([]);
    const { rows } = await stack.env.db.pool.query<{ payload: string; sealed: boolean }>(
      `select payload::text as payload, pii_sealed is not null as sealed from amazon_order where backend_id = $1`,
      [stack.backendId],
    );
    expect(rows.length).toBe(ids.length);
    expect(rows.every((r) => r.sealed)).toBe(true);
    const payloads = rows.map((r) => r.payload).join('\n');
    expect(secrets.filter((s) => payloads.includes(s))).toEqual([]);
    const conflicts = await stack.env.db.pool.query<{ t: string }>(`select coalesce(amazon_snapshot::text, '') || coalesce(erp_snapshot::text, '') as t from sync_conflict`);
    expect(secrets.filter((s) => conflicts.rows.some((r) => r.t.includes(s)))).toEqual([]);
  });
});
