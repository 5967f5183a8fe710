/** A settlement's posting as the API shows it: its state and its entries from the ledger. */
import type pg from 'pg';
import { formatMinor } from '../../../core/money.ts';
import { ledgerOf } from './posting-ledger.ts';

export type PostingState = 'not_posted' | 'posting' | 'posted' | 'changed';

export interface PostingView {
  state: PostingState;
  entries: Array<{ version: number; chunkNo: number; ref: string; state: 'creating' | 'posted'; moveId: number | null; lineCount: number; clearing: string; reconciled: boolean }>;
}

export async function postingOf(db: Pick<pg.Pool, 'query'>, backendId: number, settlementId: string): Promise<PostingView | null> {
  const { rows } = await db.query<{ currency: string; content_hash: string }>(`select currency, content_hash from settlement where backend_id = $1 and settlement_id = $2`, [backendId, settlementId]);
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
  };
}
