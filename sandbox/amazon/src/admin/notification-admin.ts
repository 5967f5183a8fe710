/** Admin views of SQS and the Notifications API, shared by `/_sandbox` and the in-process handle. */
import { destinationView } from '../notifications/destinations.routes.ts';
import type { PublishedNotification, StoredSubscription } from '../notifications/notification-store.ts';
import type { SandboxState } from '../state.ts';
import { AdminError } from './admin-ops.ts';

export interface QueueView {
  name: string;
  url: string;
  arn: string;
  visible: number;
  inFlight: number;
  delayed: number;
}

/** Creates a queue of the sandbox's account (an existing one is returned). */
export function createQueue(state: SandboxState, name: string): { name: string; url: string; arn: string } {
  const q = state.sqs.queues.create(name);
  return { name: q.name, url: q.url, arn: q.arn };
}

export function queuesView(state: SandboxState): QueueView[] {
  return state.sqs.queues.list().map((q) => ({ name: q.name, url: q.url, arn: q.arn, ...q.counts() }));
}

export interface QueueMessageView {
  messageId: string;
  body: string;
  sentTimestamp: number;
  receiveCount: number;
  inFlight: boolean;
}

/** Every message still in a queue (a peek: nothing is received, no visibility changes). */
export function queueMessages(state: SandboxState, name: string): { name: string; messages: QueueMessageView[] } {
  const q = state.sqs.queues.byName(name);
  if (!q) throw new AdminError(404, 'UNKNOWN_QUEUE', `unknown queue ${name}`);
  const now = Date.now();
  return { name, messages: q.messages().map((m) => ({ messageId: m.messageId, body: m.body, sentTimestamp: m.sentMs,
    receiveCount: m.receiveCount, inFlight: m.receiveCount > 0 && m.visibleAtMs > now })) };
}

export interface NotificationsView {
  destinations: (ReturnType<typeof destinationView> & { applicationId: string })[];
  subscriptions: StoredSubscription[];
  published: readonly PublishedNotification[];
  /** Notifications waiting for their delivery delay. */
  pending: number;
}

export function notificationsView(state: SandboxState): NotificationsView {
  const n = state.notifications;
  return {
    destinations: [...n.destinations.values()].map((d) => ({ ...destinationView(d), applicationId: d.clientId })),
    subscriptions: [...n.subscriptions.values()],
    published: n.published(),
    pending: state.publisher.pending,
  };
}
