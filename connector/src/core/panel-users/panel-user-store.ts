/**
 * The admin panel's local accounts (standalone use, outside an ERP): a login, a display name, one role, and an
 * argon2id hash of the password (@node-rs/argon2, its defaults: m=19 MiB, t=2, p=1, OWASP's minimum). Logins are
 * case-insensitive (stored lower case). Verifying an unknown login still runs one argon2 verification, against a
 * hash made at start, so the answer takes as long whether the login exists or not.
 */
import { hash, verify } from '@node-rs/argon2';
import { PermanentError } from '../errors.ts';
import { isUniqueViolation, type Queryable } from '../sql.ts';

export const PANEL_ROLES = ['integrator', 'accountant', 'viewer'] as const;
export type PanelRole = (typeof PANEL_ROLES)[number];

export interface PanelUser {
  login: string;
  name: string;
  role: PanelRole;
}

const LOGIN = /^[a-z0-9][a-z0-9._@-]{0,63}$/;
export const MIN_PASSWORD_LENGTH = 12;

export const isPanelRole = (s: unknown): s is PanelRole => typeof s === 'string' && (PANEL_ROLES as readonly string[]).includes(s);

/** The panel's local accounts over `db`. */
export function createPanelUserStore(db: Queryable) {
  // The hash an unknown login is verified against (same parameters as the real ones, so the same time).
  const decoy = hash('the password of no account');
  return {
    /** Creates the account, or replaces its name, role and password when the login exists already. */
    async put(input: { login: string; name?: string; role: string; password: string }): Promise<{ user: PanelUser; created: boolean }> {
      const login = input.login.trim().toLowerCase();
      const problems: string[] = [];
      if (!LOGIN.test(login)) problems.push('login: 1-64 characters of a-z, 0-9, . _ @ -, starting with a letter or digit');
      if (!isPanelRole(input.role)) problems.push(`role: one of ${PANEL_ROLES.join(', ')}`);
      if (input.password.length < MIN_PASSWORD_LENGTH) problems.push(`password: at least ${MIN_PASSWORD_LENGTH} characters`);
      if (input.password.length > 1024) problems.push('password: at most 1024 characters');
      if (problems.length) throw new PermanentError('CONFIG_INVALID', `the panel user is refused: ${problems.join('; ')}`, { problems });
      const name = input.name?.trim() || login;
      const passwordHash = await hash(input.password);
      try {
        const { rows } = await db.query<{ created: boolean }>(
          `insert into panel_user (login, name, role, password_hash) values ($1, $2, $3, $4)
           on conflict (login) do update set name = excluded.name, role = excluded.role, password_hash = excluded.password_hash, updated_at = now()
           returning (xmax = 0) as created`,
          [login, name, input.role, passwordHash],
        );
        return { user: { login, name, role: input.role as PanelRole }, created: rows[0]!.created };
      } catch (e) {
        if (isUniqueViolation(e)) throw new PermanentError('CONFIG_INVALID', `the login ${login} was taken meanwhile; try again`);
        throw e;
      }
    },
    /** Deletes the account; false when there was none. */
    async remove(login: string): Promise<boolean> {
      const { rowCount } = await db.query(`delete from panel_user where login = $1`, [login.trim().toLowerCase()]);
      return (rowCount ?? 0) > 0;
    },
    async list(): Promise<PanelUser[]> {
      const { rows } = await db.query<PanelUser>(`select login, name, role from panel_user order by login`);
      return rows;
    },
    /** The account as it is now (a session's refresh re-reads it), or null once removed. */
    async find(login: string): Promise<PanelUser | null> {
      const { rows } = await db.query<PanelUser>(`select login, name, role from panel_user where login = $1`, [login.trim().toLowerCase()]);
      return rows[0] ?? null;
    },
    /** The account when the password is its own, else null (an unknown login costs the same verification). */
    async verify(login: string, password: string): Promise<PanelUser | null> {
      const { rows } = await db.query<PanelUser & { password_hash: string }>(
        `select login, name, role, password_hash from panel_user where login = $1`,
        [login.trim().toLowerCase()],
      );
      const row = rows[0];
      const ok = await verify(row?.password_hash ?? (await decoy), password).catch(() => false);
      return row && ok ? { login: row.login, name: row.name, role: row.role } : null;
    },
  };
}

export type PanelUserStore = ReturnType<typeof createPanelUserStore>;
