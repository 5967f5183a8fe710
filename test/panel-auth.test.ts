/**
 * The panel's sign-in against the real PostgreSQL: an ERP token exchanged with one API process is refused by
 * another (its jti claimed in the database), a local account made with the command line signs in with its
 * password and not with another, and both sign-ins are in the audit log under the user's name. The login throttle's
 * counts are shared too: failures on one process count on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../connector/src/api/server.ts';
import { panelApi, erpToken } from '../connector/src/app/testing/panel-api.ts';
import { createAuditLog, recordAudit } from '../connector/src/core/audit/index.ts';
import { createLoginFailures, createPanelUserStore, createTokenUses } from '../connector/src/core/panel-users/index.ts';
import { openTestDatabase } from '../connector/src/db/testing.ts';
import { userCommand } from '../connector/src/cli/user.command.ts';
import type { ApiDeps } from '../connector/src/api/deps.ts';

let db: Awaited<ReturnType<typeof openTestDatabase>>;
let one: Api;
let two: Api;

beforeAll(async () => {
  db = await openTestDatabase('panel-auth');
  const users = createPanelUserStore(db.pool);
  const uses = createTokenUses(db.pool);
  const panelAuth: ApiDeps['panelAuth'] = {
    verifyLogin: (l, p) => users.verify(l, p),
    localAccount: (l) => users.find(l),
    claimTokenId: (jti, at) => uses.claim(jti, at),
    audit: (e) => recordAudit(db.pool, { ...e, backendId: null }),
    loginFailures: createLoginFailures(db.pool),
  };
  // Two API processes over one database, as two replicas behind a load balancer.
  [one, two] = await Promise.all([panelApi({ services: { panelAuth } }), panelApi({ services: { panelAuth } })]);
});
afterAll(async () => {
  await Promise.all([one?.close(), two?.close()]);
  await db?.drop();
});

const exchange = (app: Api, token: string) => app.inject({ method: 'POST', url: '/api/session/exchange', payload: { token } });

describe('panel sign-in over PostgreSQL', () => {
  it('refuses an ERP token replayed on another API process, and two processes racing with one token let one through', async () => {
    const token = await erpToken({ name: 'Anna Berg', role: 'integrator' });
    expect((await exchange(one, token)).statusCode).toBe(200);
    const replay = await exchange(two, token);
    expect([replay.statusCode, replay.json().code]).toEqual([401, 'ERP_TOKEN_REPLAYED']);
    const raced = await erpToken();
    const answers = await Promise.all([exchange(one, raced), exchange(two, raced)]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 401]);
  });

  it('signs a local account made with the command line in with its password only, and audits who signed in', async () => {
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: () => {}, tty: null, now: () => new Date(), readSecretLine: async () => 'correct horse battery' };
    await userCommand({ db }, { action: 'add', login: 'Eva', role: 'accountant', name: 'Eva Lind', json: false }, io);
    expect(out).toEqual(['added eva (accountant, Eva Lind)']);
    const login = (password: string) => two.inject({ method: 'POST', url: '/api/session/login', payload: { login: 'EVA', password } });
    const ok = await login('correct horse battery');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user).toEqual({ name: 'Eva Lind', roles: ['accountant'] });
    expect((await login('wrong horse battery')).json().code).toBe('LOGIN_FAILED');
    const audit = await createAuditLog(db.pool).list({ limit: 10 });
    expect(audit.map((e) => `${e.actor} ${e.action} ${e.target}`)).toEqual(
      expect.arrayContaining(['Eva Lind session.login panel-user:eva', 'cli panel_user.add panel-user:eva', 'Anna Berg session.exchange erp-user:42']),
    );
    expect(JSON.stringify(audit)).not.toContain('horse');
    // The session refreshes while the account exists (a new role counts at once), and ends once it is removed.
    const refresh = () => one.inject({ method: 'POST', url: '/api/session/refresh', headers: { authorization: `Bearer ${ok.json().sessionToken}` } });
    await createPanelUserStore(db.pool).put({ login: 'eva', name: 'Eva Lind', role: 'viewer', password: 'correct horse battery' });
    const refreshed = await refresh();
    expect([refreshed.statusCode, refreshed.json().user]).toEqual([200, { name: 'Eva Lind', roles: ['viewer'] }]);
    await userCommand({ db }, { action: 'remove', login: 'eva', role: null, name: null, json: false }, io);
    expect((await login('correct horse battery')).json().code).toBe('LOGIN_FAILED');
    const ended = await refresh();
    expect([ended.statusCode, ended.json().code]).toEqual([401, 'SESSION_INVALID']);
    const { rows } = await db.pool.query(`select password_hash from panel_user`);
    expect(rows).toEqual([]);
  });

  it('refuses weak passwords and unknown roles when adding an account', async () => {
    const users = createPanelUserStore(db.pool);
    await expect(users.put({ login: 'x', role: 'viewer', password: 'short' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(users.put({ login: 'x', role: 'admin', password: 'long enough password' })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    const { user } = await users.put({ login: 'x', role: 'viewer', password: 'long enough password' });
    const { rows } = await db.pool.query<{ password_hash: string }>(`select password_hash from panel_user where login = 'x'`);
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/);
    expect(user).toEqual({ login: 'x', name: 'x', role: 'viewer' });
  });

  it('throttles failed sign-ins across API processes: one budget, nothing lost under concurrency, forgotten after the window', async () => {
    const login = (app: Api, l: string, password = 'wrong-password-123') => app.inject({ method: 'POST', url: '/api/session/login', payload: { login: l, password } });
    const codes = async (app: Api, l: string, n: number) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push((await login(app, l)).json().code);
      return out;
    };
    // 3 failures on one process and 2 on the other make the 5 a login may have: the sixth is refused on both.
    expect([...(await codes(one, 'mallory', 3)), ...(await codes(two, 'mallory', 2))]).toEqual(Array(5).fill('LOGIN_FAILED'));
    for (const app of [one, two]) {
      const refused = await login(app, 'mallory');
      expect([refused.statusCode, refused.json().code]).toEqual([429, 'LOGIN_THROTTLED']);
      expect(refused.json().details.retryAfterSeconds).toBeGreaterThan(14 * 60);
    }
    // Another login from the same address still has its own budget (the address's is 30).
    expect((await login(two, 'mallory2')).json().code).toBe('LOGIN_FAILED');

    // Failures racing on both processes are all counted (one upsert a failure, no lost update).
    const race = await Promise.all([...Array(8).keys()].map((i) => login(i % 2 ? one : two, 'racer')));
    const failed = race.filter((r) => r.json().code === 'LOGIN_FAILED').length;
    const { rows } = await db.pool.query<{ failures: number }>(`select failures from panel_login_failure where key = $1`, ['l:127.0.0.1|racer']);
    expect(rows[0]!.failures).toBe(failed);
    expect(race.every((r) => ['LOGIN_FAILED', 'LOGIN_THROTTLED'].includes(r.json().code))).toBe(true);

    // Once the window has passed (moved back here, not waited for), the login may try again and starts a new count.
    await db.pool.query(`update panel_login_failure set window_until = now() - interval '1 second' where key = $1`, ['l:127.0.0.1|mallory']);
    expect((await login(one, 'mallory')).json().code).toBe('LOGIN_FAILED');
    const fresh = await db.pool.query<{ failures: number }>(`select failures from panel_login_failure where key = $1`, ['l:127.0.0.1|mallory']);
    expect(fresh.rows[0]!.failures).toBe(1);
  });
});
