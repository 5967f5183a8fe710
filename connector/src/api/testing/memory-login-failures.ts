/**
 * The login throttle's failure counts in one process's memory, with the same window rule as the PostgreSQL ones
 * (core/panel-users/login-failures.ts): for the API's tests and the OpenAPI generator, which have no database.
 */
import type { LoginFailureCounts } from '../deps.ts';

export function memoryLoginFailures(now: () => number = Date.now): LoginFailureCounts {
  const windows = new Map<string, { failures: number; until: number }>();
  const open = (key: string) => {
    const w = windows.get(key);
    return w && w.until > now() ? w : null;
  };
  return {
    active: async (keys) =>
      keys.flatMap((key) => {
        const w = open(key);
        return w ? [{ key, failures: w.failures, secondsLeft: Math.ceil((w.until - now()) / 1000) }] : [];
      }),
    fail: async (keys, windowSeconds) => {
      for (const key of keys) {
        const w = open(key) ?? { failures: 0, until: now() + windowSeconds * 1000 };
        w.failures += 1;
        windows.set(key, w);
      }
    },
    clear: async (key) => void windows.delete(key),
  };
}
