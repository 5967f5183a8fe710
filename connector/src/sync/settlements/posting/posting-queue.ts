/**
 * Which settlements are due a posting, and their jobs: a settlement with no posting ledger yet, one Amazon changed
 * since its last version (another content hash), or one with an entry not yet posted or reconciled. The sweep
 * queues them after storing (so a stored settlement is posted, and a failed posting retried, within
 * `sweepMinutes`); the API queues one. With `postingBankLine` on, also a posted settlement whose payout is matched and
 * transferred but whose bank line is not reconciled yet (a payout matched after the posting). Job key per backend and settlement: queued twice, run once.
 */
import type pg from 'pg';
import { enqueue, type Queryable } from '../../../core/queue/enqueue.ts';
import { POST_TASK } from './posting.payloads.ts';

export async function duePostings(db: Pick<pg.Pool, 'query'>, backendId: number, bankLine = false): Promise<string[]> {
  const { rows } = await db.query<{ settlement_id: string }>(
    `select s.settlement_id from settlement s
      where s.backend_id = $1 and s.conflict_code is null
        and (coalesce((select p.content_hash from settlement_posting p where p.backend_id = s.backend_id and p.settlement_id = s.settlement_id
                        order by p.version desc limit 1), '') <> s.content_hash
          or exists (select 1 from settlement_posting p where p.backend_id = s.backend_id and p.settlement_id = s.settlement_id
                        and (p.state <> 'posted' or (p.move_id is not null and p.reconciled_at is null)))
          or ($2 and s.payout_state = 'matched' and s.bank_line_state is distinct from 'reconciled'
              and exists (select 1 from settlement_posting p where p.backend_id = s.backend_id and p.settlement_id = s.settlement_id)
              and exists (select 1 from settlement_payout g where g.backend_id = s.backend_id and g.group_id = s.payout_group_id and g.fund_transfer_status = 'Succeeded' and g.fund_transfer_date is not null)))
      order by s.end_date, s.settlement_id`, [backendId, bankLine]);
  return rows.map((r) => r.settlement_id);
}

export async function queuePosting(db: Queryable, backendId: number, settlementId: string): Promise<void> {
  await enqueue(db, POST_TASK, { backendId, settlementId }, { jobKey: `${POST_TASK}:${backendId}:${settlementId}` });
}
