/**
 * One standard SQS queue in memory: visibility timeouts, receipt handles per receive, at-least-once delivery.
 * Times are real milliseconds (AWS's clock, not the marketplace's: `timeScale` does not apply; a client that wants
 * fast re-delivery passes a short VisibilityTimeout, as it would on AWS).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export interface QueuedMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  sentMs: number;
  /** Before this time the message is in flight (received, not deleted) or delayed. */
  visibleAtMs: number;
  receiveCount: number;
  firstReceiveMs: number | undefined;
  /** The receipt handle of the latest receive: only it deletes the message. */
  handle: string | undefined;
}

export type HandleLookup =
  | { kind: 'current'; message: QueuedMessage }
  /** A handle of an earlier receive of a message received again since, or of a deleted message. */
  | { kind: 'stale' }
  | { kind: 'invalid' };

export const md5Hex = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

/** A queue: messages in send order, each visible, delayed or in flight. */
export class SqsQueue {
  readonly name: string;
  readonly url: string;
  readonly arn: string;
  visibilityTimeoutS: number;
  readonly #messages = new Map<string, QueuedMessage>(); // by an internal key: a duplicate is its own entry
  readonly #handles = new Map<string, string>(); // every handle ever given -> entry key
  readonly #now: () => number;
  #wakers: (() => void)[] = [];

  constructor(opts: { name: string; url: string; arn: string; visibilityTimeoutS: number; now: () => number }) {
    this.name = opts.name;
    this.url = opts.url;
    this.arn = opts.arn;
    this.visibilityTimeoutS = opts.visibilityTimeoutS;
    this.#now = opts.now;
  }

  /** Enqueues a message; `duplicate` stores a second copy (same MessageId and body), as SQS sometimes delivers. */
  send(body: string, opts: { delayMs?: number; duplicate?: boolean } = {}): QueuedMessage {
    const now = this.#now();
    const messageId = randomUUID();
    const make = (): QueuedMessage => ({ messageId, body, md5OfBody: md5Hex(body), sentMs: now,
      visibleAtMs: now + (opts.delayMs ?? 0), receiveCount: 0, firstReceiveMs: undefined, handle: undefined });
    const first = make();
    this.#messages.set(randomUUID(), first);
    if (opts.duplicate) this.#messages.set(randomUUID(), make());
    this.wake();
    return first;
  }

  /** Up to `max` visible messages, made invisible for `visibilityS`, each with a fresh receipt handle. */
  receive(max: number, visibilityS: number): QueuedMessage[] {
    const now = this.#now();
    const out: QueuedMessage[] = [];
    for (const [key, m] of this.#messages) {
      if (out.length === max) break;
      if (m.visibleAtMs > now) continue;
      m.receiveCount += 1;
      m.firstReceiveMs ??= now;
      m.visibleAtMs = now + visibilityS * 1000;
      m.handle = `${Buffer.from(`${this.name}\u0000${key}`).toString('base64url')}.${randomBytes(24).toString('base64url')}`;
      this.#handles.set(m.handle, key);
      out.push(m);
    }
    return out;
  }

  /** What a receipt handle stands for now. */
  lookup(handle: string): HandleLookup {
    const key = this.#handles.get(handle);
    if (key === undefined) return { kind: 'invalid' };
    const m = this.#messages.get(key);
    if (!m || m.handle !== handle) return { kind: 'stale' };
    return { kind: 'current', message: m };
  }

  /** Deletes the message of a current handle. */
  delete(handle: string): void {
    const key = this.#handles.get(handle);
    if (key !== undefined && this.#messages.get(key)?.handle === handle) this.#messages.delete(key);
  }

  /** When the earliest invisible message becomes visible again (for long polls), or undefined. */
  nextVisibleAt(): number | undefined {
    let next: number | undefined;
    for (const m of this.#messages.values()) if (next === undefined || m.visibleAtMs < next) next = m.visibleAtMs;
    return next;
  }

  counts(): { visible: number; inFlight: number; delayed: number } {
    const now = this.#now();
    let visible = 0;
    let inFlight = 0;
    let delayed = 0;
    for (const m of this.#messages.values()) {
      if (m.visibleAtMs <= now) visible += 1;
      else if (m.receiveCount > 0) inFlight += 1;
      else delayed += 1;
    }
    return { visible, inFlight, delayed };
  }

  /** Every message still in the queue (visible or not), in send order. */
  messages(): QueuedMessage[] {
    return [...this.#messages.values()];
  }

  /** A promise resolved at the next send (or release): long polls wait on it. */
  waitForSend(): Promise<void> {
    return new Promise((resolve) => this.#wakers.push(resolve));
  }

  wake(): void {
    const wakers = this.#wakers;
    this.#wakers = [];
    for (const w of wakers) w();
  }

  purge(): void {
    this.#messages.clear();
    this.#handles.clear();
  }
}
