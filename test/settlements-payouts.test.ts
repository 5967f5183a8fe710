/**
 * Payouts (issue 16), against the Amazon sandbox over HTTP: the sandbox's world sells; its settlement period is
 * closed early through `/_sandbox` (no 14-day wait); the settlements sweep stores the settlement and reads Finances
 * v0 listFinancialEventGroups (Amazon's payouts, no key to the settlement), stores each group once and matches the
 * settlement to its group by period and amount; the API shows the payout on the settlement and lists the payouts.
 * A line dropped from the next report (injected) leaves the lines short of the deposit: SETTLEMENT_UNBALANCED at
 * once, both amounts in the reason, the settlement still matched to what Amazon paid. Reruns store nothing twice.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepSettlements } from '../connector/src/sync/settlements/index.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { amazonAdmin } from './support/amazon.ts';
import { startStack, type Stack } from './support/connector-stack.ts';

const DE = 'A1PA6795UKMFR9';
const HOUR = 3_600_000;

interface Payout { groupId: string; processingStatus: string; originalTotal: { amount: string; currency: string } | null; traceId: string | null; accountTail: string | null; settlementId: string | null; fundTransferDate: string | null }
interface SettlementItem { settlementId: string; total: string; linesTotal: string; balanced: boolean; payoutState: string; payout: Payout | null; conflictCode: string | null;
  posting: { state: string; entries: number; postedAt: string | null } }

describe('settlements: payouts and unbalanced settlements', () => {
  let stack: Stack;
  let api: ApiHandle;
  let skewMs = 0;

  const sell = (count: number) => stack.amazon.generateOrders({ sellerId: stack.sellerId, count, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'SHIPPED', business: false });
  // Amazon lists groups that started more than two minutes ago: the sandbox's clock moves an hour before each close
  // (the closing period's group) and five minutes after (the open group of the period that begins).
  const close = async () => {
    skewMs += HOUR;
    const made = await amazonAdmin<{ settlements: { settlementId: string; totalMinor: number; linesMinor: number; eventGroupId: string }[] }>(stack.amazon, `settlements/${stack.sellerId}/close`, {});
    skewMs += 5 * 60_000;
    return made;
  };
  const sweep = () => sweepSettlements({ env: stack.env }, stack.backendId, new Date(Date.now() + skewMs));
  const count = async (table: string) => (await stack.env.db.pool.query(`select count(*)::int as n from ${table} where backend_id = $1`, [stack.backendId])).rows[0].n as number;

  beforeAll(async () => {
    const plans = { getReports: { rate: 5, burst: 100 }, getReportDocument: { rate: 5, burst: 100 }, listFinancialEventGroups: { rate: 5, burst: 100 } };
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'settlements-payouts', settings: { rateOverrides: plans },
      amazon: { now: () => Date.now() + skewMs, returnShare: 0, refundShare: 0, usagePlans: plans } });
    sell(4);
    await stack.env.core.backends.update(stack.backendId, { marketplaceIds: [DE], settings: { goLive: { settlements: { enabled: true } } } });
    api = await startApi(stack);
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  it('the settlement closed early is matched to its payout by period and amount; a rerun writes nothing', async () => {
    const made = (await close()).settlements;
    expect(made).toHaveLength(1);
    const sweep1 = await sweep();
    expect(sweep1.outcomes).toEqual({ new: 1, same: 0, changed: 0 });
    expect(sweep1.payouts).toMatchObject({ matches: { matched: 1, unmatched: 0, ambiguous: 0 }, rematched: 1 });
    // The closed group of the settlement and the open group of the period that began.
    expect(sweep1.payouts.groups).toBe(2);
    const { rows: [s] } = await stack.env.db.pool.query(`select * from settlement where backend_id = $1`, [stack.backendId]);
    expect(s).toMatchObject({ settlement_id: made[0]!.settlementId, payout_state: 'matched', payout_group_id: made[0]!.eventGroupId, conflict_code: null });
    expect(s.lines_total_minor).toBe(s.total_minor);
    const { rows: [p] } = await stack.env.db.pool.query(`select * from settlement_payout where backend_id = $1 and group_id = $2`, [stack.backendId, s.payout_group_id]);
    expect(p).toMatchObject({ processing_status: 'Closed', original_minor: s.total_minor, original_currency: 'EUR', converted_minor: s.total_minor, converted_currency: 'EUR' });
    expect(p.trace_id).toMatch(/^[0-9A-F]{16}$/);
    expect(p.account_tail).toMatch(/^\d{3}$/);
    expect(p.group_end.getTime()).toBe(s.end_date.getTime());

    const again = await sweep();
    expect(again.outcomes).toEqual({ new: 0, same: 0, changed: 0 });
    expect(again.payouts).toMatchObject({ groups: 2, written: 0, rematched: 0, matches: { matched: 1 } });
    expect(await count('settlement_payout')).toBe(2);

    const list = await api.get<{ items: SettlementItem[] }>(`/api/backends/${stack.backendId}/settlements`);
    expect(list.status).toBe(200);
    const view = list.body.items[0]!;
    expect(view).toMatchObject({ settlementId: s.settlement_id, balanced: true, payoutState: 'matched', payout: { groupId: s.payout_group_id, processingStatus: 'Closed',
      originalTotal: { amount: view.total, currency: 'EUR' }, traceId: p.trace_id, accountTail: p.account_tail } });
    expect(view.linesTotal).toBe(view.total);
    expect(view.posting).toEqual({ state: 'not_posted', entries: 0, postedAt: null });
    const payouts = await api.get<{ items: Payout[]; nextCursor: string | null }>(`/api/backends/${stack.backendId}/settlements/payouts?limit=1`);
    expect(payouts.status).toBe(200);
    expect(payouts.body.items).toHaveLength(1);
    const next = await api.get<{ items: Payout[]; nextCursor: string | null }>(`/api/backends/${stack.backendId}/settlements/payouts?limit=1&cursor=${payouts.body.nextCursor}`);
    const all = [...payouts.body.items, ...next.body.items];
    expect(next.body.nextCursor).toBeNull();
    expect(all.find((x) => x.processingStatus === 'Closed')).toMatchObject({ groupId: s.payout_group_id, settlementId: s.settlement_id, fundTransferDate: expect.any(String) });
    expect(all.find((x) => x.processingStatus === 'Open')).toMatchObject({ settlementId: null, fundTransferDate: null });
    expect((await api.get(`/api/backends/${stack.backendId}/settlements/payouts?cursor=nope`)).status).toBe(400);
    expect((await api.get(`/api/backends/999999/settlements/payouts`)).status).toBe(404);
  });

  it('a line dropped from the report: SETTLEMENT_UNBALANCED at store time with both amounts; still matched to what Amazon paid', async () => {
    sell(3);
    await amazonAdmin(stack.amazon, `settlements/${stack.sellerId}/discrepancies`, { kind: 'line-dropped' });
    const made = (await close()).settlements;
    expect(made).toHaveLength(1);
    expect(made[0]!.linesMinor).not.toBe(made[0]!.totalMinor);
    const result = await sweep();
    expect(result.outcomes).toEqual({ new: 1, same: 0, changed: 0 });
    const { rows: [s] } = await stack.env.db.pool.query(`select * from settlement where backend_id = $1 and settlement_id = $2`, [stack.backendId, made[0]!.settlementId]);
    expect(s).toMatchObject({ conflict_code: 'SETTLEMENT_UNBALANCED', payout_state: 'matched', payout_group_id: made[0]!.eventGroupId });
    expect(BigInt(s.lines_total_minor)).toBe(BigInt(made[0]!.linesMinor));
    expect(BigInt(s.total_minor)).toBe(BigInt(made[0]!.totalMinor));
    const money = (minor: number) => `${(minor / 100).toFixed(2)} EUR`;
    const { rows: conflicts } = await stack.env.db.pool.query(`select kind, code, message from sync_conflict where backend_id = $1 and amazon_key = $2 and status = 'open'`,
      [stack.backendId, s.settlement_id]);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({ kind: 'settlement', code: 'SETTLEMENT_UNBALANCED' });
    expect(conflicts[0].message).toContain(money(made[0]!.linesMinor));
    expect(conflicts[0].message).toContain(money(made[0]!.totalMinor));

    const list = await api.get<{ items: SettlementItem[] }>(`/api/backends/${stack.backendId}/settlements`);
    const view = list.body.items.find((x) => x.settlementId === s.settlement_id)!;
    expect(view).toMatchObject({ balanced: false, conflictCode: 'SETTLEMENT_UNBALANCED', payoutState: 'matched', linesTotal: (made[0]!.linesMinor / 100).toFixed(2) });

    // Read again (as after a crash before the cursor moved): nothing stored twice, still one conflict.
    await stack.env.db.pool.query(`update sweep_cursor set last_updated_after = last_updated_after - interval '3 days' where backend_id = $1 and flow = 'settlements'`, [stack.backendId]);
    const lines = await count('settlement_line');
    const again = await sweep();
    expect(again).toMatchObject({ skipped: 2, outcomes: { new: 0, same: 0, changed: 0 }, payouts: { written: 0, rematched: 0, matches: { matched: 2 } } });
    expect(await count('settlement_line')).toBe(lines);
    expect(await count('settlement')).toBe(2);
    expect((await stack.env.db.pool.query(`select count(*)::int as n from sync_conflict where backend_id = $1 and code = 'SETTLEMENT_UNBALANCED'`, [stack.backendId])).rows[0].n).toBe(1);
  });
});
