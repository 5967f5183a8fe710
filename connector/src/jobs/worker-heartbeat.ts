/**
 * graphile-worker keeps the jobs of a worker that died without a goodbye (SIGKILL, OOM, power) locked for four
 * hours. Every connector worker process therefore beats for its workers in `worker_heartbeat`, and reaps the
 * workers of any process that stopped beating: `graphile_worker.force_unlock_workers` hands their jobs (and
 * named queues) back, so a killed worker's orders are picked up within seconds. Re-running them is safe: imports
 * are exactly-once by bindings, locks and look-ups, not by the queue.
 */
import { hostname } from 'node:os';
import type { Queryable } from '../core/sql.ts';

export interface HeartbeatOptions {
  intervalMs?: number;
  /** A worker whose last beat is older than this is taken for dead. */
  staleAfterMs?: number;
  /** Told (and awaited) after the dead workers' jobs were unlocked: e.g. to close their open sync runs. */
  onReap?: (workerIds: string[]) => void | Promise<void>;
}

export interface Heartbeat {
  add(workerId: string): void;
  stop(): Promise<void>;
}

export function startHeartbeat(db: Queryable, opts: HeartbeatOptions = {}): Heartbeat {
  const ids = new Set<string>();
  const interval = opts.intervalMs ?? 3_000;
  const stale = opts.staleAfterMs ?? 15_000;
  let stopped = false;

  const beat = async () => {
    if (ids.size) {
      await db.query(
        `insert into worker_heartbeat (worker_id, pid, host, seen_at) select unnest($1::text[]), $2, $3, now()
           on conflict (worker_id) do update set seen_at = now()`,
        [[...ids], process.pid, hostname()],
      );
    }
    const { rows } = await db.query(
      `delete from worker_heartbeat where seen_at < now() - make_interval(secs => $1) returning worker_id`,
      [stale / 1000],
    );
    const dead = (rows as Array<{ worker_id: string }>).map((r) => r.worker_id).filter((id) => !ids.has(id));
    if (dead.length) {
      await db.query('select graphile_worker.force_unlock_workers($1::text[])', [dead]);
      await opts.onReap?.(dead);
    }
  };
  const timer = setInterval(() => void beat().catch(() => {}), interval);
  timer.unref();
  return {
    add(workerId) {
      ids.add(workerId);
      if (!stopped) void beat().catch(() => {});
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (ids.size) await db.query('delete from worker_heartbeat where worker_id = any($1::text[])', [[...ids]]).catch(() => {});
    },
  };
}
