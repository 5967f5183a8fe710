/**
 * Failed local sign-ins counted per (address, login) and per address, in this process: after 5 failures for one
 * login or 30 from one address within 15 minutes, further attempts are refused with LOGIN_THROTTLED until the
 * window has passed, so passwords cannot be guessed at the speed of the server. Together with argon2 (slow on
 * purpose) and the same verification time for unknown logins (core/panel-users). Per process: with N API
 * processes an attacker gets N times the budget, still far from a guessing rate.
 */
import { PermanentError } from '../../core/errors.ts';

const WINDOW_MS = 15 * 60_000;
const PER_LOGIN = 5;
const PER_ADDRESS = 30;
/** Bounded memory: the oldest windows are forgotten first when this many are kept. */
const MAX_KEYS = 10_000;

interface Window {
  failures: number;
  until: number;
}

/** The throttle of one API process; `now` for tests. */
export function createLoginThrottle(now: () => number = Date.now) {
  const windows = new Map<string, Window>();
  const current = (key: string): Window | null => {
    const w = windows.get(key);
    if (w && w.until <= now()) windows.delete(key);
    return w && w.until > now() ? w : null;
  };
  const keys = (address: string, login: string) => [[`a:${address}`, PER_ADDRESS], [`l:${address}|${login.trim().toLowerCase()}`, PER_LOGIN]] as const;
  return {
    /** Throws LOGIN_THROTTLED when this address (for this login) failed too often lately. */
    check(address: string, login: string): void {
      for (const [key, max] of keys(address, login)) {
        const w = current(key);
        if (w && w.failures >= max) {
          const retryAfterSeconds = Math.ceil((w.until - now()) / 1000);
          throw new PermanentError('LOGIN_THROTTLED', `too many failed sign-ins: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
        }
      }
    },
    failed(address: string, login: string): void {
      for (const [key] of keys(address, login)) {
        const w = current(key) ?? { failures: 0, until: now() + WINDOW_MS };
        w.failures += 1;
        windows.delete(key);
        windows.set(key, w);
      }
      while (windows.size > MAX_KEYS) windows.delete(windows.keys().next().value!);
    },
    /** A success clears the login's count (not the address's). */
    succeeded(address: string, login: string): void {
      windows.delete(keys(address, login)[1][0]);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
