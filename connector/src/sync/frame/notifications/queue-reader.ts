/**
 * The one reader of Amazon's notification queues, for every backend: a FlowConsumer started with the worker.
 * Only one process reads at a time (a session advisory lock held on its own connection; the others wait and take
 * over when it dies): several readers would be correct too (each message is stored once by its NotificationId),
 * but would only spend SQS requests and receive the same messages in turn. Each round long-polls every channel
 * (20 s, 10 messages); each message is read, routed by its seller id, stored once with its flows' tasks in one
 * transaction, then deleted. What cannot be read or routed is deleted too, counted with its reason (never its
 * body). SQS errors: the channel backs off (1 s doubling to 60 s) and is tried again; the stop signal ends waits
 * and the long poll at once. While no channel exists (most installations) a process neither takes the lock nor
 * holds a connection: it looks for one with a cheap query, backing off from 5 s to a minute (channel-wait.ts).
 */
import type { Message } from '@aws-sdk/client-sqs';
import { abortableSleep } from '../../../core/abort.ts';
import { lockIdOf } from '../../../core/lock.ts';
import { withTransaction } from '../../../core/tx.ts';
import type { BackendRecord } from '../../../core/backend/index.ts';
import type { TaskEnv } from '../task-env.ts';
import { channelKeys, listChannels, type Channel } from './channel-store.ts';
import { untilAChannelExists } from './channel-wait.ts';
import { readNotification } from './notification-message.ts';
import { storeNotification } from './notification-store.ts';
import { routeNotification, type NotifiedFlow } from './route-notification.ts';
import { sqsQueueFor, type SqsQueue } from './sqs-client.ts';

export const READER_LOCK = 'notifications:reader';

export interface ReaderOptions {
  /** How long a process without the lock waits before trying again; the first wait without a channel (default 5 s). */
  idleMs?: number;
  /** The longest wait between two looks for a channel while none exists (default 60 s). */
  noChannelMaxMs?: number;
  waitTimeSeconds?: number;
}

/** Reads until `signal` fires. */
export async function runQueueReader(env: TaskEnv, flows: () => readonly NotifiedFlow[], signal: AbortSignal, opts: ReaderOptions = {}): Promise<void> {
  const idleMs = opts.idleMs ?? 5_000;
  while (!signal.aborted) {
    if (!(await untilAChannelExists(env.db.pool, signal, idleMs, opts.noChannelMaxMs ?? 60_000))) return;
    const client = await env.db.pool.connect().catch(() => null);
    if (!client) {
      await abortableSleep(idleMs, signal).catch(() => {});
      continue;
    }
    let broken: Error | undefined;
    const onError = (e: Error) => (broken = e);
    client.on('error', onError);
    try {
      const { rows } = await client.query('select pg_try_advisory_lock($1) as got', [lockIdOf(READER_LOCK)]);
      if ((rows[0] as { got: boolean }).got) {
        await readWhileLocked(env, flows, signal, { idleMs, waitTimeSeconds: opts.waitTimeSeconds ?? 20 }, () => broken !== undefined);
        await client.query('select pg_advisory_unlock($1)', [lockIdOf(READER_LOCK)]).catch((e: Error) => (broken = e));
      }
    } catch (e) {
      broken ??= e as Error;
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
    if (broken && !signal.aborted) env.log.warn('notification reader: lock connection lost, taking it again', { error: broken.message });
    await abortableSleep(idleMs, signal).catch(() => {});
  }
}

interface Reading {
  queue: SqsQueue;
  channel: Channel;
  failures: number;
  notBefore: number;
}

async function readWhileLocked(env: TaskEnv, flows: () => readonly NotifiedFlow[], signal: AbortSignal, opts: { idleMs: number; waitTimeSeconds: number }, lockLost: () => boolean): Promise<void> {
  const readings = new Map<string, Reading>();
  try {
    while (!signal.aborted && !lockLost()) {
      const channels = await listChannels(env.db.pool);
      // None left: the lock and its connection go back; the caller waits for a channel again.
      if (channels.length === 0) return;
      await refreshClients(env, channels, readings);
      const due = [...readings.values()].filter((r) => r.notBefore <= Date.now());
      if (due.length === 0) {
        await abortableSleep(readings.size ? 1_000 : opts.idleMs, signal).catch(() => {});
        continue;
      }
      await Promise.all(due.map((r) => pollOnce(env, flows, r, signal, opts.waitTimeSeconds)));
    }
  } finally {
    for (const r of readings.values()) r.queue.destroy();
  }
}

/** One client per channel, rebuilt when the channel was changed (new queue, new keys). */
async function refreshClients(env: TaskEnv, channels: readonly Channel[], readings: Map<string, Reading>): Promise<void> {
  const wanted = new Set(channels.map((c) => c.applicationId));
  for (const [id, r] of readings) {
    if (!wanted.has(id)) {
      r.queue.destroy();
      readings.delete(id);
    }
  }
  for (const channel of channels) {
    const had = readings.get(channel.applicationId);
    if (had && had.channel.updatedAt.getTime() === channel.updatedAt.getTime()) continue;
    had?.queue.destroy();
    const keys = await channelKeys(env.core.secrets, channel.applicationId);
    if (!keys) continue;
    readings.set(channel.applicationId, { queue: await sqsQueueFor(channel, keys, env.runtimes.amazonEndpoint ?? null), channel, failures: 0, notBefore: 0 });
  }
}

/** One long poll of one channel and the handling of what it brought. */
async function pollOnce(env: TaskEnv, flows: () => readonly NotifiedFlow[], r: Reading, signal: AbortSignal, waitTimeSeconds: number): Promise<void> {
  try {
    const messages = await r.queue.receive(10, waitTimeSeconds, signal);
    if (messages.length) await handleBatch(env, flows, r, messages);
    r.failures = 0;
  } catch (e) {
    if (signal.aborted) return;
    r.failures += 1;
    const waitMs = Math.min(60_000, 1_000 * 2 ** (r.failures - 1));
    r.notBefore = Date.now() + waitMs;
    const name = (e as { name?: string }).name ?? 'Error';
    env.log.warn('notification queue unreachable: tried again after a pause', { application: r.channel.applicationId, error: name, waitMs });
  }
}

async function handleBatch(env: TaskEnv, flows: () => readonly NotifiedFlow[], r: Reading, messages: readonly Message[]): Promise<void> {
  const backends: BackendRecord[] = await env.core.backends.list();
  const done: Message[] = [];
  for (const m of messages) {
    const read = readNotification(m.Body);
    if (!read.ok) {
      unroutable(env, read.reason, m);
      done.push(m);
      continue;
    }
    const n = read.notification;
    const route = routeNotification(flows(), backends, n.sellerId, n.type);
    if ('reason' in route) {
      unroutable(env, route.reason, m, n.type);
      done.push(m);
      continue;
    }
    // A failure here (the database) leaves the message in the queue: it comes back after its visibility timeout.
    const stored = await withTransaction(env.db.pool, (tx) => storeNotification(tx, n, route.tasks));
    (stored ? env.metrics.notificationsReceived : env.metrics.notificationsDuplicate).inc({ type: n.type });
    done.push(m);
  }
  const entries = done.filter((m) => m.ReceiptHandle).map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! }));
  // Not deleted (a lost answer): it comes back and is stored no second time.
  if (entries.length) await r.queue.deleteBatch(entries);
}

function unroutable(env: TaskEnv, reason: string, m: Message, type?: string): void {
  env.metrics.notificationsUnroutable.inc({ reason });
  env.log.warn('notification dropped', { reason, ...(type ? { type } : {}), messageId: m.MessageId ?? null });
}
