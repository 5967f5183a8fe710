/**
 * The users of the sandbox's web login (the host page of the embedded panel): seeded on every start (a database
 * seeded before keeps its records and gains them), with Odoo-like group xml ids from which the panel role follows
 * exactly as in the Odoo addon (erp-addon/amazon_connector_panel/panel_jwt.py). A table of the sandbox's own, not
 * res.users: the emulated Odoo's records (ids, counts) stay as the recordings expect.
 */
import type { Pool, PoolClient } from 'pg';

export type PanelRole = 'integrator' | 'accountant' | 'viewer';

export interface HostUser {
  id: number;
  login: string;
  name: string;
  groups: string[];
}

/** Login = password (a sandbox); `admin` is the emulated Odoo's Administrator (uid 2), a Settings admin. */
export const HOST_USERS: ReadonlyArray<HostUser & { password: string }> = [
  { id: 2, login: 'admin', password: 'admin', name: 'Administrator', groups: ['base.group_user', 'base.group_system'] },
  { id: 101, login: 'integrator', password: 'integrator', name: 'Ines Integrator', groups: ['base.group_user', 'amazon_connector_panel.group_amazon_integrator'] },
  { id: 102, login: 'accountant', password: 'accountant', name: 'Arne Accountant', groups: ['base.group_user', 'account.group_account_manager'] },
  { id: 103, login: 'viewer', password: 'viewer', name: 'Vera Viewer', groups: ['base.group_user'] },
];

const INTEGRATOR_GROUPS = ['amazon_connector_panel.group_amazon_integrator', 'base.group_system'];
const ACCOUNTANT_GROUPS = ['amazon_connector_panel.group_amazon_accountant', 'account.group_account_manager'];

/** The addon's rule: integrator, else accountant, else viewer. */
export function roleOf(groups: readonly string[]): PanelRole {
  if (groups.some((g) => INTEGRATOR_GROUPS.includes(g))) return 'integrator';
  if (groups.some((g) => ACCOUNTANT_GROUPS.includes(g))) return 'accountant';
  return 'viewer';
}

/** Creates the table when missing and adds the seed users it lacks (inside the start's transaction). */
export async function ensureHostUsers(client: PoolClient): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS sandbox_web_user (id int PRIMARY KEY, login text UNIQUE NOT NULL,
    password text NOT NULL, name text NOT NULL, groups text[] NOT NULL)`);
  for (const u of HOST_USERS) {
    await client.query('INSERT INTO sandbox_web_user (id, login, password, name, groups) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
      [u.id, u.login, u.password, u.name, u.groups]);
  }
}

/** The user whose login and password match, or null. */
export async function checkLogin(pool: Pool, login: string, password: string): Promise<HostUser | null> {
  const r = await pool.query('SELECT id, login, name, groups FROM sandbox_web_user WHERE login = $1 AND password = $2', [login, password]);
  return (r.rows[0] as HostUser | undefined) ?? null;
}

/** The user of a session, or null (deleted since). */
export async function hostUser(pool: Pool, id: number): Promise<HostUser | null> {
  const r = await pool.query('SELECT id, login, name, groups FROM sandbox_web_user WHERE id = $1', [id]);
  return (r.rows[0] as HostUser | undefined) ?? null;
}
