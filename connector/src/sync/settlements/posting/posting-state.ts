/** A settlement's posting as the API shows it: its state and its entries from the ledger. */
import type pg from 'pg';
import { formatMinor } from '../../../core/money.ts';
import { ledgerOf } from './posting-ledger.ts';

export type PostingState = 'not_posted' | 'posting' | 'posted' | 'changed';

export interface PostingView {
  state: PostingState;
  entries: Array<{ version: number; chunkNo: number; ref: string; state: 'creating' | 'posted'; moveId: number | null; lineCount: number; clearing: string; reconciled: boolean }>;
  /** The payout's bank statement line (`settlements.postingBankLine`), null until one is started. */
  bankLine: { ref: string; state: 'creating' | 'created' | 'reconciled'; statementLineId: number | null } | null;
}

export async function postingOf(db: Pick<pg.Pool, 'query'>, backendId: number, settlementId: string): Promise<PostingView | null> {
  const { rows } = await db.query<{ currency: string; content_hash: string; bank_line_ref: string | null; bank_line_state: 'creating' | 'created' | 'reconciled' | null; bank_line_id: number | null }>(
    `select currency, content_hash, bank_line_ref, bank_line_state, bank_line_id from settlement where backend_id = $1 and settlement_id = $2`, [backendId, settlementId]);
  const s = rows[0];
  if (!s) return null;
  const ledger = await ledgerOf(db, backendId, settlementId);
  const last = ledger.at(-1);
  const state: PostingState = !last ? 'not_posted' : ledger.some((r) => r.state !== 'posted' || (r.moveId !== null && !r.reconciledAt)) ? 'posting'
    : last.contentHash !== s.content_hash ? 'changed' : 'posted';
  return {
    state,
    entries: ledger.filter((r) => r.chunkNo > 0).map((r) => ({ version: r.version, chunkNo: r.chunkNo, ref: r.ref, state: r.state, moveId: r.moveId, lineCount: r.lineCount,
      clearing: formatMinor(r.clearingMinor, s.currency), reconciled: r.reconciledAt !== null })),
    bankLine: s.bank_line_ref && s.bank_line_state ? { ref: s.bank_line_ref, state: s.bank_line_state, statementLineId: s.bank_line_id } : null,
  };
}
