import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { NSelect } from 'naive-ui';
import { mockFetch } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { backend } from '@/test/fixtures';
import { loadBackends } from '@/session/current-backend';
import { loginWithApiToken, signOut } from '@/session/session';
import ErpProductSelect from '@/ui/ErpProductSelect.vue';
import ConflictsScreen from './ConflictsScreen.vue';
import { offeredActions, sideCell, sideRows } from './conflict-view';

const summary = (id: number, over: object = {}) => ({
  id, backendId: 1, kind: 'order', flow: 'orders', amazonKey: `305-000000${id}-0000001`, code: 'SKU_UNMAPPED', message: 'SKU GOLD-1 has no ERP product',
  status: 'open', money: false, dueAt: '2026-12-03T12:00:00.000Z', occurrences: 1,
  createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z', resolvedAt: null, ...over,
});
const detail = (id: number, over: object = {}) => ({
  ...summary(id), amazonSnapshot: null, erpSnapshot: null, diff: { sku: 'GOLD-1', orderItemId: '1' }, resolution: null,
  amazonSide: { status: 'Unshipped', total: '20.00', sku: 'GOLD-1' }, erpSide: { status: 'sale', total: '20.00' },
  fields: [{ field: 'status', amazon: 'Unshipped', erp: 'sale' }],
  actions: [
    { action: 'retry', available: true, description: 'retry' },
    { action: 'dismiss', available: true, description: 'dismiss' },
    { action: 'map_sku', available: true, description: 'map the SKU' },
  ],
  attempts: [{ runId: 7, flow: 'orders.import', trigger: 'cron', startedAt: '2026-12-01T10:00:00.000Z', runStatus: 'partial', step: 'map-order', status: 'failed', errorCode: 'SKU_UNMAPPED', at: '2026-12-01T10:00:01.000Z' }],
  history: [], ...over,
});
const session = (roles: string[]) => ({ 'GET /api/session': { body: { user: { name: 'Ida', roles } } } });
const base = {
  'GET /api/backends': { body: [backend(1)] },
  ...session(['integrator']),
  'GET /api/conflicts/facets': { body: { total: 3, byCode: [{ code: 'TOTAL_MISMATCH', count: 1, money: true }, { code: 'SKU_UNMAPPED', count: 2, money: false }], byFlow: [{ flow: 'orders', count: 3 }], byBackend: [{ backendId: 1, count: 3 }] } },
  'GET /api/conflicts': { body: { items: [summary(1, { code: 'TOTAL_MISMATCH', money: true, dueAt: null }), summary(2), summary(3)], nextCursor: 'next' } },
};

async function open(routes: Parameters<typeof mockFetch>[0] = {}, path = '/conflicts', roles = ['integrator']) {
  const all = { ...base, ...session(roles), ...routes };
  mockFetch(all);
  await loginWithApiToken('token');
  const mock = mockFetch(all);
  await loadBackends();
  const mounted = await mountScreen(ConflictsScreen, { path });
  await vi.waitFor(() => expect(mounted.wrapper.find('[aria-busy="false"]').exists()).toBe(true));
  return { ...mock, ...mounted };
}
const button = (text: string) => [...document.querySelectorAll('button')].find((b) => b.textContent?.includes(text))!;

describe('Conflicts screen', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
    document.body.innerHTML = '';
  });

  it("lists the API's order (most urgent first) with the money mark; code chips and filters go to the API", async () => {
    const { wrapper, calls } = await open({}, '/conflicts?code=SKU_UNMAPPED&flow=orders');
    const rows = wrapper.findAll('tbody tr');
    expect(rows.map((r) => r.text().slice(0, 20))).toHaveLength(3);
    expect(rows[0]!.text()).toContain('TOTAL_MISMATCH');
    expect(rows[0]!.text()).toContain('money');
    expect(wrapper.find('[data-code="SKU_UNMAPPED"]').text()).toContain('2');
    const url = new URL(calls.find((r) => new URL(r.url).pathname === '/api/conflicts')!.url);
    expect(Object.fromEntries(url.searchParams)).toEqual({ backendId: '1', status: 'open', code: 'SKU_UNMAPPED', flow: 'orders', limit: '50' });
  });

  it('opens the detail: both sides with the differing field marked, what was tried; map the SKU searches products and sends the chosen id', async () => {
    const products = [{ id: 42, name: 'Gold mug', defaultCode: 'MUG-GOLD', barcode: '4006381333931' }, { id: 43, name: 'Blue mug', defaultCode: 'MUG-BLUE', barcode: null }];
    const { wrapper, calls } = await open({
      'GET /api/conflicts/2': { body: detail(2) },
      'GET /api/backends/1/erp-products': (req) => {
        const q = (new URL(req.url).searchParams.get('q') ?? '').toLowerCase();
        return { body: products.filter((p) => [p.name, p.defaultCode, p.barcode ?? ''].some((v) => v.toLowerCase().includes(q))) };
      },
      'POST /api/conflicts/2/resolve': { body: detail(2, { status: 'resolved', resolution: { action: 'map_sku', by: 'Ida' } }) },
    });
    await wrapper.findAll('tbody tr')[1]!.trigger('click');
    await vi.waitFor(() => expect(document.body.textContent).toContain('What the connector tried'));
    const marked = document.querySelectorAll('tr[data-differs="true"]');
    expect([...marked].map((r) => r.querySelector('th')!.textContent)).toEqual(['status ≠']);
    expect(document.body.textContent).toContain('map-order');
    button('Map the SKU').click();
    await vi.waitFor(() => expect(calls.some((r) => r.url.includes('/erp-products?q=GOLD-1'))).toBe(true));
    expect(button('Map and retry').disabled).toBe(true);
    // The integrator types a barcode: the search goes to the API and offers the product by its reference and name.
    // (naive-ui's popup menu does not open in happy-dom: the select's options and value are driven through it.)
    const select = wrapper.findComponent(ErpProductSelect).findComponent(NSelect);
    const input = document.querySelector<HTMLInputElement>('#map-sku-product')!;
    input.value = '4006381';
    input.dispatchEvent(new Event('input'));
    await vi.waitFor(() => expect(calls.some((r) => r.url.includes('/erp-products?q=4006381'))).toBe(true));
    await vi.waitFor(() => expect(select.props('options')).toEqual([{ label: '[MUG-GOLD] Gold mug · 4006381333931', value: 42 }]));
    select.vm.$emit('update:value', 42);
    await flushPromises();
    button('Map and retry').click();
    await vi.waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    const post = calls.find((r) => r.method === 'POST')!;
    expect(await post.clone().json()).toEqual({ action: 'map_sku', productId: 42 });
  });

  it('collapses a large object or array to a summary that expands to its JSON', async () => {
    const proceeds = { ItemPrice: { CurrencyCode: 'EUR', Amount: '20.00' }, ItemTax: { CurrencyCode: 'EUR', Amount: '3.19' }, ShippingPrice: { CurrencyCode: 'EUR', Amount: '0.00' }, PromotionDiscount: { CurrencyCode: 'EUR', Amount: '0.00' } };
    const { wrapper } = await open({ 'GET /api/conflicts/2': { body: detail(2, { amazonSide: { proceeds, lines: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25] }, erpSide: { proceeds: { total: '20.00' } }, fields: [] }) } });
    await wrapper.findAll('tbody tr')[1]!.trigger('click');
    await vi.waitFor(() => expect(document.body.textContent).toContain('What the connector tried'));
    const cells = [...document.querySelectorAll('table.sides tbody td')];
    const big = cells.find((c) => c.querySelector('details'))!;
    expect(big.querySelector('summary')!.textContent).toBe('{ ItemPrice, ItemTax, ShippingPrice, … } (4 fields)');
    expect(JSON.parse(big.querySelector('pre')!.textContent!)).toEqual(proceeds);
    expect(cells.map((c) => c.querySelector('summary')?.textContent ?? c.textContent!.trim())).toEqual(['{ ItemPrice, ItemTax, ShippingPrice, … } (4 fields)', '{"total":"20.00"}', '[25 items]', '']);
  });

  it('bulk: ignores the selected conflicts only with a reason, by their ids', async () => {
    const { wrapper, calls } = await open({ 'POST /api/conflicts/resolve': { body: { action: 'ignore', dryRun: false, count: 2, byCode: { SKU_UNMAPPED: 2 } } } });
    const boxes = wrapper.findAll('tbody input[type="checkbox"], tbody .n-checkbox');
    await boxes[1]!.trigger('click');
    await boxes[2]!.trigger('click');
    await flushPromises();
    expect(wrapper.text()).toContain('2 selected');
    button('Ignore selected').click();
    await flushPromises();
    expect(button('Ignore 2').disabled).toBe(true);
    const reason = document.querySelector<HTMLInputElement>('input[aria-label="Reason for ignoring"]') ?? document.querySelector<HTMLInputElement>('.reason input')!;
    reason.value = 'test orders';
    reason.dispatchEvent(new Event('input'));
    await flushPromises();
    button('Ignore 2').click();
    await vi.waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    expect(await calls.find((r) => r.method === 'POST')!.clone().json()).toEqual({ action: 'ignore', backendId: 1, ids: [2, 3], note: 'test orders' });
  });

  it('an accountant sees the actions of a non-money conflict disabled, and why', async () => {
    const { wrapper } = await open({ 'GET /api/conflicts/2': { body: detail(2) } }, '/conflicts', ['accountant']);
    await wrapper.findAll('tbody tr')[1]!.trigger('click');
    await vi.waitFor(() => expect(document.body.textContent).toContain('money conflicts only'));
    expect(button('Retry').disabled).toBe(true);
  });

  it('builds the side-by-side rows and offers ignore in place of dismiss', () => {
    const rows = sideRows({ amazonSide: { a: 1, b: 'x' }, erpSide: { b: 'y', c: null }, fields: [{ field: 'b', amazon: 'x', erp: 'y' }] });
    const cell = (text: string) => ({ text, full: null });
    expect(rows).toEqual([
      { field: 'b', amazon: cell('x'), erp: cell('y'), differs: true },
      { field: 'a', amazon: cell('1'), erp: cell(''), differs: false },
      { field: 'c', amazon: cell(''), erp: cell('—'), differs: false },
    ]);
    expect(sideCell(['a'.repeat(70)])).toEqual({ text: '[1 item]', full: `[\n  "${'a'.repeat(70)}"\n]` });
    expect(offeredActions({ status: 'open', actions: [{ action: 'dismiss', available: true, description: '' }, { action: 'keep', available: false, description: '' }] }).map((a) => a.action)).toEqual(['ignore']);
    expect(offeredActions({ status: 'resolved', actions: [{ action: 'retry', available: true, description: '' }] })).toEqual([]);
  });
});
