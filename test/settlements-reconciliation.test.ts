/**
 * The three-way reconciliation (issue 16) against both sandboxes over HTTP: merchant orders imported, invoiced and
 * shipped; one refunded and credited, one refunded and not credited (its credit job never ran), FBA orders the
 * connector never imported; Amazon's period closes and its settlement is stored. Every difference has its reason,
 * UNEXPLAINED is zero; the money trail of an order goes from Amazon's total to the net; every view exports as CSV;
 * an accountant accepts a variance with a note (recorded, audited), a viewer may not.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRequire } from 'node:module';
import { signSession } from '../connector/src/api/auth/session-token.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { RefundTasks } from '../connector/src/sync/refunds/index.ts';
import { sweepSettlements } from '../connector/src/sync/settlements/index.ts';
import { amazonAdmin } from './support/amazon.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { request, runInvoiceJobs, validateDelivery } from './support/invoicing.ts';
import { sweepAndImport, theErpOrder } from './support/lifecycle.ts';

// The connector's own CSV reader (a dependency of the connector package, not of the tests'), to read its exports back.
const { parse } = createRequire(new URL('../connector/package.json', import.meta.url))('csv-parse/sync') as { parse: (text: string, opts: { columns: true }) => Array<Record<string, string>> };
const DE = 'A1PA6795UKMFR9';
const DAY = 86_400_000;
const SESSION_KEY = new Uint8Array(32).fill(9);
const SHIP_DATE = '2026-11-28T16:30:00Z';

interface Variance { key: string; reason: string; orderId: string | null; refundId: string | null; difference: string; amazon: string | null; settled: string | null; accepted: { note: string; by: string } | null }
interface Recon { settlementId: string; groups: Array<{ transactionType: string; amountType: string; lines: number; matched: number; unmatched: number }>; variances: Variance[]; unexplained: number }

describe('settlements reconciliation', () => {
  let stack: Stack;
  let api: ApiHandle;
  let skewMs = 0;
  const settled: string[] = [];
  let credited: string;
  let uncredited: string;
  let uncreditedRefund: string;
  let fba: string[];
  let settlementId: string;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    const plans = { searchOrders: { rate: 5, burst: 100 }, getReports: { rate: 5, burst: 100 }, getReportDocument: { rate: 5, burst: 100 } };
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'settlements-recon', settings: { rateOverrides: plans },
      amazon: { now: () => Date.now() + skewMs, returnShare: 0, refundShare: 0, usagePlans: plans } });
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 6, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
    await sweepAndImport(stack);
    for (const id of ids) {
      const so = await theErpOrder(stack, id).catch(() => null);
      if (so?.state !== 'sale') continue;
      // Invoiced and shipped, as the shipments and invoices flows would have it.
      await validateDelivery(stack, so.id);
      await request(stack, id, `mfn:${so.id}`, SHIP_DATE);
      await runInvoiceJobs(stack);
      stack.amazon.updateOrder(id, { fulfillmentStatus: 'SHIPPED' });
      settled.push(id);
      if (settled.length === 4) break;
    }
    expect(settled.length).toBeGreaterThanOrEqual(3);
    fba = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 2, marketplaceId: DE, fulfilledBy: 'AMAZON', status: 'SHIPPED', business: false });
    await stack.env.core.backends.update(stack.backendId, { marketplaceIds: [DE], settings: { goLive: { refunds: { enabled: true }, settlements: { enabled: true } } } });
    // Two refunds posted ten minutes ago (Amazon lists nothing of the last two minutes): one credited, one left queued.
    [credited, uncredited] = [settled[0]!, settled[1]!];
    skewMs = -10 * 60_000;
    const first = await amazonAdmin<{ transaction: { relatedIdentifiers: Array<{ relatedIdentifierName: string; relatedIdentifierValue: string }> } }>(stack.amazon, `orders/${credited}/refund`, {});
    const creditedRefund = first.transaction.relatedIdentifiers.find((r) => r.relatedIdentifierName === 'REFUND_ID')!.relatedIdentifierValue;
    const answer = await amazonAdmin<{ transaction: { relatedIdentifiers: Array<{ relatedIdentifierName: string; relatedIdentifierValue: string }> } }>(stack.amazon, `orders/${uncredited}/refund`, {});
    uncreditedRefund = answer.transaction.relatedIdentifiers.find((r) => r.relatedIdentifierName === 'REFUND_ID')!.relatedIdentifierValue;
    skewMs = 0;
    await taskList(stack.env)[RefundTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
    // The sweep queued the backend's credit batch; it is dropped, as if no worker reached it, and only the first
    // refund is credited (its own credit task): the second stays queued.
    await stack.env.db.pool.query(`select graphile_worker.remove_job($1)`, [`${RefundTasks.creditBatch}:${stack.backendId}`]);
    await taskList(stack.env)[RefundTasks.credit]!({ backendId: stack.backendId, refundId: creditedRefund }, undefined as never);
    // Amazon's period closes: its settlement report appears and is stored.
    skewMs = 15 * DAY;
    const sweep = await sweepSettlements({ env: stack.env }, stack.backendId, new Date(Date.now() + skewMs));
    expect(sweep.outcomes.new).toBe(1);
    settlementId = (await stack.env.db.pool.query(`select settlement_id from settlement where backend_id = $1`, [stack.backendId])).rows[0]!.settlement_id;
    api = await startApi(stack, { panel: { sessionKey: SESSION_KEY } });
    // Panel sessions, as the ERP's sign-in would make them: an accountant and a viewer.
    for (const role of ['accountant', 'viewer'] as const) {
      tokens[role] = (await signSession(SESSION_KEY, { name: `the ${role}`, roles: [role], subject: `erp:https://erp.test#${role}` }, Math.floor(Date.now() / 1000))).sessionToken;
    }
  }, 240_000);
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const base = () => `/api/backends/${stack.backendId}/settlements`;

  it('the sandbox\'s world reconciles: every difference has its reason, none unexplained', async () => {
    const refunds = (await stack.env.db.pool.query(`select key, state from record_state where backend_id = $1 and flow = 'refunds' order by key`, [stack.backendId])).rows;
    expect(refunds.find((r) => r.key === uncreditedRefund)?.state).not.toBe('credited');
    expect(refunds.filter((r) => r.state === 'credited')).toHaveLength(1);
    const r = await api.get<Recon>(`${base()}/${settlementId}/reconciliation`, { token: tokens.viewer! });
    expect(r.status, r.text).toBe(200);
    const why = JSON.stringify(r.body.variances, null, 1);
    expect(r.body.unexplained, why).toBe(0);
    expect(r.body.variances.filter((v) => v.reason === 'UNEXPLAINED'), why).toEqual([]);
    const of = (orderId: string) => r.body.variances.filter((v) => v.orderId === orderId).map((v) => v.reason).sort();
    // The credited refund and the other settled orders: nothing open.
    for (const id of settled.filter((x) => x !== uncredited)) expect(of(id), `${id}: ${why}`).toEqual([]);
    expect(of(uncredited), why).toEqual(['REFUND_NOT_CREDITED']);
    for (const id of fba) expect(of(id), why).toEqual(['ORDER_NOT_IN_ERP']);
    expect(r.body.variances.some((v) => v.reason === 'FEE_WITHOUT_ORDER')).toBe(true);
    const prices = r.body.groups.find((g) => g.transactionType === 'Order' && g.amountType === 'ItemPrice')!;
    expect(prices.matched).toBeGreaterThan(0);
    expect(prices.unmatched).toBeGreaterThan(0); // the FBA orders' lines
    expect(prices.matched + prices.unmatched).toBe(prices.lines);
  });

  it('an order\'s money trail: Amazon\'s total, the invoice, the credit note, the settlement lines, fees and net', async () => {
    const t = await api.get<{ amazon: { total: string; refunds: Array<{ amount: string; state: string }> }; erp: { invoiced: string; credited: string };
      settled: { sales: string; refunds: string; fees: string; net: string; lines: unknown[] }; variances: Variance[] }>(`${base()}/orders/${credited}/money-trail`, { token: tokens.viewer! });
    expect(t.status, t.text).toBe(200);
    expect(t.body.erp.invoiced).toBe(t.body.amazon.total);
    expect(t.body.settled.sales).toBe(t.body.amazon.total);
    expect(t.body.amazon.refunds).toHaveLength(1);
    expect(t.body.erp.credited).toBe(t.body.amazon.refunds[0]!.amount);
    expect(t.body.settled.refunds).toBe(t.body.amazon.refunds[0]!.amount);
    expect(Number(t.body.settled.fees)).toBeLessThan(0);
    expect(Number(t.body.settled.net)).toBeCloseTo(Number(t.body.settled.sales) + Number(t.body.settled.refunds) + Number(t.body.settled.fees), 2);
    expect(t.body.variances).toEqual([]);
    expect((await api.get(`${base()}/orders/999-0000000-0000000/money-trail`)).status).toBe(404);
  });

  it('the variances list filters by reason and settlement, and every view exports as CSV', async () => {
    const list = await api.get<{ items: Variance[] }>(`${base()}/variances?reason=ORDER_NOT_IN_ERP`);
    expect(list.status, list.text).toBe(200);
    expect(list.body.items.map((v) => v.orderId).sort()).toEqual([...fba].sort());
    const bySettlement = await api.get<{ items: Variance[] }>(`${base()}/variances?settlementId=${settlementId}&reason=FEE_WITHOUT_ORDER`);
    expect(bySettlement.body.items.length).toBeGreaterThan(0);
    const csv = await api.get<string>(`${base()}/variances?format=csv&reason=REFUND_NOT_CREDITED`);
    expect(csv.contentType).toContain('text/csv');
    const rows = parse(csv.text, { columns: true });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reason: 'REFUND_NOT_CREDITED', orderId: uncredited, refundId: uncreditedRefund });
    expect(rows[0]!.difference).toMatch(/^-[0-9]+\.[0-9]{2}$/);
    const recon = await api.send<string>('GET', `${base()}/${settlementId}/reconciliation`, undefined, { headers: { accept: 'text/csv' } });
    expect(recon.contentType).toContain('text/csv');
    expect(recon.text.split('\n')[0]).toContain('transactionType');
    const trail = await api.get<string>(`${base()}/orders/${credited}/money-trail?format=csv`);
    expect(trail.contentType).toContain('text/csv');
    expect(parse(trail.text, { columns: true }).some((x) => x.part === 'settlement line')).toBe(true);
  });

  it('an accountant accepts a variance with a note (recorded, audited); a viewer may not', async () => {
    const open = (await api.get<{ items: Variance[] }>(`${base()}/variances?reason=REFUND_NOT_CREDITED`)).body.items[0]!;
    const url = `${base()}/variances/${encodeURIComponent(open.key)}/accept`;
    const refused = await api.post<{ code: string }>(url, { note: 'looked at it' }, { token: tokens.viewer! });
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN_ROLE']);
    const ok = await api.post<Variance>(url, { note: 'credited by hand in the ERP' }, { token: tokens.accountant! });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.accepted).toMatchObject({ note: 'credited by hand in the ERP', by: 'the accountant' });
    const after = await api.get<{ items: Variance[] }>(`${base()}/variances?reason=REFUND_NOT_CREDITED&accepted=true`);
    expect(after.body.items.map((v) => v.key)).toEqual([open.key]);
    const audit = await stack.env.db.pool.query(`select actor, action, target from audit_log where action = 'variance.accept'`);
    expect(audit.rows).toEqual([{ actor: 'the accountant', action: 'variance.accept', target: open.key }]);
    expect((await api.post<{ code: string }>(`${base()}/variances/order:none:AMOUNT_DIFFERS/accept`, { note: 'x' }, { token: tokens.accountant! })).body.code).toBe('VARIANCE_NOT_FOUND');
    expect((await api.post(url, { note: '' }, { token: tokens.accountant! })).status).toBe(400);
  });
});
