/**
 * Remotes that refused a backend's credentials (Amazon's LWA refusing the refresh token): a state of the backend,
 * not a stream of job errors. While a refusal stands, the jobs that need that remote wait for a fix instead of
 * calling again; new credentials (API, CLI, boot) delete it in the transaction that stores them.
 */
import type { Queryable } from '../sql.ts';

export interface AuthRefusal {
  backendId: number;
  /** The remote that refused: 'amazon'. */
  remote: string;
  /** A stable code, e.g. AMAZON_AUTH_FAILED. */
  code: string;
  /** What was refused and what to do about it (log-safe: no secret, no payload). */
  message: string;
  since: Date;
}

export interface AuthRefusalStore {
  /** Records the refusal; true when it is new (a change worth one log line). */
  refused(backendId: number, remote: string, code: string, message: string): Promise<boolean>;
  /** The standing refusal of `remote` for this backend, if any. */
  current(backendId: number, remote: string): Promise<AuthRefusal | null>;
  /** Every standing refusal of these backends (all when omitted). */
  list(backendIds?: readonly number[]): Promise<AuthRefusal[]>;
  /** Forgets the refusal (the integrator says "try again", even with the same credentials). */
  clear(backendId: number, remote: string): Promise<void>;
}

const COLUMNS = `backend_id::int as "backendId", remote, code, message, since`;

export function createAuthRefusalStore(db: Queryable): AuthRefusalStore {
  return {
    async refused(backendId, remote, code, message) {
      // xmax = 0 only for a row this statement inserted: an update of a standing refusal is no news.
      const { rows } = await db.query<{ inserted: boolean }>(
        `insert into backend_auth_refusal (backend_id, remote, code, message) values ($1, $2, $3, $4)
         on conflict (backend_id, remote) do update set code = excluded.code, message = excluded.message
         returning (xmax = 0) as inserted`,
        [backendId, remote, code, message.slice(0, 1000)],
      );
      return rows[0]?.inserted === true;
    },
    async current(backendId, remote) {
      const { rows } = await db.query<AuthRefusal>(`select ${COLUMNS} from backend_auth_refusal where backend_id = $1 and remote = $2`, [backendId, remote]);
      return rows[0] ?? null;
    },
    async list(backendIds) {
      const { rows } = await db.query<AuthRefusal>(
        `select ${COLUMNS} from backend_auth_refusal where $1::int[] is null or backend_id = any($1::int[]) order by backend_id, remote`,
        [backendIds ? [...backendIds] : null],
      );
      return rows;
    },
    async clear(backendId, remote) {
      await db.query(`delete from backend_auth_refusal where backend_id = $1 and remote = $2`, [backendId, remote]);
    },
  };
}
