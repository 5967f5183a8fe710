/**
 * Notifications as the connector keeps them: each one once (its NotificationId is the key, so a repeated SQS
 * delivery inserts nothing), stored in the same transaction as the tasks of the flows that declared its type, so
 * a task exists exactly when its notification does. `notificationOf` is what those tasks read.
 */
import type { Queryable } from '../../../core/sql.ts';
import { enqueue } from '../../../core/queue/enqueue.ts';
import type { ParsedNotification } from './notification-message.ts';

/** A stored notification, as a flow's task reads it: what was read from the message, and when it came. */
export type StoredNotification = ParsedNotification & { receivedAt: Date };

/** One task to enqueue for a notification: the queue name and the backend it is for. */
export interface NotificationTask {
  task: string;
  backendId: number;
}

/**
 * Stores `n` once and enqueues `tasks` with `{ backendId, notificationId }`, inside `tx`; false (and nothing
 * queued) when it was stored already.
 */
export async function storeNotification(tx: Queryable, n: ParsedNotification, tasks: readonly NotificationTask[]): Promise<boolean> {
  const backendIds = [...new Set(tasks.map((t) => t.backendId))];
  const { rows } = await tx.query(
    `insert into amazon_notification (notification_id, notification_type, seller_id, event_time, subject, payload, backend_ids)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (notification_id) do nothing returning notification_id`,
    [n.notificationId, n.type, n.sellerId, n.eventTime, n.subject, JSON.stringify(n.payload), backendIds],
  );
  if (rows.length === 0) return false;
  for (const t of tasks) await enqueue(tx, t.task, { backendId: t.backendId, notificationId: n.notificationId }, { maxAttempts: 10 });
  return true;
}

/** The stored notification `notificationId`, or null (pruned, or never stored). */
export async function notificationOf(db: Queryable, notificationId: string): Promise<StoredNotification | null> {
  const { rows } = await db.query(
    `select notification_id, notification_type, seller_id, event_time, subject, payload, received_at from amazon_notification where notification_id = $1`,
    [notificationId],
  );
  const r = rows[0] as
    | { notification_id: string; notification_type: string; seller_id: string; event_time: Date; subject: string | null; payload: Record<string, unknown>; received_at: Date }
    | undefined;
  if (!r) return null;
  return { notificationId: r.notification_id, type: r.notification_type, sellerId: r.seller_id, eventTime: r.event_time, subject: r.subject, payload: r.payload, receivedAt: r.received_at };
}
