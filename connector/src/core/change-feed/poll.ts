/**
 * One poll of a backend's ERP for its subscriptions: per subscribed model ONE `search_read` of `write_date >=`
 * (the cursor minus the overlap), ordered by `write_date, id`. Odoo 19 rewrites `write_date > X` into `>= X + 1 s`
 * and answers to the second, so `>` would skip records written later in the cursor's second: `>=` it is, and the
 * (id, write_date) pairs already handed over are dropped. Each subscriber's task is enqueued with
 * `{ backendId, ids }` in the transaction that moves the cursor (a crash before the commit polls the same again).
 * The connector's own writes (own-writes.ts) are not handed over.
 */
import type pg from 'pg';
import { withTransaction } from '../tx.ts';
import { enqueueMany } from '../queue/enqueue.ts';
import { readCursor, writeCursor, type ChangeCursor } from './change-cursor.ts';
import { ownWriteMarks, pruneOwnWrites } from './own-writes.ts';
import { odooSecond, shiftSecond, toOdooDatetime } from './odoo-time.ts';
import type { ChangeFeedOptions, ChangeReader, ChangeSubscription } from './types.ts';

/** Ids per enqueued job: a subscriber's task re-reads them in one call. */
const IDS_PER_JOB = 200;

export interface ModelPollResult {
  model: string;
  /** Queue task -> ids handed over. */
  handedOver: Record<string, number[]>;
  /** Changes recognised as the connector's own writes. */
  echoes: number;
  cursor: string;
  /** The page was full: poll again at once. */
  more: boolean;
}

/**
 * Polls every model of `subscriptions` (one search_read each) for `backendId`; the models nobody subscribes to
 * any more have their subscribers forgotten (a subscriber switched on again starts from then, not from history).
 */
export async function pollChanges(
  pool: pg.Pool,
  backendId: number,
  reader: ChangeReader,
  subscriptions: readonly ChangeSubscription[],
  opts: Pick<ChangeFeedOptions, 'lookBackSeconds' | 'overlapSeconds' | 'batch'> & { now?: Date },
): Promise<ModelPollResult[]> {
  const byModel = new Map<string, ChangeSubscription[]>();
  for (const s of subscriptions) byModel.set(s.model, [...(byModel.get(s.model) ?? []), s]);
  await pool.query(`update erp_change_cursor set subscribers = '{}' where backend_id = $1 and not (model = any($2::text[])) and subscribers <> '{}'`, [
    backendId, [...byModel.keys()],
  ]);
  const results: ModelPollResult[] = [];
  // One model failing (the ERP refusing it) does not starve the others; the first failure is thrown afterwards.
  let failure: unknown = null;
  for (const [model, subs] of byModel) {
    try {
      results.push(await pollModel(pool, backendId, reader, model, subs, opts));
    } catch (e) {
      failure ??= e;
    }
  }
  if (failure !== null) throw failure;
  return results;
}

async function pollModel(
  pool: pg.Pool,
  backendId: number,
  reader: ChangeReader,
  model: string,
  subs: readonly ChangeSubscription[],
  opts: Pick<ChangeFeedOptions, 'lookBackSeconds' | 'overlapSeconds' | 'batch'> & { now?: Date },
): Promise<ModelPollResult> {
  const start = toOdooDatetime(new Date((opts.now ?? new Date()).getTime() - opts.lookBackSeconds * 1000));
  const stored = await readCursor(pool, backendId, model);
  // Nobody listened since the last poll (every subscriber switched off): start afresh, never from old history.
  const before: ChangeCursor = stored && Object.keys(stored.subscribers).length > 0 ? stored : { cursor: start, seen: {}, subscribers: {} };
  // A subscriber not listening at the last poll (new, or switched on again) starts from now, not from history.
  const subscribers: Record<string, string> = {};
  for (const s of subs) subscribers[s.task] = before.subscribers[s.task] ?? start;
  const earliest = Object.values(subscribers).reduce((a, b) => (b < a ? b : a), shiftSecond(before.cursor, -opts.overlapSeconds));
  const seenCount = Object.keys(before.seen).length;
  const limit = opts.batch + seenCount;
  const rows = await reader.searchRead(model, [['write_date', '>=', earliest]], ['write_date'], { order: 'write_date asc, id asc', limit });
  const changes = rows.flatMap((r) => {
    const s = odooSecond(r.write_date);
    return s ? [{ id: r.id, s }] : [];
  });
  const fresh = changes.filter((c) => before.seen[String(c.id)] !== c.s);
  const marks = await ownWriteMarks(pool, backendId, model, fresh.map((c) => c.id));
  const isEcho = (c: { id: number; s: string }) => {
    const mark = marks.get(c.id);
    return mark !== undefined && c.s <= mark;
  };
  const handOver = fresh.filter((c) => !isEcho(c));
  const handedOver: Record<string, number[]> = {};
  for (const sub of subs) {
    let ids = [...new Set(handOver.filter((c) => c.s >= subscribers[sub.task]!).map((c) => c.id))];
    if (ids.length && sub.domain?.length) {
      const matching = new Set(await reader.search(model, [['id', 'in', ids], ...sub.domain]));
      ids = ids.filter((id) => matching.has(id));
    }
    if (ids.length) handedOver[sub.task] = ids;
  }
  const last = changes.at(-1)?.s;
  const cursor = last && last > before.cursor ? last : before.cursor;
  const keepFrom = shiftSecond(cursor, -opts.overlapSeconds);
  const seen: Record<string, string> = {};
  for (const [id, s] of Object.entries(before.seen)) if (s >= keepFrom) seen[id] = s;
  for (const c of changes) if (c.s >= keepFrom) seen[String(c.id)] = c.s;
  await withTransaction(pool, async (tx) => {
    for (const [task, ids] of Object.entries(handedOver)) {
      const payloads = [];
      for (let i = 0; i < ids.length; i += IDS_PER_JOB) payloads.push({ backendId, ids: ids.slice(i, i + IDS_PER_JOB) });
      await enqueueMany(tx, task, payloads);
    }
    await writeCursor(tx, backendId, model, { cursor, seen, subscribers });
    await pruneOwnWrites(tx, backendId, model, keepFrom);
  });
  return { model, handedOver, echoes: fresh.length - handOver.length, cursor, more: rows.length >= limit };
}
