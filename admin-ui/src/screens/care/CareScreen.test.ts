import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { backend } from '@/test/fixtures';
import { loadBackends } from '@/session/current-backend';
import { loginWithApiToken, signOut } from '@/session/session';
import CareScreen from './CareScreen.vue';
import type { CareItem } from './care-api';

const item = (amazonOrderId: string, over: Partial<CareItem> = {}): CareItem => ({
  amazonOrderId, reason: 'cancel_request', state: 'open', code: null, detail: {}, erpOrderId: 41, erpActivityId: 7, erpUserId: 2,
  dueAt: '2099-01-02T10:00:00.000Z', doneAt: null, createdAt: '2026-12-03T10:00:00.000Z', updatedAt: '2026-12-03T10:00:00.000Z', ...over,
});
const list = {
  backendId: 1,
  counts: { open: 2, pending: 1, done: 4 },
  items: [item('028-1111111-1111111'), item('028-2222222-2222222', { reason: 'ship_late', dueAt: '2020-01-01T00:00:00.000Z', erpActivityId: 9 })],
};

async function signedIn(routes: Parameters<typeof mockFetch>[0] = {}) {
  const mock = mockFetch({
    'GET /api/backends': { body: [backend(1)] },
    'GET /api/backends/1/care/activities': { body: list },
    'GET /api/session': { body: { user: { name: 'Ida', roles: ['integrator'] } } },
    ...routes,
  });
  await loginWithApiToken('admin-token');
  await loadBackends();
  return mock;
}

describe('Customer care screen', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
    document.body.innerHTML = '';
  });

  it('lists the open care activities with why, when due (overdue shown) and the ERP activity; counts per state; asks the API for the open ones', async () => {
    const { calls } = await signedIn();
    const { wrapper } = await mountScreen(CareScreen, { path: '/care' });
    await vi.waitFor(() => expect(wrapper.findAll('tbody tr')).toHaveLength(2));
    const [cancel, late] = wrapper.findAll('tbody tr').map((r) => r.text());
    expect(cancel).toContain('028-1111111-1111111');
    expect(cancel).toContain('Buyer asks to cancel');
    expect(cancel).toContain('2099-01-02');
    expect(cancel).toContain('activity #7 on order #41');
    expect(late).toContain('Ship-by date near');
    expect(late).toContain('overdue (2020-01-01)');
    expect(wrapper.text()).toContain('2 open · 1 waiting · 4 done');
    const url = new URL(calls.find((r) => r.url.includes('/care/activities'))!.url);
    expect(url.searchParams.get('state')).toBe('open');
  });

  it('says why a waiting one has no ERP activity yet, and says so when nothing is open', async () => {
    await signedIn({ 'GET /api/backends/1/care/activities': { body: { backendId: 1, counts: {}, items: [item('028-3333333-3333333', { state: 'pending', code: 'CARE_ORDER_NOT_IMPORTED', erpActivityId: null, erpOrderId: null })] } } });
    const { wrapper } = await mountScreen(CareScreen, { path: '/care' });
    await vi.waitFor(() => expect(wrapper.findAll('tbody tr')).toHaveLength(1));
    expect(wrapper.find('tbody tr').text()).toContain('waiting: order not in the ERP yet');
  });

  it('shows an empty state when no buyer event waits', async () => {
    await signedIn({ 'GET /api/backends/1/care/activities': { body: { backendId: 1, counts: {}, items: [] } } });
    const { wrapper } = await mountScreen(CareScreen, { path: '/care' });
    await vi.waitFor(() => expect(wrapper.text()).toContain('No buyer event waits for a person.'));
  });
});
