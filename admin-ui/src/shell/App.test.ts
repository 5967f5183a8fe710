import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { mockFetch } from '@/test/fetch-mock';
import { backend, overview, atRisk } from '@/test/fixtures';
import { makeTestRouter } from '@/router';
import { signOut } from '@/session/session';
import { screens } from '@/screens';
import App from '@/App.vue';

vi.mock('vue-chartjs', () => import('@/test/chart-double'));

async function mountApp() {
  const router = makeTestRouter();
  await router.push('/');
  const wrapper = mount(App, { global: { plugins: [router] }, attachTo: document.body });
  await flushPromises();
  return { wrapper, router };
}

describe('App shell', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
    document.body.innerHTML = '';
  });

  it('standalone without a session: the login screen, with "Use an API token"', async () => {
    mockFetch({ 'GET /api/session/config': { body: { erpOrigins: [], localLogin: true } } });
    const { wrapper } = await mountApp();
    await vi.waitFor(() => expect(wrapper.text()).toContain('Sign in'));
    expect(wrapper.text()).toContain('Use an API token');
  });

  it('signed in with a token: top bar, navigation from the registry, skip link, and the first screen titled', async () => {
    mockFetch({
      'GET /api/session/config': { body: { erpOrigins: [], localLogin: false } },
      'GET /api/session': { body: { user: { name: 'admin', roles: ['admin'] } } },
      'GET /api/backends': { body: [backend(1), backend(2)] },
      'GET /api/backends/1': { body: backend(1) },
      'GET /api/backends/1/overview': { body: overview() },
      'GET /api/backends/1/shipments/at-risk': { body: atRisk },
    });
    const { wrapper } = await mountApp();
    await vi.waitFor(() => expect(wrapper.text()).toContain('Use token'));
    await wrapper.find('input[name="api-token"]').setValue('admin-token');
    await wrapper.find('form').trigger('submit');
    await vi.waitFor(() => expect(wrapper.text()).toContain('Orders imported today'));
    expect(wrapper.find('a.skip-link').attributes('href')).toBe('#main');
    expect(wrapper.findAll('nav[aria-label="Screens"] a').map((a) => a.text())).toEqual(screens.map((s) => s.title));
    expect(wrapper.text()).toContain('Shop 1 (#1)');
    expect(wrapper.text()).toContain('admin');
    expect(document.title).toBe('Overview · Amazon connector');
  });

  it('signed in but no backend yet: the screen says so instead of failing', async () => {
    mockFetch({ 'GET /api/session/config': { body: { erpOrigins: [], localLogin: false } }, 'GET /api/session': { body: { user: { name: 'admin', roles: ['admin'] } } }, 'GET /api/backends': { body: [] } });
    const { wrapper } = await mountApp();
    await vi.waitFor(() => expect(wrapper.text()).toContain('Use token'));
    await wrapper.find('input[name="api-token"]').setValue('t');
    await wrapper.find('form').trigger('submit');
    await vi.waitFor(() => expect(wrapper.text()).toContain('No backend yet'));
  });
});
