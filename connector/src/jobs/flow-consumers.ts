/**
 * The flows' long-running consumers (a notification queue reader), started with the worker and stopped with it:
 * each gets an AbortSignal; one that ends or fails on its own is logged and not restarted here (its reader
 * reconnects by itself; a crash of the loop is a defect to fix, not to hide).
 */
import type { FlowDefinition } from '../sync/frame/flow.ts';
import type { TaskEnv } from '../sync/frame/task-env.ts';

export interface RunningConsumers {
  /** Fires every consumer's signal and waits for them to end. */
  stop(): Promise<void>;
}

/** Starts every consumer of `flows`. */
export function startConsumers(env: TaskEnv, flows: readonly FlowDefinition[]): RunningConsumers {
  const abort = new AbortController();
  const running = flows.flatMap((f) =>
    (f.consumers ?? []).map((c) =>
      c.start(env, abort.signal).then(
        () => { if (!abort.signal.aborted) env.log.warn('consumer ended on its own', { flow: f.name, consumer: c.name }); },
        (e: unknown) => { if (!abort.signal.aborted) env.log.error('consumer failed', { flow: f.name, consumer: c.name, error: e instanceof Error ? e.message : String(e) }); },
      ),
    ),
  );
  return {
    async stop() {
      abort.abort();
      await Promise.all(running);
    },
  };
}
