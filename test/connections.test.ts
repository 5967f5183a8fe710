/**
 * The Connections screen's API over a real stack (PostgreSQL, both sandboxes over HTTP): "test connection" says
 * precisely what is wrong with a stable code per check, and "Connect with Amazon" (the website authorisation
 * workflow) goes from the consent URL through Seller Central's consent page to the callback, which keeps the code,
 * and the panel session that started it completes, storing the new refresh token; the orders API then works with
 * it. Forged, unknown, reused and expired states, and another session completing, are refused.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_APPLICATION } from '../sandbox/amazon/src/index.ts';
import type { AmazonAppConfig } from '../connector/src/config/panel.ts';
import { signSession } from '../connector/src/api/auth/session-token.ts';
import { startApi, type ApiHandle } from './support/api.ts';
import { startStack, type Stack } from './support/connector-stack.ts';

type Check = { check: string; ok: boolean; code?: string; message: string; hint: string };
type Result = { ok: boolean; checks: Check[] };

let stack: Stack;
let api: ApiHandle;
const app: AmazonAppConfig = { appId: DEMO_APPLICATION.applicationId, draft: false, redirectUri: null, sellerCentralUrl: null };

beforeAll(async () => {
  stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'connections' });
  api = await startApi(stack, { services: { amazonApp: app, checkTimeoutMs: 4000 }, panel: { sessionKey: SESSION_KEY } });
  app.redirectUri = `${api.url}/amazon/oauth/callback`;
  app.sellerCentralUrl = `http://127.0.0.1:${stack.amazon.port}`;
}, 120_000);
afterAll(async () => {
  await api?.close();
  await stack?.close();
});

const codes = (r: Result) => Object.fromEntries(r.checks.map((c) => [c.check, c.ok ? 'ok' : c.code]));

describe('test connection', () => {
  it('passes every check of a working backend', async () => {
    const r = await api.post<Result>(`/api/backends/${stack.backendId}/test-connection`, undefined);
    expect(r.status).toBe(200);
    expect(codes(r.body)).toEqual({ 'amazon.authorization': 'ok', 'amazon.marketplaces': 'ok', 'erp.server': 'ok', 'erp.database': 'ok', 'erp.login': 'ok', 'erp.modules': 'ok' });
    expect(r.body.ok).toBe(true);
  });

  it('says which side is wrong and why, with a code per check, and never echoes a secret', async () => {
    const creds = await stack.env.core.backends.credentials(stack.backendId);
    const b = await stack.env.core.backends.get(stack.backendId);
    const good = {
      amazon: { region: b.amazonRegion, sellerId: b.sellerId, marketplaceIds: b.marketplaceIds, ...creds.amazon },
      erp: { url: b.erpUrl, database: b.erpDb, apiKey: creds.erp.apiKey! },
    };
    const test = async (draft: unknown) => {
      const r = await api.post<Result>('/api/connections/test', draft);
      expect(r.status).toBe(200);
      return r;
    };
    // A revoked refresh token and a wrong database.
    const a = await test({ amazon: { ...good.amazon, refreshToken: 'Atzr|revoked-token' }, erp: { ...good.erp, database: 'nope_db' } });
    expect(codes(a.body)).toEqual({
      'amazon.authorization': 'LWA_REFRESH_TOKEN_INVALID', 'amazon.marketplaces': 'CHECK_SKIPPED',
      'erp.server': 'ok', 'erp.database': 'ERP_DATABASE_UNKNOWN', 'erp.login': 'CHECK_SKIPPED', 'erp.modules': 'CHECK_SKIPPED',
    });
    expect(a.text).not.toContain('Atzr|revoked-token');
    // A wrong client secret and a refused API key.
    const c = await test({ amazon: { ...good.amazon, lwaClientSecret: 'wrong-secret' }, erp: { ...good.erp, apiKey: 'not-a-key' } });
    expect(codes(c.body)).toMatchObject({ 'amazon.authorization': 'LWA_CLIENT_INVALID', 'erp.login': 'ERP_AUTH_FAILED', 'erp.modules': 'CHECK_SKIPPED' });
    expect(c.text).not.toContain('not-a-key');
    expect(c.text).not.toContain(creds.amazon.lwaClientSecret);
    // A marketplace the seller does not sell in, and an ERP nobody listens at.
    const d = await test({ amazon: { ...good.amazon, marketplaceIds: [...good.amazon.marketplaceIds, 'A1RKKUPIHCS9HS'] }, erp: { ...good.erp, url: 'http://127.0.0.1:9' } });
    expect(codes(d.body)).toMatchObject({ 'amazon.authorization': 'ok', 'amazon.marketplaces': 'MARKETPLACE_NOT_PARTICIPATING', 'erp.server': 'ERP_UNREACHABLE', 'erp.database': 'CHECK_SKIPPED' });
    expect(d.body.checks.find((x) => x.check === 'amazon.marketplaces')!.message).toContain('A1RKKUPIHCS9HS');
    // Marketplaces that are not Amazon's, or of another region, are said without a call.
    const e = await test({ amazon: { ...good.amazon, marketplaceIds: ['ATVPDKIKX0DER'] }, erp: good.erp });
    expect(codes(e.body)['amazon.marketplaces']).toBe('MARKETPLACE_NOT_IN_REGION');
    const f = await test({ amazon: { ...good.amazon, marketplaceIds: ['AZZZZZZZZZZZ'] }, erp: good.erp });
    expect(codes(f.body)['amazon.marketplaces']).toBe('MARKETPLACE_UNKNOWN');
    expect(f.body.checks.every((x) => x.ok || x.hint.length > 0)).toBe(true);
  });
});

describe('set-up report with one-click fixes', () => {
  it('offers the fix of what it can create itself, and applying it cures the problem', async () => {
    await api.patch(`/api/backends/${stack.backendId}`, { settings: { erpSetup: { createMissing: false } } });
    const company = await stack.erpClient.search('res.company', []);
    await stack.erpClient.write('res.company', company, { tax_calculation_rounding_method: 'round_globally' });
    type Report = { problems: Array<{ code: string }>; fixes: Array<{ id: string; codes: string[] }>; changed: Array<{ what: string }> };
    const report = await api.post<Report>(`/api/backends/${stack.backendId}/setup`, {});
    expect(report.status).toBe(200);
    expect(report.body.problems.map((p) => p.code)).toContain('ROUNDING_GLOBAL');
    expect(report.body.fixes.map((f) => f.id)).toEqual(['create-accounting']);
    const fixed = await api.post<Report>(`/api/backends/${stack.backendId}/setup/fixes/create-accounting`, undefined);
    expect(fixed.status).toBe(200);
    expect(fixed.body.changed.map((c) => c.what)).toContain('company tax rounding set to round per line');
    expect(fixed.body.problems.map((p) => p.code)).not.toContain('ROUNDING_GLOBAL');
    expect(fixed.body.fixes).toEqual([]);
    const [row] = await stack.erpClient.read('res.company', [company[0]!], ['tax_calculation_rounding_method']);
    expect(row!.tax_calculation_rounding_method).toBe('round_per_line');
  });
});

type Progress = { status: 'pending'; expiresAt: string } | { status: 'connected'; sellingPartnerId: string | null };
type Started = { url: string; stateRef: string; expiresAt: string };
const SESSION_KEY = new Uint8Array(32).fill(7);
/** A panel session of its own (a new sign-in: a new sid) for an integrator. */
const session = async (name = 'Ines Integrator') => (await signSession(SESSION_KEY, { name, roles: ['integrator'], subject: `erp:https://erp.test#${name}` }, Math.floor(Date.now() / 1000))).sessionToken;

/** Starts "Connect with Amazon" as `token` and follows it to Amazon's redirect: the callback URL the consent window would open. */
async function consentAs(sellerId: string, token?: string): Promise<{ started: Started; callback: string }> {
  const start = await api.post<Started>(`/api/backends/${stack.backendId}/amazon-authorization`, undefined, token ? { token } : {});
  expect(start.status, start.text).toBe(200);
  const consent = new URL(start.body.url);
  expect(consent.searchParams.get('application_id')).toBe(DEMO_APPLICATION.applicationId);
  expect(consent.searchParams.get('redirect_uri')).toBe(app.redirectUri);
  const page = await fetch(consent);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(DEMO_APPLICATION.name);
  const form = new URLSearchParams({ application_id: consent.searchParams.get('application_id')!, state: consent.searchParams.get('state')!, redirect_uri: app.redirectUri!, selling_partner_id: sellerId });
  const confirm = await fetch(new URL('/apps/authorize/confirm', consent), { method: 'POST', body: form, redirect: 'manual' });
  expect(confirm.status).toBe(302);
  return { started: start.body, callback: confirm.headers.get('location')! };
}
const complete = (s: Started, token?: string) =>
  api.post<Progress & { code?: string }>(`/api/backends/${stack.backendId}/amazon-authorization/${s.stateRef}/complete`, undefined, token ? { token } : {});
const pageCode = async (r: Response) => [r.status, (await r.text()).match(/id="code">(\w+)/)?.[1]];

describe('Connect with Amazon (website authorisation workflow)', () => {
  it('consent page -> callback keeps the code -> the same panel session completes: refresh token stored sealed; replays refused', async () => {
    const token = await session();
    const before = (await stack.env.core.backends.credentials(stack.backendId)).amazon.refreshToken;
    const { started, callback } = await consentAs(stack.sellerId, token);
    // Before Amazon's redirect: pending.
    expect((await complete(started, token)).body).toMatchObject({ status: 'pending' });
    expect(callback.startsWith(app.redirectUri!)).toBe(true);
    const code = new URL(callback).searchParams.get('spapi_oauth_code')!;
    const done = await fetch(callback);
    expect(done.status).toBe(200);
    const text = await done.text();
    expect(text).toContain('Return to the panel');
    expect(text).not.toContain(code);
    // The redirect exchanged nothing: the code waits sealed (not in clear) for the session.
    expect((await stack.env.core.backends.credentials(stack.backendId)).amazon.refreshToken).toBe(before);
    const { rows: kept } = await stack.env.db.pool.query<{ code_sealed: Buffer }>('select code_sealed from amazon_authorization_state where state_ref = $1', [started.stateRef]);
    expect(kept[0]!.code_sealed.toString('latin1')).not.toContain(code);
    // The admin token (another session) cannot complete it; the session that started it can.
    const foreign = await complete(started);
    expect([foreign.status, foreign.body.code]).toEqual([403, 'AUTHORIZATION_SESSION_MISMATCH']);
    const ok = await complete(started, token);
    expect([ok.status, ok.body]).toEqual([200, { status: 'connected', sellingPartnerId: stack.sellerId }]);
    const after = (await stack.env.core.backends.credentials(stack.backendId)).amazon.refreshToken;
    expect(after).not.toBe(before);
    expect(after).toMatch(/^Atzr\|/);
    const { rows: wiped } = await stack.env.db.pool.query('select code_sealed, outcome from amazon_authorization_state where state_ref = $1', [started.stateRef]);
    expect(wiped).toEqual([{ code_sealed: null, outcome: 'authorized' }]);
    const rt = await stack.env.runtimes.get(stack.backendId);
    const orders = await rt.amazon.orders.searchOrders({ createdAfter: new Date(Date.now() - 3600_000).toISOString(), marketplaceIds: rt.backend.marketplaceIds, maxResultsPerPage: 1 });
    expect(orders).toBeTruthy();
    const audit = await stack.env.db.pool.query(`select actor, after from audit_log where action = 'backend.amazon-authorized' and backend_id = $1`, [stack.backendId]);
    expect(audit.rows).toEqual([{ actor: 'Ines Integrator', after: { sellingPartnerId: stack.sellerId, via: 'website authorisation workflow' } }]);
    // The same redirect again (a reload, a replay), and a second completion: refused, nothing changes.
    expect(await pageCode(await fetch(callback))).toEqual([409, 'AUTHORIZATION_STATE_USED']);
    const twice = await complete(started, token);
    expect([twice.status, twice.body.code]).toEqual([409, 'AUTHORIZATION_STATE_USED']);
    expect((await stack.env.core.backends.credentials(stack.backendId)).amazon.refreshToken).toBe(after);
  });

  it('binds the state to the session: another sign-in of the same user is refused, a refreshed session is not', async () => {
    const token = await session('Rita');
    const { started, callback } = await consentAs(stack.sellerId, token);
    expect((await fetch(callback)).status).toBe(200);
    const other = await complete(started, await session('Rita'));
    expect([other.status, other.body.code]).toEqual([403, 'AUTHORIZATION_SESSION_MISMATCH']);
    const refreshed = await api.post<{ sessionToken: string }>('/api/session/refresh', undefined, { token });
    expect(refreshed.status).toBe(200);
    expect((await complete(started, refreshed.body.sessionToken)).body).toMatchObject({ status: 'connected' });
  });

  it('refuses a forged state, an unknown reference, an expired one, and another seller than the backend', async () => {
    const token = await session();
    const forged = new URL((await consentAs(stack.sellerId, token)).callback);
    forged.searchParams.set('state', 'forged-state-value');
    expect(await pageCode(await fetch(forged))).toEqual([400, 'AUTHORIZATION_STATE_INVALID']);
    const unknown = await complete({ url: '', stateRef: 'no-such-reference', expiresAt: '' }, token);
    expect([unknown.status, unknown.body.code]).toEqual([400, 'AUTHORIZATION_STATE_INVALID']);
    // Expired before the redirect, and a code received but not completed in time.
    const late = await consentAs(stack.sellerId, token);
    await stack.env.db.pool.query(`update amazon_authorization_state set expires_at = now() - interval '1 second' where state_ref = $1`, [late.started.stateRef]);
    expect(await pageCode(await fetch(late.callback))).toEqual([400, 'AUTHORIZATION_STATE_EXPIRED']);
    const slow = await consentAs(stack.sellerId, token);
    expect((await fetch(slow.callback)).status).toBe(200);
    const { rows } = await stack.env.db.pool.query<{ ttl: number }>(`select extract(epoch from expires_at - received_at)::int as ttl from amazon_authorization_state where state_ref = $1`, [slow.started.stateRef]);
    expect(rows[0]!.ttl).toBeLessThanOrEqual(300);
    await stack.env.db.pool.query(`update amazon_authorization_state set expires_at = now() - interval '1 second' where state_ref = $1`, [slow.started.stateRef]);
    const s = await complete(slow.started, token);
    expect([s.status, s.body.code]).toEqual([400, 'AUTHORIZATION_STATE_EXPIRED']);
    // Another seller consented: the redirect is kept, the completion refuses it.
    const other = stack.amazon.sellers.find((x) => x.sellerId !== stack.sellerId)!;
    const o = await consentAs(other.sellerId, token);
    expect((await fetch(o.callback)).status).toBe(200);
    const m = await complete(o.started, token);
    expect([m.status, m.body.code]).toEqual([409, 'AUTHORIZATION_SELLER_MISMATCH']);
  });
});

describe('editing a connection', () => {
  type View = { erp: { database: string; version: string | null }; amazon: { sellerId: string }; secrets: Record<string, string | null> };
  it('a new ERP database is the one the next test-connection uses; secrets are never answered nor audited', async () => {
    const id = stack.backendId;
    const b = await stack.env.core.backends.get(id);
    const view = await api.get<View>(`/api/backends/${id}`);
    expect(view.body.secrets).toMatchObject({ amazonClientSecret: 'set', amazonRefreshToken: 'set', erpApiKey: 'set', erpPassword: 'not_set' });
    // The list says the same, from the states kept beside the backend (a backend stored before them is filled once).
    type Listed = Array<{ id: number; secrets: View['secrets'] }>;
    await stack.env.db.pool.query('update backend set secret_states = null where id = $1', [id]);
    expect((await api.get<Listed>('/api/backends')).body.find((x) => x.id === id)?.secrets).toMatchObject({ amazonRefreshToken: 'set', erpPassword: 'not_set' });
    const { rows: filled } = await stack.env.db.pool.query('select secret_states from backend where id = $1', [id]);
    expect(filled[0].secret_states).toMatchObject({ erpApiKey: 'set', erpPassword: 'not_set' });
    const moved = await api.patch<View>(`/api/backends/${id}/connection`, { erp: { database: 'nope_db', password: 'pw-never-echoed' } });
    expect(moved.status).toBe(200);
    expect(moved.body.erp).toMatchObject({ database: 'nope_db', version: null });
    expect(moved.body.secrets.erpPassword).toBe('set');
    expect((await api.get<Listed>('/api/backends')).body.find((x) => x.id === id)?.secrets.erpPassword).toBe('set');
    expect(moved.text).not.toContain('pw-never-echoed');
    const failing = await api.post<Result>(`/api/backends/${id}/test-connection`, undefined);
    expect(codes(failing.body)['erp.database']).toBe('ERP_DATABASE_UNKNOWN');
    // Another database: the set-up is queued again.
    const setups = await stack.env.db.pool.query(`select 1 from graphile_worker.jobs where key = $1`, [`setup:${id}`]);
    expect(setups.rowCount).toBe(1);
    // Back to the real database, the password removed: the stored API key (not sent again) still works.
    const back = await api.patch<View>(`/api/backends/${id}/connection`, { erp: { database: b.erpDb, password: null } });
    expect(back.body.secrets).toMatchObject({ erpApiKey: 'set', erpPassword: 'not_set' });
    expect((await api.get<Listed>('/api/backends')).body.find((x) => x.id === id)?.secrets).toMatchObject({ erpApiKey: 'set', erpPassword: 'not_set' });
    const passing = await api.post<Result>(`/api/backends/${id}/test-connection`, undefined);
    expect(codes(passing.body)).toMatchObject({ 'erp.database': 'ok', 'erp.login': 'ok' });
    const audit = await api.get<{ items: Array<{ action: string; after: Record<string, unknown> }> }>(`/api/audit-log?backendId=${id}`);
    expect(audit.text).not.toContain('pw-never-echoed');
    expect(audit.body.items.find((e) => e.action === 'backend.update' && e.after.erpDb === 'nope_db')?.after).toMatchObject({ credentials: 'replaced' });
  });

  it('refuses a change that leaves the ERP without credentials, with a stable code', async () => {
    const r = await api.patch<{ code: string }>(`/api/backends/${stack.backendId}/connection`, { erp: { apiKey: null } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('BACKEND_INVALID');
  });
});
