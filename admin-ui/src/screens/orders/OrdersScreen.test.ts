import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { mockFetch } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { backend } from '@/test/fixtures';
import { loadBackends } from '@/session/current-backend';
import { loginWithApiToken, signOut } from '@/session/session';
import OrdersScreen from './OrdersScreen.vue';
import { erpRecordUrl } from './erp-link';

const order = (id: string, over: object = {}) => ({
  amazonOrderId: id,
  marketplaceId: 'A1PA6795UKMFR9',
  amazonStatus: 'Unshipped',
  fulfilledBy: 'MERCHANT',
  amazonUpdatedAt: '2026-12-01T10:00:00.000Z',
  state: 'imported',
  reason: null,
  erp: { model: 'sale.order', id: 42, name: 'S00042' },
  total: { amount: '59.90', currency: 'EUR' },
  withheldTax: { amount: '9.56', currency: 'EUR' },
  erpTotal: { amount: '59.90', currency: 'EUR' },
  totalsDiffer: false,
  lastSyncedAt: '2026-12-01T10:01:00.000Z',
  ...over,
});
const ID = '305-1234567-1234567';
const base = {
  'GET /api/backends': { body: [backend(1)] },
  'GET /api/session': { body: { user: { name: 'Ida', roles: ['integrator'] } } },
  [`GET /api/backends/1/orders/${ID}`]: { body: order(ID) },
  [`GET /api/backends/1/orders/${ID}/history`]: {
    body: {
      runs: [{ runId: 7, flow: 'orders.import', trigger: 'cron', status: 'partial', startedAt: '2026-12-01T10:00:00.000Z', outcome: 'conflict', errorCode: 'SKU_UNMAPPED' }],
      openConflicts: [{ id: 3, code: 'SKU_UNMAPPED', message: 'SKU X-1 is not mapped', createdAt: '2026-12-01T10:00:00.000Z' }],
    },
  },
};

async function open(routes: Parameters<typeof mockFetch>[0], path = '/orders') {
  const mock = mockFetch({ ...base, ...routes });
  await loadBackends();
  const mounted = await mountScreen(OrdersScreen, { path });
  await vi.waitFor(() => expect(mounted.wrapper.find('[aria-busy="false"]').exists()).toBe(true));
  return { ...mock, ...mounted };
}

describe('Orders screen', () => {
  it('shows the ERP total beside Amazon\'s, marked only where the two differ', async () => {
    const differs = order('305-0000000-0000003', { erpTotal: { amount: '59.89', currency: 'EUR' }, totalsDiffer: true });
    const { wrapper } = await open({ 'GET /api/backends/1/orders': { body: { items: [order(ID), differs, order('305-0000000-0000004', { erp: null, erpTotal: null })], nextCursor: null } } });
    const headers = wrapper.findAll('thead th').map((th) => th.text());
    expect(headers).toEqual(expect.arrayContaining(['Amazon total', 'ERP total']));
    const rows = wrapper.findAll('tbody tr');
    expect(rows[0]!.text()).toContain('59.90');
    expect(rows[0]!.find('[role="status"]').exists()).toBe(false);
    const mark = rows[1]!.find('[role="status"]');
    expect(mark.text()).toBe('≠ Amazon');
    expect(mark.attributes('aria-label')).toContain('59.90');
    expect(rows[1]!.text()).toContain('59.89');
    expect(rows[2]!.find('[role="status"]').exists()).toBe(false);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
    document.body.innerHTML = '';
  });

  it('lists the orders with state, ERP order and total; the filters go to the API from the route query', async () => {
    const { wrapper, calls } = await open({ 'GET /api/backends/1/orders': { body: { items: [order(ID), order('305-0000000-0000002', { state: 'conflict', erp: null, reason: 'SKU_UNMAPPED' })], nextCursor: null } } }, '/orders?state=conflict&q=305-00');
    const rows = wrapper.findAll('tbody tr');
    expect(rows).toHaveLength(2);
    expect(rows[0]!.text()).toContain('S00042');
    expect(rows[1]!.text()).toContain('SKU_UNMAPPED');
    const url = new URL(calls.find((r) => r.url.includes('/orders?'))!.url);
    expect(Object.fromEntries(url.searchParams)).toEqual({ limit: '50', state: 'conflict', q: '305-00' });
  });

  it('shows the empty state and the error state', async () => {
    const empty = await open({ 'GET /api/backends/1/orders': { body: { items: [], nextCursor: null } } });
    expect(empty.wrapper.text()).toContain('No orders');
    document.body.innerHTML = '';
    const failed = await open({ 'GET /api/backends/1/orders': { status: 400, body: { code: 'CURSOR_INVALID', message: 'the cursor is not one this API gave out' } } });
    expect(failed.wrapper.text()).toContain('CURSOR_INVALID');
  });

  it('opens the detail: money, the ERP link, the history; "Re-sync now" queues a run', async () => {
    mockFetch(base);
    await loginWithApiToken('admin-token');
    const { wrapper, calls } = await open({
      'GET /api/backends/1/orders': { body: { items: [order(ID)], nextCursor: null } },
      [`POST /api/backends/1/orders/${ID}/resync`]: { status: 202, body: { queued: true, runId: 8, correlationId: 'c', status: 'queued', run: '/api/sync-runs/8' } },
    });
    await wrapper.find('tbody tr').trigger('click');
    await vi.waitFor(() => expect(document.body.textContent).toContain('SKU X-1 is not mapped'));
    const drawer = document.body.textContent!;
    expect(drawer).toContain('Tax withheld');
    expect(drawer).toContain('orders.import #7');
    const link = document.querySelector<HTMLAnchorElement>('a[target="_top"]')!;
    // The fixture backend runs Odoo 18: its own URL form.
    expect(link.href).toBe('https://erp.example/odoo/sale.order/42');
    const resync = [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('Re-sync now'))!;
    expect(resync.disabled).toBe(false);
    resync.click();
    await flushPromises();
    await vi.waitFor(() => expect(calls.some((r) => r.method === 'POST' && r.url.endsWith('/resync'))).toBe(true));
    expect(calls.find((r) => r.method === 'POST')!.headers.get('authorization')).toBe('Bearer admin-token');
  });

  it('disables "Re-sync now" for a viewer', async () => {
    mockFetch({ 'GET /api/session': { body: { user: { name: 'Vic', roles: ['viewer'] } } } });
    await loginWithApiToken('viewer-token');
    const { wrapper } = await open({ 'GET /api/session': { body: { user: { name: 'Vic', roles: ['viewer'] } } }, 'GET /api/backends/1/orders': { body: { items: [order(ID)], nextCursor: null } } });
    await wrapper.find('tbody tr').trigger('click');
    await vi.waitFor(() => expect(document.body.textContent).toContain('Tax withheld'));
    const resync = [...document.querySelectorAll('button')].find((b) => b.textContent?.includes('Re-sync now'))!;
    expect(resync.disabled).toBe(true);
  });

  it("links into the ERP in the URL form of the backend's Odoo version", () => {
    expect(erpRecordUrl('https://erp.example//', 'sale.order', 5, '17')).toBe('https://erp.example/web#id=5&model=sale.order&view_type=form');
    expect(erpRecordUrl('https://erp.example', 'sale.order', 5, '18')).toBe('https://erp.example/odoo/sale.order/5');
    expect(erpRecordUrl('https://erp.example/', 'sale.order', 5, '19')).toBe('https://erp.example/odoo/sale.order/5');
    // A model without a dot is marked as one (else the router reads it as an action path).
    expect(erpRecordUrl('https://erp.example', 'website', 2, '19')).toBe('https://erp.example/odoo/m-website/2');
    // Not detected yet: the legacy form, which 18 and 19 still open (their router rewrites it).
    expect(erpRecordUrl('https://erp.example', 'sale.order', 5, null)).toBe('https://erp.example/web#id=5&model=sale.order&view_type=form');
  });
});
