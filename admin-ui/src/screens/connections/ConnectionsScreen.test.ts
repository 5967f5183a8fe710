import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { mockFetch } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { backend } from '@/test/fixtures';
import { loadBackends } from '@/session/current-backend';
import { loginWithApiToken, signOut } from '@/session/session';
import ConnectionsScreen from './ConnectionsScreen.vue';

const checks = {
  ok: false,
  checks: [
    { check: 'amazon.authorization', ok: false, code: 'LWA_REFRESH_TOKEN_INVALID', message: 'Login with Amazon refused the refresh token', hint: 'authorise again' },
    { check: 'amazon.marketplaces', ok: false, code: 'CHECK_SKIPPED', message: 'not checked', hint: 'fix amazon.authorization first' },
    { check: 'erp.server', ok: true, message: 'Odoo 19.0 answers', hint: '' },
    { check: 'erp.database', ok: false, code: 'ERP_DATABASE_UNKNOWN', message: 'the ERP has no database "x"', hint: 'check the database name' },
  ],
};
const report = (fixes: boolean) => ({
  ok: !fixes, created: [{ what: 'sales team Amazon', erpModel: 'crm.team', erpId: 4 }], found: [], changed: [],
  problems: fixes ? [{ code: 'ROUNDING_GLOBAL', message: 'The company rounds taxes globally' }] : [],
  retried: { count: 0, byCode: {} },
  fixes: fixes ? [{ id: 'create-accounting', title: 'Create the missing accounting configuration', description: 'sets per-line rounding', codes: ['ROUNDING_GLOBAL'] }] : [],
});
const base = {
  'GET /api/backends': { body: [{ ...backend(1), secrets: { amazonClientSecret: 'set', amazonRefreshToken: 'not_set', erpApiKey: 'set', erpPassword: 'not_set', erpLogin: null } }] },
  'GET /api/session': { body: { user: { name: 'Ida', roles: ['integrator'] } } },
};

async function open(routes: Parameters<typeof mockFetch>[0]) {
  const mock = mockFetch({ ...base, ...routes });
  await loginWithApiToken('admin-token');
  await loadBackends();
  const mounted = await mountScreen(ConnectionsScreen, { path: '/connections' });
  await vi.waitFor(() => expect(mounted.wrapper.find('[aria-busy="false"]').exists()).toBe(true));
  return { ...mock, ...mounted };
}
const button = (w: Awaited<ReturnType<typeof open>>['wrapper'], action: string) => w.find(`[data-action="${action}"]`);

describe('Connections screen', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
    document.body.innerHTML = '';
  });

  it("tests a backend's connection and shows each check with its code and what to do", async () => {
    const { wrapper, calls } = await open({ 'POST /api/backends/1/test-connection': { body: checks } });
    expect(wrapper.text()).toContain('Shop 1');
    // The list says which secrets are stored, never a value.
    expect(wrapper.find('tbody tr').text()).toContain('refresh token not set');
    expect(wrapper.find('tbody tr').text()).toContain('LWA secret set');
    await wrapper.find('tbody tr').trigger('click');
    await button(wrapper, 'test').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-check="erp.database"]').exists()).toBe(true));
    expect(wrapper.find('[data-check="amazon.authorization"]').text()).toContain('LWA_REFRESH_TOKEN_INVALID');
    expect(wrapper.find('[data-check="erp.database"]').text()).toContain('check the database name');
    expect(wrapper.find('[data-check="erp.server"]').text()).toContain('OK');
    expect(calls.some((r) => r.method === 'POST' && r.url.endsWith('/api/backends/1/test-connection'))).toBe(true);
  });

  it('"Connect with Amazon" opens the consent window, waits, and completes with its session', async () => {
    const win = { opener: {} as unknown, location: { href: 'about:blank' }, close: vi.fn() };
    const opened = vi.fn(() => win);
    vi.stubGlobal('open', opened);
    const url = 'https://sellercentral-europe.amazon.com/apps/authorize/consent?application_id=a&state=s';
    let polls = 0;
    const { wrapper, calls } = await open({
      'POST /api/backends/1/amazon-authorization': { body: { url, stateRef: 'ref1', expiresAt: '2026-12-06T10:15:00.000Z' } },
      'POST /api/backends/1/amazon-authorization/ref1/complete': () =>
        ++polls < 2 ? { body: { status: 'pending', expiresAt: '2026-12-06T10:15:00.000Z' } } : { body: { status: 'connected', sellingPartnerId: 'A2SELLER' } },
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await wrapper.find('tbody tr').trigger('click');
      await button(wrapper, 'connect').trigger('click');
      expect(opened).toHaveBeenCalledWith('about:blank', '_blank');
      await flushPromises();
      expect(win.location.href).toBe(url);
      expect(win.opener).toBeNull();
      expect(wrapper.find('[data-consent="waiting"]').exists()).toBe(true);
      await vi.advanceTimersByTimeAsync(2000);
      await flushPromises();
      expect(wrapper.find('[data-consent="waiting"]').exists()).toBe(true);
      await vi.advanceTimersByTimeAsync(2000);
      await flushPromises();
      expect(wrapper.find('[data-consent="connected"]').text()).toContain('A2SELLER');
      expect(calls.filter((r) => r.url.endsWith('/ref1/complete')).length).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('"Connect with Amazon" says why the completion was refused and stops waiting', async () => {
    vi.stubGlobal('open', vi.fn(() => ({ opener: null, location: { href: '' }, close: vi.fn() })));
    const { wrapper } = await open({
      'POST /api/backends/1/amazon-authorization': { body: { url: 'https://x.test/consent', stateRef: 'ref2', expiresAt: '2026-12-06T10:15:00.000Z' } },
      'POST /api/backends/1/amazon-authorization/ref2/complete': { status: 403, body: { code: 'AUTHORIZATION_SESSION_MISMATCH', message: 'this authorisation was started by another session' } },
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await wrapper.find('tbody tr').trigger('click');
      await button(wrapper, 'connect').trigger('click');
      await flushPromises();
      await vi.advanceTimersByTimeAsync(2000);
      await flushPromises();
      expect(wrapper.text()).toContain('AUTHORIZATION_SESSION_MISMATCH');
      expect(wrapper.find('[data-consent="waiting"]').exists()).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('tests a new connection before saving, creates it, shows the set-up report and applies its fix in one click', async () => {
    let created = false;
    const { wrapper, calls } = await open({
      'GET /api/backends': () => ({ body: created ? [backend(1), backend(2)] : [backend(1)] }),
      'POST /api/connections/test': { body: checks },
      'POST /api/backends': () => {
        created = true;
        return { status: 201, body: backend(2) };
      },
      'POST /api/backends/2/setup': { body: report(true) },
      'POST /api/backends/2/setup/fixes/create-accounting': { body: report(false) },
    });
    await button(wrapper, 'new').trigger('click');
    await flushPromises();
    const type = async (name: string, v: string) => wrapper.find(`input[name="${name}"]`).setValue(v);
    await type('name', 'Shop 2');
    await type('sellerId', 'S2');
    await type('lwaClientId', 'client');
    await type('lwaClientSecret', 'secret');
    await type('erpUrl', 'https://erp.example');
    await type('database', 'prod');
    await type('apiKey', 'key');
    await button(wrapper, 'test').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-check="erp.database"]').exists()).toBe(true));
    const tested = await calls.find((r) => r.url.endsWith('/api/connections/test'))!.clone().json();
    expect(tested.amazon).toEqual({ region: 'eu', sellerId: 'S2', marketplaceIds: [], lwaClientId: 'client', lwaClientSecret: 'secret' });
    expect(tested.erp).toEqual({ url: 'https://erp.example', database: 'prod', apiKey: 'key' });
    await wrapper.find('form').trigger('submit');
    await vi.waitFor(() => expect(wrapper.find('[data-fix="create-accounting"]').exists()).toBe(true));
    expect(wrapper.text()).toContain('ROUNDING_GLOBAL');
    await wrapper.find('[data-fix="create-accounting"] button').trigger('click');
    await vi.waitFor(() => expect(wrapper.find('[data-fix="create-accounting"]').exists()).toBe(false));
    expect(wrapper.text()).toContain('Set-up complete');
    expect(calls.filter((r) => r.method === 'POST').map((r) => new URL(r.url).pathname)).toEqual([
      '/api/connections/test', '/api/backends', '/api/backends/2/setup', '/api/backends/2/setup/fixes/create-accounting',
    ]);
  });
});
