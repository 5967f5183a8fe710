/**
 * Failed local sign-ins counted in PostgreSQL (`panel_login_failure`), so every API process sees the same counts:
 * behind a load balancer an attacker gets one budget, not one per process. A key (an address, or an address and a
 * login) holds its failures and the end of its window; the window opens at the first failure and is not extended
 * by later ones. The database's clock decides, so processes with skewed clocks still agree. The policy (limits,
 * keys, the error) is api/auth/login-throttle.ts's.
 */
import type { Queryable } from '../sql.ts';

export interface LoginFailureWindow {
  key: string;
  failures: number;
  /** When the window ends (the key's count is forgotten). */
  until: Date;
  /** Seconds until then, by the database's clock. */
  secondsLeft: number;
}

/** The failure counts over `db`. */
export function createLoginFailures(db: Queryable) {
  return {
    /** The windows of `keys` that have not ended. */
    async active(keys: readonly string[]): Promise<LoginFailureWindow[]> {
      const { rows } = await db.query<LoginFailureWindow>(
        `select key, failures, window_until as "until", ceil(extract(epoch from window_until - now()))::int as "secondsLeft"
           from panel_login_failure where key = any($1::text[]) and window_until > now()`,
        [keys],
      );
      return rows;
    },
    /** One more failure for each key: in its open window, or in a new one of `windowSeconds` (one statement). */
    async fail(keys: readonly string[], windowSeconds: number): Promise<void> {
      // Ended windows are swept on the way (indexed by their end): the table holds the last window's keys only.
      await db.query(`delete from panel_login_failure where window_until <= now()`);
      await db.query(
        `insert into panel_login_failure as f (key, failures, window_until)
           select k, 1, now() + make_interval(secs => $2) from unnest($1::text[]) as k
         on conflict (key) do update set
           failures = case when f.window_until > now() then f.failures + 1 else 1 end,
           window_until = case when f.window_until > now() then f.window_until else excluded.window_until end`,
        [keys, windowSeconds],
      );
    },
    /** Forgets a key's failures (a login that succeeded). */
    async clear(key: string): Promise<void> {
      await db.query(`delete from panel_login_failure where key = $1`, [key]);
    },
  };
}

export type LoginFailures = ReturnType<typeof createLoginFailures>;
