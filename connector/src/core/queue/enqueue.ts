/**
 * Enqueueing jobs inside the caller's transaction (rule 2): the job exists exactly when the state change that
 * caused it is committed, so a crash can neither lose the job nor run it against state that never happened.
 * Payloads carry ids, never data (rule 1).
 */
export interface Queryable {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface EnqueueOptions {
  /** A job key keeps one pending job per key (a second add replaces the first). It does not stop a running copy. */
  jobKey?: string;
  jobKeyMode?: 'replace' | 'preserve_run_at' | 'unsafe_dedupe';
  /** Jobs of one named queue run one at a time, in order. */
  queueName?: string;
  runAt?: Date;
  maxAttempts?: number;
  priority?: number;
}

export async function enqueue(db: Queryable, task: string, payload: object, opts: EnqueueOptions = {}): Promise<void> {
  await db.query(
    `select graphile_worker.add_job($1, $2::json, queue_name => $3, run_at => $4, max_attempts => $5,
       job_key => $6, priority => $7, job_key_mode => coalesce($8, 'replace'))`,
    [
      task,
      JSON.stringify(payload),
      opts.queueName ?? null,
      opts.runAt?.toISOString() ?? null,
      opts.maxAttempts ?? null,
      opts.jobKey ?? null,
      opts.priority ?? null,
      opts.jobKeyMode ?? null,
    ],
  );
}

/** Many jobs of one task in one statement (the sweep enqueues a page's import batches at once). */
export async function enqueueMany(db: Queryable, task: string, payloads: object[], opts: Omit<EnqueueOptions, 'jobKey'> = {}): Promise<void> {
  if (payloads.length === 0) return;
  await db.query(
    `select graphile_worker.add_job($1, p, queue_name => $3, max_attempts => $4, priority => $5)
       from unnest($2::json[]) as p`,
    [task, payloads.map((p) => JSON.stringify(p)), opts.queueName ?? null, opts.maxAttempts ?? null, opts.priority ?? null],
  );
}
