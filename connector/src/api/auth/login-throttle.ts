/**
 * Failed local sign-ins counted per (address, login) and per address: after 5 failures for one login or 30 from
 * one address within 15 minutes, further attempts are refused with LOGIN_THROTTLED until the window has passed, so
 * passwords cannot be guessed at the speed of the server. Together with argon2 (slow on purpose) and the same
 * verification time for unknown logins (core/panel-users). The counts live in `deps.panelAuth.loginFailures`
 * (PostgreSQL in the connector): every API process sees the same ones, so N processes do not give N budgets.
 */
import { PermanentError } from '../../core/errors.ts';
import type { LoginFailureCounts } from '../deps.ts';

export const LOGIN_WINDOW_SECONDS = 15 * 60;
export const FAILURES_PER_LOGIN = 5;
export const FAILURES_PER_ADDRESS = 30;

/** The throttle over the shared counts. */
export function createLoginThrottle(counts: LoginFailureCounts) {
  const loginKey = (address: string, login: string) => `l:${address}|${login.trim().toLowerCase()}`;
  const limits = (address: string, login: string) => new Map([[`a:${address}`, FAILURES_PER_ADDRESS], [loginKey(address, login), FAILURES_PER_LOGIN]]);
  return {
    /** Throws LOGIN_THROTTLED when this address (for this login) failed too often lately. */
    async check(address: string, login: string): Promise<void> {
      const max = limits(address, login);
      for (const w of await counts.active([...max.keys()])) {
        if (w.failures >= max.get(w.key)!) {
          const retryAfterSeconds = Math.max(1, w.secondsLeft);
          throw new PermanentError('LOGIN_THROTTLED', `too many failed sign-ins: try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
        }
      }
    },
    async failed(address: string, login: string): Promise<void> {
      await counts.fail([...limits(address, login).keys()], LOGIN_WINDOW_SECONDS);
    },
    /** A success clears the login's count (not the address's). */
    async succeeded(address: string, login: string): Promise<void> {
      await counts.clear(loginKey(address, login));
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
