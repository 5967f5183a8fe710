/**
 * A backend's notifications set-up: the application's one destination for the channel's queue (looked up with
 * getDestinations by the queue's ARN before any createDestination, under a lock per application so two backends
 * set up at once never make two), then the backend's subscription to each type its switched-on flows declare
 * (getSubscription first; a 409 on create means it is there; one on another destination, an older queue, is
 * replaced). Without a channel nothing is done: notifications are optional, the sweep imports everything anyway.
 * Failures become problems with a code, never a failed set-up.
 */
import { withSessionLock } from '../../../core/session-lock.ts';
import { isSyncError } from '../../../core/errors.ts';
import type { AmazonAdapter } from '../../../amazon/amazon-adapter.ts';
import type { TaskEnv } from '../task-env.ts';
import { getChannel, recordDestination, type Channel } from './channel-store.ts';
import { wakeQueueReader } from './channel-wait.ts';
import { typesFor, type NotifiedFlow } from './route-notification.ts';

/** The name the connector gives its destinations (Amazon's is free text; it matches on the ARN, not on this). */
export const DESTINATION_NAME = 'amazon-erp-connector';
/**
 * The payload version Amazon serves each type in (createSubscription refuses any other): 1.0 for most, 2020-09-04
 * for the processing-finished pair (their camelCase envelope, read by notification-message.ts).
 */
const PAYLOAD_VERSIONS: Readonly<Record<string, string>> = { REPORT_PROCESSING_FINISHED: '2020-09-04', FEED_PROCESSING_FINISHED: '2020-09-04' };
export const payloadVersionOf = (type: string): string => PAYLOAD_VERSIONS[type] ?? '1.0';

export interface NotificationsSetup {
  /** The destination used, or null (no channel, or it failed). */
  destinationId: string | null;
  subscribed: string[];
  problems: Array<{ code: string; message: string }>;
}

/** Subscribes `backendId` to what its flows declare, through its application's channel. */
export async function setUpNotifications(env: Pick<TaskEnv, 'db' | 'core' | 'runtimes'>, flows: readonly NotifiedFlow[], backendId: number): Promise<NotificationsSetup> {
  const out: NotificationsSetup = { destinationId: null, subscribed: [], problems: [] };
  const backend = await env.core.backends.get(backendId);
  const types = typesFor(flows, backend);
  if (types.length === 0) return out;
  const { amazon } = await env.core.backends.credentials(backendId);
  const channel = await getChannel(env.db.pool, amazon.lwaClientId);
  if (!channel) return out;
  // A reader of this process waiting for a first channel reads it from now on (the others within a minute).
  wakeQueueReader();
  const rt = await env.runtimes.get(backendId);
  try {
    out.destinationId = await destinationFor(env, rt.amazon, channel);
  } catch (e) {
    out.problems.push({ code: 'NOTIFICATIONS_DESTINATION_FAILED', message: `the destination for ${channel.queueArn} could not be made: ${reason(e)}` });
    return out;
  }
  for (const type of types) {
    try {
      await subscribe(rt.amazon, type, out.destinationId);
      await env.db.pool.query(
        `insert into amazon_notification_subscription (backend_id, notification_type, destination_id) values ($1, $2, $3)
         on conflict (backend_id, notification_type) do update set destination_id = excluded.destination_id, checked_at = now()`,
        [backendId, type, out.destinationId],
      );
      out.subscribed.push(type);
    } catch (e) {
      out.problems.push({ code: 'NOTIFICATIONS_SUBSCRIPTION_FAILED', message: `the subscription to ${type} could not be made: ${reason(e)}` });
    }
  }
  return out;
}

/** The application's destination for the channel's queue: found by ARN, else made (one per application). */
async function destinationFor(env: Pick<TaskEnv, 'db'>, amazon: AmazonAdapter, channel: Channel): Promise<string> {
  return withSessionLock(env.db.pool, `notifications:destination:${channel.applicationId}`, async () => {
    const existing = (await amazon.notifications.getDestinations()).find((d) => d.resource.sqs?.arn === channel.queueArn);
    const id = existing?.destinationId ?? (await amazon.notifications.createDestination(DESTINATION_NAME, channel.queueArn)).destinationId;
    await recordDestination(env.db.pool, channel.applicationId, channel.queueArn, id);
    return id;
  });
}

/** The seller's subscription of `type` towards `destinationId`: found, made, or moved from an older destination. */
async function subscribe(amazon: AmazonAdapter, type: string, destinationId: string): Promise<void> {
  const version = payloadVersionOf(type);
  const current = await amazon.notifications.getSubscription(type, version);
  if (current?.destinationId === destinationId) return;
  // One subscription per type and seller: one to another destination (the queue was changed) is replaced.
  if (current) await amazon.notifications.deleteSubscriptionById(type, current.subscriptionId);
  const made = await amazon.notifications.createSubscription(type, destinationId, version);
  if ('exists' in made) {
    // Made meanwhile (a second set-up of the same backend): fine when it points at our destination.
    const again = await amazon.notifications.getSubscription(type, version);
    if (again?.destinationId !== destinationId) throw new Error('Amazon answered 409 but the subscription is not to this destination');
  }
}

const reason = (e: unknown): string => (isSyncError(e) ? `${e.code}: ${e.message}` : e instanceof Error ? e.message : String(e)).slice(0, 300);
