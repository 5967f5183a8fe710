/**
 * In-process "what this wait was computed from has changed" signals, one per (bucket key, operation): a quota
 * wait listens to the current one, and firing it wakes every wait of that bucket in this process so they
 * re-plan at the new rate (a changed override, a newly announced rate). Firing replaces the signal, so later
 * waits listen to a fresh one.
 */
export interface ReplanSignals {
  /** The signal that the next change of (key, operation) fires. */
  current(key: string, operation: string): AbortSignal;
  /** Wakes the waits of (key, operation), or of every operation of `key` when `operation` is absent. */
  fire(key: string, operation?: string): void;
}

export function createReplanSignals(): ReplanSignals {
  const controllers = new Map<string, AbortController>();
  const id = (key: string, operation: string) => `${key}\u0000${operation}`;
  return {
    current(key, operation) {
      let c = controllers.get(id(key, operation));
      if (!c) {
        c = new AbortController();
        controllers.set(id(key, operation), c);
      }
      return c.signal;
    },
    fire(key, operation) {
      // Removed when fired: a bucket nobody waits on keeps no entry.
      for (const [k, c] of controllers) {
        if (operation === undefined ? k.startsWith(`${key}\u0000`) : k === id(key, operation)) {
          controllers.delete(k);
          c.abort();
        }
      }
    },
  };
}
