/**
 * One settlement report's rows stored as a settlement and its lines, read as they download and written in batches,
 * all in one transaction: exactly once per settlement id (the primary key). A settlement whose lines hash as
 * stored is nothing new (the transaction rolls back); one Amazon rewrote (same id, other lines) has its lines
 * replaced and is marked `changed`. A line in another currency than the summary's, or a row that cannot be read,
 * flags the settlement and opens a conflict (kind `settlement`) in the same transaction; so do lines that do not add
 * up to the summary's total (the deposit): a reserve or loan line missing from the report (SETTLEMENT_UNBALANCED,
 * both amounts in the reason). Lines of orders the connector never imported are kept, `order_known = false`. A
 * rewrite with another total forgets the payout it was matched to (the next match finds the right one).
 */
import { createHash } from 'node:crypto';
import { formatMinor } from '../../core/money.ts';
import type pg from 'pg';
import { noBinding } from '../../core/binding/binding-join.ts';
import type { ConflictService } from '../../core/conflict/index.ts';
import { withTransaction } from '../../core/tx.ts';
import type { FlatFileRow } from '../frame/reports/index.ts';
import { isSummary, lineProblem, readLine, readSummary, type SettlementLineRow, type SettlementSummary } from './settlement-rows.ts';
import type { SettlementErrorCode } from './settlements.errors.ts';
import { SETTLEMENT_KIND } from './settlements.payloads.ts';

export type StoreOutcome = 'new' | 'same' | 'changed';
export interface StoredSettlement { outcome: StoreOutcome; settlementId: string; lines: number; code: SettlementErrorCode | null }

const BATCH = 500;
class Unchanged extends Error {}

async function insertLines(tx: pg.PoolClient, backendId: number, settlementId: string, first: number, lines: readonly SettlementLineRow[]): Promise<void> {
  if (!lines.length) return;
  const col = <T>(f: (l: SettlementLineRow) => T) => lines.map(f);
  await tx.query(
    `insert into settlement_line (backend_id, settlement_id, line_no, transaction_type, order_id, shipment_id, adjustment_id, marketplace_name,
       amount_type, amount_description, amount_minor, posted_at, sku, quantity)
     select $1, $2, $3::int + t.n::int - 1, t.a, t.b, t.c, t.d, t.e, t.f, t.g, t.h, t.i, t.j, t.k
       from unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::bigint[], $12::timestamptz[], $13::text[], $14::int[])
            with ordinality as t(a, b, c, d, e, f, g, h, i, j, k, n)`,
    [backendId, settlementId, first, col((l) => l.transactionType), col((l) => l.orderId), col((l) => l.shipmentId), col((l) => l.adjustmentId),
      col((l) => l.marketplaceName), col((l) => l.amountType), col((l) => l.amountDescription), col((l) => l.amountMinor.toString()),
      col((l) => l.postedAt), col((l) => l.sku), col((l) => l.quantity)],
  );
}

export async function storeSettlement(pool: pg.Pool, conflicts: Pick<ConflictService, 'raise'>, backendId: number,
  report: { reportId: string; marketplaceId: string }, rows: AsyncIterable<FlatFileRow>): Promise<StoredSettlement | null> {
  let summary: SettlementSummary | undefined;
  try {
    return await withTransaction(pool, async (tx) => {
      let existing: { content_hash: string } | undefined;
      const hash = createHash('sha256');
      let batch: SettlementLineRow[] = [];
      let count = 0;
      let linesMinor = 0n;
      let marketplaceName: string | null = null;
      const problems: { code: SettlementErrorCode; line: number; message: string }[] = [];
      for await (const row of rows) {
        if (!row.ok) {
          problems.push({ code: 'SETTLEMENT_ROW_MALFORMED', line: row.line, message: row.message });
          continue;
        }
        if (!summary) {
          if (!isSummary(row.cells)) throw new Error(`the first row of report ${report.reportId} is no settlement summary`);
          summary = readSummary(row.cells);
          existing = (await tx.query<{ content_hash: string }>(`select content_hash from settlement where backend_id = $1 and settlement_id = $2 for update`, [backendId, summary.settlementId])).rows[0];
          await tx.query(`delete from settlement_line where backend_id = $1 and settlement_id = $2`, [backendId, summary.settlementId]);
          continue;
        }
        let line: SettlementLineRow;
        try {
          line = readLine(row.cells, summary.currency);
        } catch (e) {
          problems.push({ code: 'SETTLEMENT_ROW_MALFORMED', line: row.line, message: (e as Error).message });
          continue;
        }
        if (lineProblem(line, summary.currency)) {
          problems.push({ code: 'SETTLEMENT_CURRENCY_MISMATCH', line: row.line, message: `a line in ${line.currency} in a ${summary.currency} settlement` });
        }
        marketplaceName ??= line.marketplaceName;
        linesMinor += line.amountMinor;
        hash.update(JSON.stringify({ ...line, amountMinor: line.amountMinor.toString() }));
        batch.push(line);
        if (batch.length >= BATCH) {
          await insertLines(tx, backendId, summary.settlementId, count + 1, batch);
          count += batch.length;
          batch = [];
        }
      }
      if (!summary) return null;
      await insertLines(tx, backendId, summary.settlementId, count + 1, batch);
      count += batch.length;
      if (linesMinor !== summary.totalMinor) {
        const money = (m: bigint) => `${formatMinor(m, summary!.currency)} ${summary!.currency}`;
        problems.push({ code: 'SETTLEMENT_UNBALANCED', line: 1, message: `the lines add up to ${money(linesMinor)}, the deposit (total) is ${money(summary.totalMinor)}: `
          + `${money(summary.totalMinor - linesMinor)} not in the report (a reserve or loan line missing?)` });
      }
      const contentHash = hash.update(JSON.stringify(problems)).digest('hex');
      if (existing?.content_hash === contentHash) throw new Unchanged();
      const code = problems[0]?.code ?? null;
      await tx.query(
        `insert into settlement (backend_id, settlement_id, amazon_report_id, marketplace_id, marketplace_name, currency, start_date, end_date, deposit_date,
           total_minor, line_count, content_hash, state, conflict_code, lines_total_minor)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'new', $13, $14)
         on conflict (backend_id, settlement_id) do update set amazon_report_id = excluded.amazon_report_id, marketplace_name = excluded.marketplace_name,
           start_date = excluded.start_date, end_date = excluded.end_date, deposit_date = excluded.deposit_date, total_minor = excluded.total_minor,
           line_count = excluded.line_count, content_hash = excluded.content_hash, state = 'changed', conflict_code = excluded.conflict_code,
           lines_total_minor = excluded.lines_total_minor,
           payout_group_id = case when settlement.total_minor = excluded.total_minor then settlement.payout_group_id end,
           payout_state = case when settlement.total_minor = excluded.total_minor then settlement.payout_state else 'unmatched' end, updated_at = now()`,
        [backendId, summary.settlementId, report.reportId, report.marketplaceId, marketplaceName, summary.currency, summary.start, summary.end, summary.deposit,
          summary.totalMinor.toString(), count, contentHash, code, linesMinor.toString()],
      );
      // Orders the connector imported are bound; the others are kept, flagged (sold before the connector, another tool's).
      await tx.query(
        `update settlement_line l set order_known = not (${noBinding({ backendId: 'l.backend_id', kind: 'order', amazonKey: 'l.order_id' })})
          where l.backend_id = $1 and l.settlement_id = $2 and l.order_id is not null`,
        [backendId, summary.settlementId],
      );
      for (const code of new Set(problems.map((p) => p.code))) {
        const mine = problems.filter((p) => p.code === code);
        await conflicts.raise({ backendId, kind: SETTLEMENT_KIND, amazonKey: summary.settlementId, code,
          message: code === 'SETTLEMENT_UNBALANCED' ? `settlement ${summary.settlementId}: ${mine[0]!.message}`
            : `settlement ${summary.settlementId}: ${mine.length} row(s): ${mine[0]!.message} (line ${mine[0]!.line})`,
          diff: { lines: mine.slice(0, 20).map((p) => ({ line: p.line, message: p.message })) } }, tx);
      }
      return { outcome: existing ? 'changed' : 'new', settlementId: summary.settlementId, lines: count, code };
    });
  } catch (e) {
    if (e instanceof Unchanged) return { outcome: 'same', settlementId: summary!.settlementId, lines: 0, code: null };
    throw e;
  }
}
