import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { mockFetch } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { backend } from '@/test/fixtures';
import { loadBackends } from '@/session/current-backend';
import { loginWithApiToken, signOut } from '@/session/session';
import SkusScreen from './SkusScreen.vue';
import ProductPicker from './ProductPicker.vue';
import SkuImport from './SkuImport.vue';

const sku = (s: string, over: object = {}) => ({
  sku: s, asin: 'B000000001', title: `Title of ${s}`, lastOrderId: '305-1', lastSeenAt: '2026-12-01T10:00:00.000Z',
  product: null, matchedBy: null, waitingOrders: 0, ...over,
});
const page = { items: [sku('GOLD-MUG', { waitingOrders: 2 }), sku('MUG-RED', { product: { id: 7, name: '[MUG-RED] Red mug' }, matchedBy: 'default_code' }), sku('MUG-BLUE', { product: { id: 8, name: null }, matchedBy: 'implicit_default_code' })], nextCursor: null };
const base = {
  'GET /api/backends': { body: [backend(1)] },
  'GET /api/session': { body: { user: { name: 'Ida', roles: ['integrator'] } } },
  'GET /api/backends/1/skus': { body: page },
  'GET /api/backends/1/erp-products': { body: [{ id: 7, name: 'Red mug', defaultCode: 'MUG-RED', barcode: null }] },
};
const button = (text: string) => [...document.querySelectorAll('button')].find((b) => b.textContent?.includes(text))!;

async function signedIn(roles = ['integrator'], routes: Parameters<typeof mockFetch>[0] = {}) {
  const all = { ...base, 'GET /api/session': { body: { user: { name: 'Ida', roles } } }, ...routes };
  const mock = mockFetch(all);
  await loginWithApiToken('admin-token');
  await loadBackends();
  return mock;
}

describe('SKUs screen', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
    document.body.innerHTML = '';
  });

  it('lists unmatched SKUs with their held orders and matched ones with how; filters go to the API', async () => {
    const { calls } = await signedIn();
    const { wrapper } = await mountScreen(SkusScreen, { path: '/skus?filter=unmatched&q=mug' });
    await vi.waitFor(() => expect(wrapper.findAll('tbody tr')).toHaveLength(3));
    const rows = wrapper.findAll('tbody tr');
    expect(rows[0]!.text()).toContain('Unmatched');
    expect(rows[0]!.text()).toContain('2');
    expect(rows[1]!.text()).toContain('[MUG-RED] Red mug');
    expect(rows[1]!.text()).toContain('internal reference');
    // Found by the order flow without a mapping row: matched, said so, not "Unmatched".
    expect(rows[2]!.text()).toContain('#8');
    expect(rows[2]!.text()).toContain('matched by internal reference');
    expect(rows[2]!.text()).not.toContain('Unmatched');
    const url = new URL(calls.find((r) => r.url.includes('/skus?'))!.url);
    expect(Object.fromEntries(url.searchParams)).toEqual({ limit: '50', filter: 'unmatched', q: 'mug' });
  });

  it('auto-matches and reloads the list', async () => {
    const { calls } = await signedIn(['integrator'], {
      'POST /api/backends/1/skus/auto-match': { body: { matched: [{ sku: 'MUG-RED', productId: 7, by: 'default_code' }], ambiguous: [], unmatched: 1, retried: 0 } },
    });
    const { wrapper } = await mountScreen(SkusScreen, { path: '/skus' });
    await vi.waitFor(() => expect(wrapper.findAll('tbody tr')).toHaveLength(3));
    button('Auto-match').click();
    await vi.waitFor(() => expect(document.body.textContent).toContain('1 matched, 1 still unmatched'));
    expect(calls.filter((r) => r.method === 'GET' && r.url.includes('/skus?'))).toHaveLength(2);
  });

  it('a viewer cannot auto-match or import', async () => {
    await signedIn(['viewer']);
    const { wrapper } = await mountScreen(SkusScreen, { path: '/skus' });
    await vi.waitFor(() => expect(wrapper.findAll('tbody tr')).toHaveLength(3));
    expect(button('Auto-match').disabled).toBe(true);
    expect(button('Import CSV').disabled).toBe(true);
    expect(button('Export CSV').disabled).toBe(false);
  });

  it('the picker searches ERP products by the SKU and saves the chosen product by hand', async () => {
    const { calls } = await signedIn(['integrator'], {
      'PUT /api/backends/1/skus/MUG-RED': { body: { sku: sku('MUG-RED'), retried: 3 } },
    });
    const { wrapper } = await mountScreen(ProductPicker, { props: { backendId: 1, sku: page.items[1], canWrite: true, show: true } });
    await vi.waitFor(() => expect(calls.some((r) => r.url.includes('/erp-products?q=MUG-RED'))).toBe(true));
    button('Save').click();
    await vi.waitFor(() => expect(calls.some((r) => r.method === 'PUT')).toBe(true));
    const put = calls.find((r) => r.method === 'PUT')!;
    expect(await put.clone().json()).toEqual({ productId: 7 });
    await vi.waitFor(() => expect(document.body.textContent).toContain('3 held order(s) queued again'));
    wrapper.unmount();
  });

  it('the picker of a SKU the order flow matched by itself says so and offers to pin it, not to remove it', async () => {
    await signedIn();
    const { wrapper } = await mountScreen(ProductPicker, { props: { backendId: 1, sku: page.items[2], canWrite: true, show: true } });
    await vi.waitFor(() => expect(document.querySelector('[data-implicit]')?.textContent).toContain('Matched by internal reference'));
    expect(button('Remove mapping')).toBeUndefined();
    expect(button('Save')).toBeDefined();
    wrapper.unmount();
  });

  it('imports a CSV file as text/csv and lists each row by line number, refused rows first', async () => {
    const { calls } = await signedIn(['integrator'], {
      'POST /api/backends/1/skus/import': {
        body: {
          mapped: 1, failed: 1, retried: 0,
          rows: [
            { row: 2, sku: 'A-1', ok: true, productId: 7, code: null, message: null },
            { row: 3, sku: 'A-2', ok: false, productId: null, code: 'MAPPING_TARGET_NOT_FOUND', message: 'no active ERP product 99' },
          ],
        },
      },
    });
    await mountScreen(SkuImport, { props: { backendId: 1, show: true } });
    const input = document.querySelector<HTMLInputElement>('input[type="file"]')!;
    const text = 'sku,product_id\nA-1,7\nA-2,99\n';
    Object.defineProperty(input, 'files', { value: [new File([text], 'skus.csv', { type: 'text/csv' })] });
    input.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(document.body.textContent).toContain('1 mapped, 1 refused'));
    await flushPromises();
    const post = calls.find((r) => r.method === 'POST')!;
    expect(post.headers.get('content-type')).toBe('text/csv');
    expect(await post.clone().text()).toBe(text);
    const rows = [...document.querySelectorAll('tbody tr')].map((r) => r.textContent);
    expect(rows[0]).toContain('MAPPING_TARGET_NOT_FOUND');
    expect(rows[0]).toContain('3');
    expect(rows[1]).toContain('A-1');
  });
});
