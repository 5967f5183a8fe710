/**
 * The payouts of one backend (issue 16): Finances v0 listFinancialEventGroups (under the quota gate, every page)
 * from `startedAfter` on, each group upserted once per group id (a row changes only when Amazon's group did: an
 * Open group closing, its transfer succeeding), then every settlement not matched yet, or ending inside the window,
 * matched to its group by period and amount (match-payouts.ts), all in one transaction under a per-backend lock so
 * two sweeps never hand one group to two settlements. A rerun writes nothing.
 */
import type pg from 'pg';
import type { FinancialEventGroup } from '../../amazon/financial-event-groups.ts';
import { withTransaction } from '../../core/tx.ts';
import { matchPayouts, type MatchGroup, type MatchSettlement, type MatchState } from './match-payouts.ts';

export interface PayoutsSync { groups: number; written: number; matches: Record<MatchState, number>; rematched: number }

/** A lock id of its own (the second key is the backend). */
const LOCK = 0x5e771e;

async function upsertGroup(tx: pg.PoolClient, backendId: number, g: FinancialEventGroup): Promise<boolean> {
  const { rowCount } = await tx.query(
    `insert into settlement_payout as p (backend_id, group_id, processing_status, fund_transfer_status, fund_transfer_date, original_minor, original_currency,
       converted_minor, converted_currency, beginning_minor, trace_id, account_tail, group_start, group_end)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     on conflict (backend_id, group_id) do update set processing_status = excluded.processing_status, fund_transfer_status = excluded.fund_transfer_status,
       fund_transfer_date = excluded.fund_transfer_date, original_minor = excluded.original_minor, original_currency = excluded.original_currency,
       converted_minor = excluded.converted_minor, converted_currency = excluded.converted_currency, beginning_minor = excluded.beginning_minor,
       trace_id = excluded.trace_id, account_tail = excluded.account_tail, group_start = excluded.group_start, group_end = excluded.group_end, updated_at = now()
     where (p.processing_status, p.fund_transfer_status, p.fund_transfer_date, p.original_minor, p.original_currency, p.converted_minor, p.converted_currency,
            p.beginning_minor, p.trace_id, p.account_tail, p.group_start, p.group_end)
       is distinct from (excluded.processing_status, excluded.fund_transfer_status, excluded.fund_transfer_date, excluded.original_minor, excluded.original_currency,
            excluded.converted_minor, excluded.converted_currency, excluded.beginning_minor, excluded.trace_id, excluded.account_tail, excluded.group_start, excluded.group_end)`,
    [backendId, g.groupId, g.processingStatus, g.fundTransferStatus, g.fundTransferDate, g.original?.minor.toString() ?? null, g.original?.currency ?? null,
      g.converted?.minor.toString() ?? null, g.converted?.currency ?? null, g.beginningBalance?.minor.toString() ?? null, g.traceId, g.accountTail, g.start, g.end],
  );
  return (rowCount ?? 0) > 0;
}

export async function storeAndMatchPayouts(pool: pg.Pool, backendId: number, groups: readonly FinancialEventGroup[], windowStart: Date, toleranceMs: number): Promise<PayoutsSync> {
  return withTransaction(pool, async (tx) => {
    await tx.query(`select pg_advisory_xact_lock($1, $2)`, [LOCK, backendId]);
    let written = 0;
    for (const g of groups) if (await upsertGroup(tx, backendId, g)) written++;
    const { rows: ss } = await tx.query(
      `select settlement_id, currency, total_minor, end_date, deposit_date, payout_group_id, payout_state from settlement
        where backend_id = $1 and (payout_state <> 'matched' or end_date >= $2) order by end_date, settlement_id for update`,
      [backendId, windowStart],
    );
    const matches = { matched: 0, unmatched: 0, ambiguous: 0 };
    if (!ss.length) return { groups: groups.length, written, matches, rematched: 0 };
    const settlements: MatchSettlement[] = ss.map((r) => ({ settlementId: r.settlement_id, currency: r.currency, totalMinor: BigInt(r.total_minor), end: r.end_date, deposit: r.deposit_date }));
    const earliest = new Date(Math.min(...settlements.map((s) => s.end.getTime())) - toleranceMs);
    // Groups already given to a settlement outside this set stay theirs.
    const { rows: gs } = await tx.query(
      `select p.group_id, p.processing_status, p.original_currency, p.original_minor, p.group_end, p.fund_transfer_date from settlement_payout p
        where p.backend_id = $1 and (p.group_end >= $2 or p.fund_transfer_date >= $2)
          and not exists (select 1 from settlement s where s.backend_id = p.backend_id and s.payout_group_id = p.group_id and not (s.settlement_id = any($3::text[])))`,
      [backendId, earliest, settlements.map((s) => s.settlementId)],
    );
    const candidates: MatchGroup[] = gs.map((r) => ({ groupId: r.group_id, processingStatus: r.processing_status, currency: r.original_currency,
      originalMinor: r.original_minor === null ? null : BigInt(r.original_minor), end: r.group_end, fundTransferDate: r.fund_transfer_date }));
    let rematched = 0;
    for (const m of matchPayouts(settlements, candidates, toleranceMs)) {
      matches[m.state]++;
      const { rowCount } = await tx.query(
        `update settlement set payout_group_id = $3, payout_state = $4 where backend_id = $1 and settlement_id = $2
            and (payout_group_id, payout_state) is distinct from ($3::text, $4::text)`,
        [backendId, m.settlementId, m.groupId, m.state],
      );
      rematched += rowCount ?? 0;
    }
    return { groups: groups.length, written, matches, rematched };
  });
}
