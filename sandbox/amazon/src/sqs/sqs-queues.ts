/** The queues of the sandbox's AWS account, by name; URL and ARN formats as AWS prints them. */
import type { ResolvedOptions } from '../config.ts';
// Queues run on real time (Date.now), not the sandbox clock `now`: see sqs-queue.ts.
import { SqsQueue } from './sqs-queue.ts';

/** The queue the sandbox creates at start (the demo's destination). */
export const DEFAULT_QUEUE = 'aec-notifications';

const NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** All queues of one sandbox. */
export class SqsQueues {
  readonly #queues = new Map<string, SqsQueue>();
  readonly #opts: ResolvedOptions;
  #closed = false;

  constructor(opts: ResolvedOptions) {
    this.#opts = opts;
    this.create(DEFAULT_QUEUE);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** `https://sqs.<region>.amazonaws.com/<account>/<name>` */
  urlOf(name: string): string {
    return `https://sqs.${this.#opts.awsRegion}.amazonaws.com/${this.#opts.awsAccountId}/${name}`;
  }

  /** `arn:aws:sqs:<region>:<account>:<name>` */
  arnOf(name: string): string {
    return `arn:aws:sqs:${this.#opts.awsRegion}:${this.#opts.awsAccountId}:${name}`;
  }

  /** Creates a queue (an existing one is returned as is, as CreateQueue does with the same attributes). */
  create(name: string): SqsQueue {
    if (!NAME.test(name)) throw new Error('a queue name has 1 to 80 letters, digits, hyphens or underscores');
    const existing = this.#queues.get(name);
    if (existing) return existing;
    const q = new SqsQueue({ name, url: this.urlOf(name), arn: this.arnOf(name),
      visibilityTimeoutS: this.#opts.sqsVisibilityTimeoutSeconds, now: Date.now });
    this.#queues.set(name, q);
    return q;
  }

  byName(name: string): SqsQueue | undefined {
    return this.#queues.get(name);
  }

  /** The queue an ARN names, when it is one of this account and region. */
  byArn(arn: string): SqsQueue | undefined {
    const m = /^arn:aws:sqs:([^:]+):([^:]+):([^:]+)$/.exec(arn);
    if (!m || m[1] !== this.#opts.awsRegion || m[2] !== this.#opts.awsAccountId) return undefined;
    return this.#queues.get(m[3]!);
  }

  /**
   * The queue a QueueUrl names: `<any host>/<account>/<name>` (the SDK sends the URL as given, whatever endpoint it
   * connects to), of this account.
   */
  byUrl(url: string): SqsQueue | undefined {
    let path: string;
    try {
      path = new URL(url).pathname;
    } catch {
      return undefined;
    }
    const [account, name, ...rest] = path.split('/').filter(Boolean);
    if (rest.length > 0 || account !== this.#opts.awsAccountId || !name) return undefined;
    return this.#queues.get(name);
  }

  list(): SqsQueue[] {
    return [...this.#queues.values()];
  }

  /** Messages dropped, queues other than the default forgotten (admin reset). */
  reset(): void {
    for (const q of this.#queues.values()) q.purge();
    for (const name of this.#queues.keys()) if (name !== DEFAULT_QUEUE) this.#queues.delete(name);
  }

  /** Ends every long poll now (server close). */
  close(): void {
    this.#closed = true;
    for (const q of this.#queues.values()) q.wake();
  }
}
