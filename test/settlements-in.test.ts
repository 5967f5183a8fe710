/**
 * Amazon settlements in (issue 16, first slice), against the Amazon sandbox over HTTP: the sandbox's world sells
 * (merchant orders the connector imported, FBA orders it never saw) and refunds some; when its 14-day settlement
 * period closes (Amazon's clock moved on) its GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2 report appears in
 * getReports (createReport refuses the type); the settlements sweep stores the settlement once, its lines summing
 * to the deposit, fees and reserve included, lines of orders never imported flagged, the FBA shipment id kept as a
 * shipment; a rerun is nothing new; a report Amazon rewrote replaces the lines (`changed`); a line in another
 * currency opens a conflict with a stable code. The API lists the settlement and pages its lines.
 */
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readFlatFile } from '../connector/src/amazon/report-flat-file.ts';
import { SETTLEMENT_SPEC } from '../connector/src/sync/settlements/settlement-spec.ts';
import { storeSettlement } from '../connector/src/sync/settlements/store-settlement.ts';
import { SETTLEMENT_REPORT, sweepSettlements } from '../connector/src/sync/settlements/index.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { amazonAdmin } from './support/amazon.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { sweepAndImport } from './support/lifecycle.ts';

const DE = 'A1PA6795UKMFR9';
const DAY = 86_400_000;

interface Line { amount_type: string; amount_description: string; amount_minor: string; order_id: string | null; shipment_id: string | null; order_known: boolean | null; transaction_type: string }

describe('settlements in', () => {
  let stack: Stack;
  let api: ApiHandle;
  let skewMs = 0;
  let imported: string[];
  let fba: string[];

  beforeAll(async () => {
    const plans = { searchOrders: { rate: 5, burst: 100 }, getReports: { rate: 5, burst: 100 }, getReportDocument: { rate: 5, burst: 100 } };
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'settlements-in', settings: { rateOverrides: plans },
      amazon: { now: () => Date.now() + skewMs, returnShare: 0, refundShare: 0, usagePlans: plans } });
    imported = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 4, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
    await sweepAndImport(stack);
    for (const id of imported) stack.amazon.updateOrder(id, { fulfillmentStatus: 'SHIPPED' });
    // FBA orders the connector never imported: their lines are stored, flagged.
    fba = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 2, marketplaceId: DE, fulfilledBy: 'AMAZON', status: 'SHIPPED', business: false });
    await amazonAdmin(stack.amazon, `orders/${imported[0]}/refund`, {});
    await amazonAdmin(stack.amazon, `orders/${fba[0]}/refund`, {});
    await stack.env.core.backends.update(stack.backendId, { marketplaceIds: [DE], settings: { goLive: { settlements: { enabled: true } } } });
    api = await startApi(stack);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  const lines = async (settlementId: string) =>
    (await stack.env.db.pool.query<Line>(`select * from settlement_line where backend_id = $1 and settlement_id = $2 order by line_no`, [stack.backendId, settlementId])).rows;

  it('no settlement before the period closes; createReport refuses the type', async () => {
    const first = await sweepSettlements({ env: stack.env }, stack.backendId);
    expect(first).toMatchObject({ reports: 0, outcomes: { new: 0, same: 0, changed: 0 } });
    const rt = await stack.env.runtimes.get(stack.backendId);
    await expect(rt.amazon.reports.createReport({ reportType: SETTLEMENT_REPORT, marketplaceIds: [DE] })).rejects.toThrow();
  });

  it('the closed period\'s settlement is stored once, its lines summing to the deposit; rerun = nothing new', async () => {
    skewMs = 15 * DAY;
    const sweep = await sweepSettlements({ env: stack.env }, stack.backendId, new Date(Date.now() + skewMs));
    expect(sweep.outcomes).toEqual({ new: 1, same: 0, changed: 0 });
    const { rows: settlements } = await stack.env.db.pool.query(`select * from settlement where backend_id = $1`, [stack.backendId]);
    expect(settlements).toHaveLength(1);
    const s = settlements[0]!;
    expect(s).toMatchObject({ currency: 'EUR', marketplace_id: DE, state: 'new', conflict_code: null });
    expect(s.deposit_date.getTime()).toBeGreaterThan(s.end_date.getTime());
    const ls = await lines(s.settlement_id);
    expect(ls.length).toBe(s.line_count);
    expect(ls.reduce((a, l) => a + BigInt(l.amount_minor), 0n)).toBe(BigInt(s.total_minor));
    const has = (type: string, description: string) => ls.some((l) => l.amount_type === type && l.amount_description === description);
    for (const [type, description] of [['ItemPrice', 'Principal'], ['ItemFees', 'Commission'], ['ItemFees', 'FBAPerUnitFulfillmentFee'],
      ['ItemFees', 'RefundCommission'], ['other-transaction', 'Subscription Fee'], ['other-transaction', 'Current Reserve Amount']]) expect(has(type!, description!), `${type}/${description}`).toBe(true);
    // Every order sold is in it: the imported ones known, the FBA ones flagged; the refunds too.
    for (const id of imported) expect(ls.filter((l) => l.order_id === id).every((l) => l.order_known === true)).toBe(true);
    for (const id of fba) expect(ls.some((l) => l.order_id === id && l.order_known === false)).toBe(true);
    expect(ls.some((l) => l.transaction_type === 'Refund' && l.order_id === imported[0])).toBe(true);
    // The FBA inbound fee row's shipment id (in Amazon's order-id column) is a shipment, not an order.
    const placement = ls.find((l) => l.amount_description === 'FBA Inbound Placement Service Fee');
    expect(placement).toMatchObject({ order_id: null, order_known: null });
    expect(placement!.shipment_id).toMatch(/^FBA/);

    // Listed again (the first sweep's window, as after a crash before the cursor moved): known by its report id.
    await stack.env.db.pool.query(`update sweep_cursor set last_updated_after = last_updated_after - interval '3 days' where backend_id = $1 and flow = 'settlements'`, [stack.backendId]);
    const again = await sweepSettlements({ env: stack.env }, stack.backendId, new Date(Date.now() + skewMs));
    expect(again).toMatchObject({ reports: 1, skipped: 1, outcomes: { new: 0, same: 0, changed: 0 } });
    expect((await stack.env.db.pool.query(`select count(*)::int as n from settlement_line where backend_id = $1`, [stack.backendId])).rows[0].n).toBe(ls.length);

    // The API: the settlement with its totals per amount type, and its lines a page at a time.
    const list = await api.get<{ items: Array<Record<string, unknown>> }>(`/api/backends/${stack.backendId}/settlements`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const view = list.body.items[0]!;
    expect(view).toMatchObject({ settlementId: s.settlement_id, currency: 'EUR', lineCount: ls.length, state: 'new', unknownOrderLines: expect.any(Number) });
    expect(view.unknownOrderLines as number).toBeGreaterThan(0);
    expect((view.totalsByAmountType as { amountType: string }[]).map((t) => t.amountType)).toContain('ItemFees');
    const page1 = await api.get<{ items: { lineNo: number }[]; nextCursor: string | null }>(`/api/backends/${stack.backendId}/settlements/${s.settlement_id}/lines?limit=5`);
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((l) => l.lineNo)).toEqual([1, 2, 3, 4, 5]);
    const page2 = await api.get<{ items: { lineNo: number }[] }>(`/api/backends/${stack.backendId}/settlements/${s.settlement_id}/lines?limit=5&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items[0]!.lineNo).toBe(6);
    expect((await api.get(`/api/backends/${stack.backendId}/settlements/999/lines`)).status).toBe(404);
  });

  it('a settlement Amazon rewrote replaces its lines (changed); a line in another currency opens a conflict', async () => {
    const { rows } = await stack.env.db.pool.query(`select settlement_id from settlement where backend_id = $1`, [stack.backendId]);
    const id = rows[0]!.settlement_id as string;
    const header = SETTLEMENT_SPEC.columns.join('\t');
    const cells = (c: Record<string, string>) => SETTLEMENT_SPEC.columns.map((k) => c[k] ?? '').join('\t');
    const text = [header, cells({ 'settlement-id': id, 'settlement-start-date': '2026-11-01 00:00:00 UTC', 'settlement-end-date': '2026-11-15 00:00:00 UTC',
      'deposit-date': '2026-11-18 00:00:00 UTC', 'total-amount': '1.000,50', currency: 'EUR' }),
      cells({ 'transaction-type': 'Order', 'order-id': '999-0000000-0000000', 'amount-type': 'ItemPrice', 'amount-description': 'Principal', amount: '1.000,50' }),
      cells({ 'transaction-type': 'Order', 'order-id': '999-0000000-0000000', 'amount-type': 'ItemPrice', 'amount-description': 'Tax', amount: '0,00', currency: 'GBP' })].join('\n') + '\n';
    const rowsOf = () => readFlatFile({ body: Readable.from([Buffer.from(text)]), compression: undefined, contentType: 'text/plain;charset=UTF-8', marketplaceId: DE }, SETTLEMENT_SPEC);
    const stored = await storeSettlement(stack.env.db.pool, stack.env.core.conflicts, stack.backendId, { reportId: 'rewritten-1', marketplaceId: DE }, rowsOf());
    expect(stored).toEqual({ outcome: 'changed', settlementId: id, lines: 2, code: 'SETTLEMENT_CURRENCY_MISMATCH' });
    const ls = await lines(id);
    expect(ls.map((l) => [l.amount_minor, l.order_known])).toEqual([['100050', false], ['0', false]]);
    const { rows: s } = await stack.env.db.pool.query(`select state, total_minor, conflict_code from settlement where backend_id = $1 and settlement_id = $2`, [stack.backendId, id]);
    expect(s[0]).toEqual({ state: 'changed', total_minor: '100050', conflict_code: 'SETTLEMENT_CURRENCY_MISMATCH' });
    const { rows: conflicts } = await stack.env.db.pool.query(`select kind, code from sync_conflict where backend_id = $1 and amazon_key = $2 and status = 'open'`, [stack.backendId, id]);
    expect(conflicts).toEqual([{ kind: 'settlement', code: 'SETTLEMENT_CURRENCY_MISMATCH' }]);
    // The same content once more: nothing new.
    expect(await storeSettlement(stack.env.db.pool, stack.env.core.conflicts, stack.backendId, { reportId: 'rewritten-2', marketplaceId: DE }, rowsOf()))
      .toEqual({ outcome: 'same', settlementId: id, lines: 0, code: null });
  });
});
