/**
 * The SQS operations served (AWS JSON 1.0 request and answer members as the SQS API reference names them):
 * ReceiveMessage, DeleteMessage, DeleteMessageBatch, ChangeMessageVisibility, GetQueueUrl, GetQueueAttributes,
 * SendMessage.
 */
import { SQS_ERRORS, SqsFailure } from './sqs-errors.ts';
import type { QueuedMessage, SqsQueue } from './sqs-queue.ts';
import type { SqsQueues } from './sqs-queues.ts';

type Obj = Record<string, unknown>;

export interface SqsContext {
  queues: SqsQueues;
  duplicateRate: number;
  random: () => number;
}

const fail = (e: ReturnType<(typeof SQS_ERRORS)[keyof typeof SQS_ERRORS]>): never => {
  throw new SqsFailure(e);
};

function str(body: Obj, name: string, required = true): string | undefined {
  const v = body[name];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v === '') return fail(SQS_ERRORS.invalidParameter(`Value for parameter ${name} is invalid. Reason: it is required and must be a string.`));
  return v;
}

function int(body: Obj, name: string, min: number, max: number): number | undefined {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    return fail(SQS_ERRORS.invalidParameter(`Value ${String(v)} for parameter ${name} is invalid. Reason: Must be between ${min} and ${max}, if provided.`));
  }
  return v;
}

export function queueOf(ctx: SqsContext, body: Obj): SqsQueue {
  return ctx.queues.byUrl(str(body, 'QueueUrl')!) ?? fail(SQS_ERRORS.queueDoesNotExist());
}

const SYSTEM_ATTRIBUTES = ['ApproximateReceiveCount', 'SentTimestamp', 'ApproximateFirstReceiveTimestamp', 'SenderId'];

function wantedAttributes(body: Obj): string[] {
  const names = [body.MessageSystemAttributeNames, body.AttributeNames].flatMap((v) => (Array.isArray(v) ? v : []));
  if (names.includes('All')) return SYSTEM_ATTRIBUTES;
  for (const n of names) if (!SYSTEM_ATTRIBUTES.includes(String(n))) fail(SQS_ERRORS.invalidAttributeName(String(n)));
  return names.map(String);
}

function view(m: QueuedMessage, attributes: string[], accountId: string): Obj {
  const all: Record<string, string> = {
    ApproximateReceiveCount: String(m.receiveCount),
    SentTimestamp: String(m.sentMs),
    ApproximateFirstReceiveTimestamp: String(m.firstReceiveMs ?? m.sentMs),
    SenderId: accountId,
  };
  const picked = Object.fromEntries(attributes.map((a) => [a, all[a]!]));
  return { MessageId: m.messageId, ReceiptHandle: m.handle, MD5OfBody: m.md5OfBody, Body: m.body,
    ...(attributes.length ? { Attributes: picked } : {}) };
}

/**
 * ReceiveMessage: at once when something is visible; else waits up to WaitTimeSeconds (real seconds, long
 * polling), answering as soon as a message is sent or becomes visible again.
 */
export async function receiveMessage(ctx: SqsContext, body: Obj, accountId: string, isGone: () => boolean): Promise<Obj> {
  const q = queueOf(ctx, body);
  const max = int(body, 'MaxNumberOfMessages', 1, 10) ?? 1;
  const waitS = int(body, 'WaitTimeSeconds', 0, 20) ?? 0;
  const visibilityS = int(body, 'VisibilityTimeout', 0, 43_200) ?? q.visibilityTimeoutS;
  const attributes = wantedAttributes(body);
  const deadline = Date.now() + waitS * 1000;
  for (;;) {
    const got = q.receive(max, visibilityS);
    if (got.length > 0) return { Messages: got.map((m) => view(m, attributes, accountId)) };
    const left = deadline - Date.now();
    if (left <= 0 || ctx.queues.closed || isGone()) return {};
    // Wake at the next send, at the next visibility expiry, or at the deadline, whichever comes first.
    const nextVisible = q.nextVisibleAt();
    const sleep = Math.max(5, Math.min(left, nextVisible === undefined ? left : nextVisible - Date.now(), 1000));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([q.waitForSend(), new Promise<void>((r) => { timer = setTimeout(r, sleep); })]);
    clearTimeout(timer);
  }
}

/** DeleteMessage: a stale handle (the message was received again since) succeeds and deletes nothing, as SQS does. */
export function deleteMessage(ctx: SqsContext, body: Obj): Obj {
  const q = queueOf(ctx, body);
  const handle = str(body, 'ReceiptHandle')!;
  if (q.lookup(handle).kind === 'invalid') fail(SQS_ERRORS.receiptHandleIsInvalid(handle));
  q.delete(handle);
  return {};
}

export function deleteMessageBatch(ctx: SqsContext, body: Obj): Obj {
  const q = queueOf(ctx, body);
  const entries = Array.isArray(body.Entries) ? (body.Entries as Obj[]) : [];
  if (entries.length === 0) fail(SQS_ERRORS.emptyBatch());
  if (entries.length > 10) fail(SQS_ERRORS.tooManyEntries(entries.length));
  const ids = new Set<string>();
  for (const e of entries) {
    const id = String(e?.Id ?? '');
    if (ids.has(id)) fail(SQS_ERRORS.idsNotDistinct(id));
    ids.add(id);
  }
  const Successful: Obj[] = [];
  const Failed: Obj[] = [];
  for (const e of entries) {
    const handle = typeof e.ReceiptHandle === 'string' ? e.ReceiptHandle : '';
    if (q.lookup(handle).kind === 'invalid') {
      Failed.push({ Id: e.Id, SenderFault: true, Code: 'ReceiptHandleIsInvalid',
        Message: SQS_ERRORS.receiptHandleIsInvalid(handle).message });
      continue;
    }
    q.delete(handle);
    Successful.push({ Id: e.Id });
  }
  return { Successful, Failed };
}

/** ChangeMessageVisibility: only the current handle of a message in flight (0 makes it visible at once). */
export function changeMessageVisibility(ctx: SqsContext, body: Obj): Obj {
  const q = queueOf(ctx, body);
  const handle = str(body, 'ReceiptHandle')!;
  const seconds = int(body, 'VisibilityTimeout', 0, 43_200);
  if (seconds === undefined) fail(SQS_ERRORS.invalidParameter('Value for parameter VisibilityTimeout is invalid. Reason: it is required.'));
  const found = q.lookup(handle);
  if (found.kind === 'invalid') fail(SQS_ERRORS.receiptHandleIsInvalid(handle));
  if (found.kind === 'stale' || (found.kind === 'current' && found.message.visibleAtMs <= Date.now())) fail(SQS_ERRORS.messageNotInflight());
  if (found.kind === 'current') {
    found.message.visibleAtMs = Date.now() + seconds! * 1000;
    if (seconds === 0) q.wake();
  }
  return {};
}

export function getQueueUrl(ctx: SqsContext, body: Obj): Obj {
  const q = ctx.queues.byName(str(body, 'QueueName')!) ?? fail(SQS_ERRORS.queueDoesNotExist());
  return { QueueUrl: q.url };
}

const QUEUE_ATTRIBUTES = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed', 'QueueArn', 'VisibilityTimeout'];

export function getQueueAttributes(ctx: SqsContext, body: Obj): Obj {
  const q = queueOf(ctx, body);
  const asked = Array.isArray(body.AttributeNames) ? body.AttributeNames.map(String) : [];
  const names = asked.includes('All') ? QUEUE_ATTRIBUTES : asked;
  for (const n of names) if (!QUEUE_ATTRIBUTES.includes(n)) fail(SQS_ERRORS.invalidAttributeName(n));
  const c = q.counts();
  const all: Record<string, string> = {
    ApproximateNumberOfMessages: String(c.visible), ApproximateNumberOfMessagesNotVisible: String(c.inFlight),
    ApproximateNumberOfMessagesDelayed: String(c.delayed), QueueArn: q.arn, VisibilityTimeout: String(q.visibilityTimeoutS),
  };
  return names.length ? { Attributes: Object.fromEntries(names.map((n) => [n, all[n]!])) } : {};
}

/** SendMessage (tests and tools; Amazon's notifications go in through the publisher). */
export function sendMessage(ctx: SqsContext, body: Obj): Obj {
  const q = queueOf(ctx, body);
  const text = str(body, 'MessageBody')!;
  if (body.MessageAttributes !== undefined || body.MessageSystemAttributes !== undefined) {
    fail(SQS_ERRORS.invalidParameter('Message attributes are not supported by this sandbox.'));
  }
  const delayS = int(body, 'DelaySeconds', 0, 900) ?? 0;
  const m = q.send(text, { delayMs: delayS * 1000, duplicate: ctx.random() < ctx.duplicateRate });
  return { MessageId: m.messageId, MD5OfMessageBody: m.md5OfBody };
}
