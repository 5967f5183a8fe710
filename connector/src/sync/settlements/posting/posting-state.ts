/** A settlement's posting as the API shows it: its state and its entries from the ledger. */
import type pg from 'pg';
import { formatMinor } from '../../../core/money.ts';
import { ledgerOf } from './posting-ledger.ts';
import { billType } from './posting-plan.ts';

export type PostingState = 'not_posted' | 'posting' | 'posted' | 'changed';

export interface PostingView {
  state: PostingState;
  entries: Array<{ version: number; chunkNo: number; ref: string; state: 'creating' | 'posted'; moveId: number | null; lineCount: number; clearing: string; reconciled: boolean }>;
  /** Amazon's vendor bills (`postingFeesAs` vendorBills): one per version with fees, paid by the entries once reconciled. */
  bills: Array<{ version: number; ref: string; state: 'creating' | 'posted'; moveId: number | null; moveType: 'in_invoice' | 'in_refund'; lineCount: number; total: string; reconciled: boolean }>;
  /** The payout's bank statement line (`settlements.postingBankLine`), null until one is started. */
  bankLine: {
    ref: string; state: 'creating' | 'created' | 'reconciled'; statementLineId: number | null;
    /** The exchange difference entry the ERP booked when the line cleared Amazon transfers (gain positive), or null. */
    exchange: { moveId: number; amount: string; currency: string } | null;
  } | null;
}

/**
 * The state from what the ledger holds: nothing = not posted; an entry not made or not reconciled yet = posting; the
 * last version made of another content than the settlement's = changed (the difference is posted next); else posted.
 * One rule for the posting route and the settlement list (which reads the same facts in SQL).
 */
export function postingStateOf(ledger: { rows: number; unfinished: boolean; lastHash: string | null }, contentHash: string): PostingState {
  if (ledger.rows === 0) return 'not_posted';
  if (ledger.unfinished) return 'posting';
  return ledger.lastHash !== contentHash ? 'changed' : 'posted';
}

/** A ledger row still to finish: its entry not made in the ERP, or made and its orders not reconciled. */
export const UNFINISHED_SQL = `(state <> 'posted' or (move_id is not null and reconciled_at is null))`;

export async function postingOf(db: Pick<pg.Pool, 'query'>, backendId: number, settlementId: string): Promise<PostingView | null> {
  const { rows } = await db.query<{ currency: string; content_hash: string; bank_line_ref: string | null; bank_line_state: 'creating' | 'created' | 'reconciled' | null; bank_line_id: number | null;
    x_move: number | null; x_minor: string | null; x_currency: string | null }>(
    `select currency, content_hash, bank_line_ref, bank_line_state, bank_line_id, bank_line_exchange_move_id as x_move, bank_line_exchange_minor::text as x_minor,
            bank_line_exchange_currency as x_currency
       from settlement where backend_id = $1 and settlement_id = $2`, [backendId, settlementId]);
  const s = rows[0];
  if (!s) return null;
  const ledger = await ledgerOf(db, backendId, settlementId);
  const state = postingStateOf({ rows: ledger.length, unfinished: ledger.some((r) => r.state !== 'posted' || (r.moveId !== null && !r.reconciledAt)), lastHash: ledger.at(-1)?.contentHash ?? null },
    s.content_hash);
  return {
    state,
    entries: ledger.filter((r) => r.kind === 'entry' && r.chunkNo > 0).map((r) => ({ version: r.version, chunkNo: r.chunkNo, ref: r.ref, state: r.state, moveId: r.moveId, lineCount: r.lineCount,
      clearing: formatMinor(r.clearingMinor, s.currency), reconciled: r.reconciledAt !== null })),
    bills: ledger.filter((r) => r.kind === 'bill').map((r) => {
      const sum = Object.values(r.amounts).reduce((a, v) => a + BigInt(v), 0n);
      return { version: r.version, ref: r.ref, state: r.state, moveId: r.moveId, moveType: billType(r.amounts), lineCount: r.lineCount,
        total: formatMinor(sum < 0n ? -sum : sum, s.currency), reconciled: r.reconciledAt !== null };
    }),
    bankLine: s.bank_line_ref && s.bank_line_state ? { ref: s.bank_line_ref, state: s.bank_line_state, statementLineId: s.bank_line_id,
      exchange: s.x_move !== null && s.x_minor !== null && s.x_currency !== null ? { moveId: s.x_move, amount: formatMinor(BigInt(s.x_minor), s.x_currency), currency: s.x_currency } : null } : null,
  };
}
