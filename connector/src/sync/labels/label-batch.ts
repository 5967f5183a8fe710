/**
 * A warehouse's morning batch: many deliveries asked for at once (`POST /api/backends/{id}/labels/batches`).
 * The batch row and its buy jobs (ten deliveries each) are written in one transaction; the jobs buy through the
 * shared quota gate (every getRates and purchaseShipment takes a token from the seller's bucket in PostgreSQL,
 * so any number of workers together stay within Amazon's usage plan). Progress is read from the deliveries'
 * record states set since the batch began.
 */
import { randomUUID } from 'node:crypto';
import { PermanentError } from '../../core/errors.ts';
import { enqueue } from '../../core/queue/enqueue.ts';
import { withTransaction } from '../../core/tx.ts';
import type { Queryable } from '../../core/sql.ts';
import { LABELS_FLOW, labelKey, Tasks } from './labels.payloads.ts';

const PER_JOB = 10;

export interface BatchProgress {
  batchId: string;
  createdAt: string;
  total: number;
  labelled: number;
  failed: number;
  notEligible: number;
  pending: number;
  done: boolean;
  /** Deliveries that got no label, with the code and what to do (no buyer data). */
  problems: { pickingId: number; state: string; code: string | null }[];
}

export async function createBatch(pool: Parameters<typeof withTransaction>[0], backendId: number, pickingIds: readonly number[]): Promise<string> {
  const ids = [...new Set(pickingIds)];
  const batchId = randomUUID();
  await withTransaction(pool, async (tx) => {
    await tx.query(`insert into label_batch (id, backend_id, picking_ids) values ($1, $2, $3::jsonb)`, [batchId, backendId, JSON.stringify(ids)]);
    for (let i = 0; i < ids.length; i += PER_JOB) {
      await enqueue(tx, Tasks.buy, { backendId, pickingIds: ids.slice(i, i + PER_JOB), batchId });
    }
  });
  return batchId;
}

export async function batchProgress(db: Queryable, backendId: number, batchId: string): Promise<BatchProgress> {
  const b = await db.query<{ ids: number[]; created: Date }>(`select picking_ids as ids, created_at as created from label_batch where id = $1 and backend_id = $2`, [batchId, backendId]);
  const batch = b.rows[0];
  if (!batch) throw new PermanentError('LABEL_BATCH_NOT_FOUND', `no label batch ${batchId} for backend ${backendId}`, { batchId });
  const r = await db.query<{ key: string; state: string; code: string | null }>(
    `select key, state, code from record_state where backend_id = $1 and flow = $2 and key = any($3) and updated_at >= $4`,
    [backendId, LABELS_FLOW, batch.ids.map(labelKey), batch.created]);
  const byKey = new Map(r.rows.map((x) => [x.key, x]));
  let labelled = 0, failed = 0, notEligible = 0;
  const problems: BatchProgress['problems'] = [];
  for (const id of batch.ids) {
    const s = byKey.get(labelKey(id));
    if (!s) continue;
    if (s.state === 'labelled') labelled += 1;
    else if (s.state === 'conflict') failed += 1;
    else if (s.state === 'not_eligible') notEligible += 1;
    else continue;
    if (s.state !== 'labelled') problems.push({ pickingId: id, state: s.state, code: s.code });
  }
  const pending = batch.ids.length - labelled - failed - notEligible;
  return { batchId, createdAt: batch.created.toISOString(), total: batch.ids.length, labelled, failed, notEligible, pending, done: pending === 0, problems };
}
