import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { backend } from '@/test/fixtures';
import { loadBackends } from '@/session/current-backend';
import { loginWithApiToken, signOut } from '@/session/session';
import StockScreen from './StockScreen.vue';
import type { FbaDrift, Offer, ReorderAdvice } from './stock-api';

const offer = (sku: string, over: Partial<Offer> = {}): Offer => ({
  sku, productId: 7, state: 'in_sync', freeQty: 12, allocationPercent: 100, unreservedUnits: 2, held: 1, buffer: { fixed: 1, percent: 0, cap: null },
  quantity: 9, computedAt: '2026-12-03T10:00:00.000Z', sentQty: 9, sentLane: 'patch', sentAt: '2026-12-03T10:00:01.000Z',
  amazonQty: 9, amazonReadAt: '2026-12-03T10:05:00.000Z', code: null, message: null, ...over,
});
const offers = {
  items: [
    offer('MUG-RED'),
    offer('MUG-BLUE', { state: 'pending', quantity: 4, sentQty: 6, amazonQty: null, amazonReadAt: null }),
    offer('GOLD-MUG', { state: 'refused', code: 'MERCHANT_STOCK_REFUSED', message: 'Amazon: 8541 invalid' }),
  ],
  nextCursor: 'TVVHLVJFRA',
};
const drift = (over: Partial<FbaDrift> = {}): FbaDrift => ({
  id: 41, pool: 'EU', productId: 7, location: 'stock', locationId: 30, skus: ['MUG-RED-FBA'], amazonQty: 13, expectedMin: 20, expectedMax: 20,
  erpQty: 20, targetQty: 13, difference: -7, cause: 'LOST_OR_DAMAGED', state: 'open', snapshotAt: '2026-12-03T10:00:00.000Z', appliedBy: null, appliedAt: null, ...over,
});
const fbaItem = {
  pool: 'EU', sellerSku: 'MUG-RED-FBA', asin: 'B01', fnSku: 'X01', fulfillable: 13, inbound: { working: 1, shipped: 2, receiving: 0 },
  reserved: { total: 3, pendingCustomerOrder: 3, pendingTransshipment: 0, fcProcessing: 0 }, researching: 1, unfulfillable: 2, total: 22,
  amazonUpdatedAt: null, snapshotAt: '2026-12-03T10:00:00.000Z',
};
const advice: ReorderAdvice = {
  sku: 'MUG-RED', dailyDemand: 2.5, inStockDays: 14, daysOutOfStock: 0, orderpoint: { min: 35, max: 110 },
  terms: { leadTimeDays: 14, targetCoverDays: 30, moq: 0, casePack: 6, halfLifeWeeks: 4 },
  marketplaces: [{
    marketplaceId: 'A1PA6795UKMFR9', dailyDemand: 2.5, unitsPerDay: 2.5, historyWeeks: 30, weeksExcluded: [], inStockDays: 14, daysOutOfStock: 0,
    weeksUsed: [{ week: '2026-11-23', units: 17, inStockDays: 7, weight: 1 }, { week: '2026-11-16', units: 18, inStockDays: 7, weight: 0.84 }],
    seasonality: { applied: false, reason: 'history shorter than a year', factor: 1 },
  }],
  stock: {
    productId: 7, skus: ['MUG-RED'], dailyDemand: 2.5,
    erp: { warehouseIds: [1], onHand: 20, inbound: 0, coverDays: 8 },
    fba: { pools: [{ pool: 'EU', fulfillable: 13, reservedReturning: 0, inbound: 3, snapshotAt: '2026-12-03T10:00:00.000Z' }], onHand: 13, inboundNotCounted: 3, coverDays: 5.2 },
    onHand: 33, inbound: 0, coverDays: 13.2, suggested: { quantity: 78, needed: 110, available: 33, shortfall: 77, roundedBy: 'casePack' }, erpOrderpoint: { min: 22, max: 97 },
  },
};
const base = {
  'GET /api/backends': { body: [backend(1)] },
  'GET /api/backends/1/merchant-stock/offers': { body: offers },
  'GET /api/backends/1/fba-stock': { body: { snapshots: [{ pool: 'EU', marketplaceId: 'A1PA6795UKMFR9', takenAt: '2026-12-03T10:00:00.000Z', skuCount: 1, restarts: 0 }], items: [fbaItem], nextAfter: null } },
  'GET /api/backends/1/fba-stock/drift': { body: { items: [drift()] } },
  'GET /api/backends/1/reorder-advice': { body: { enabled: true, from: '2025-12-01', until: '2026-11-30', items: [advice, { ...advice, sku: 'TEA-POT', stock: null }] } },
};
const button = (text: string) => [...document.querySelectorAll('button')].find((b) => b.textContent?.includes(text))!;

async function signedIn(roles = ['integrator'], routes: Parameters<typeof mockFetch>[0] = {}) {
  const mock = mockFetch({ ...base, 'GET /api/session': { body: { user: { name: 'Ida', roles } } }, ...routes });
  await loginWithApiToken('admin-token');
  await loadBackends();
  return mock;
}

describe('Stock screen', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
    document.body.innerHTML = '';
  });

  it('lists merchant offers with their inputs, what Amazon shows and the state; a refusal links to its conflicts; filters and paging go to the API', async () => {
    const { calls } = await signedIn();
    const { wrapper } = await mountScreen(StockScreen, { path: '/stock?q=MUG&state=refused' });
    await vi.waitFor(() => expect(wrapper.findAll('tbody tr')).toHaveLength(3));
    const [red, blue, gold] = wrapper.findAll('tbody tr').map((r) => r.text());
    expect(red).toContain('MUG-RED');
    expect(red).toContain('12'); // ERP free
    expect(red).toContain('1 (1 fixed)'); // buffer
    expect(red).toContain('In sync');
    expect(blue).toContain('Pending');
    expect(blue).toContain('not read back yet');
    expect(gold).toContain('Refused');
    const link = wrapper.find('a[href*="conflicts"]');
    expect(link.attributes('href')).toContain('code=MERCHANT_STOCK_REFUSED');
    const first = new URL(calls.find((r) => r.url.includes('/merchant-stock/offers'))!.url);
    expect(Object.fromEntries(first.searchParams)).toEqual({ limit: '50', q: 'MUG', state: 'refused' });
    button('Next').click();
    await vi.waitFor(() => expect(calls.filter((r) => r.url.includes('/merchant-stock/offers'))).toHaveLength(2));
    expect(new URL(calls.filter((r) => r.url.includes('/merchant-stock/offers'))[1]!.url).searchParams.get('cursor')).toBe('TVVHLVJFRA');
  });

  it('queues a full resync and says when the flow is off', async () => {
    const { calls } = await signedIn(['integrator'], { 'POST /api/backends/1/merchant-stock/resync': { status: 202, body: { queued: true, flowEnabled: false } } });
    const { wrapper } = await mountScreen(StockScreen, { path: '/stock' });
    await vi.waitFor(() => expect(wrapper.findAll('tbody tr')).toHaveLength(3));
    button('Full resync').click();
    await vi.waitFor(() => expect(document.body.textContent).toContain('switched off for this backend'));
    expect(calls.some((r) => r.method === 'POST' && r.url.endsWith('/merchant-stock/resync'))).toBe(true);
  });

  it('shows FBA figures per pool and SKU and the drift; Apply confirms, then shows the refusal the API gives', async () => {
    const { calls } = await signedIn(['integrator'], {
      'POST /api/backends/1/fba-stock/drift/41/apply': { status: 409, body: { code: 'FBA_DRIFT_STALE', message: 'the ERP quantity moved since the snapshot: compare again' } },
    });
    const { wrapper } = await mountScreen(StockScreen, { path: '/stock?tab=fba' });
    await vi.waitFor(() => expect(wrapper.text()).toContain('lost or damaged at Amazon'));
    await vi.waitFor(() => expect(wrapper.text()).toContain('MUG-RED-FBA'));
    const stockRow = wrapper.findAll('section[aria-label="FBA stock"] tbody tr')[0]!.text();
    for (const n of ['13', '3', '2', '22']) expect(stockRow).toContain(n);
    // The pool select's options come from the first page: taking them must not reload the table (once, not a loop).
    expect(calls.filter((r) => r.url.includes('/fba-stock?'))).toHaveLength(1);
    button('Apply 13').click();
    await vi.waitFor(() => expect(document.body.textContent).toContain('Apply this count to the ERP?'));
    expect(calls.some((r) => r.method === 'POST')).toBe(false); // nothing sent before the confirmation
    (document.querySelector('[data-test="confirm-apply"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(document.body.textContent).toContain('the ERP quantity moved since the snapshot'));
    expect(document.body.textContent).toContain('FBA_DRIFT_STALE');
  });

  it('applies a drift row and reloads the list', async () => {
    let applied = false;
    const { calls } = await signedIn(['integrator'], {
      'POST /api/backends/1/fba-stock/drift/41/apply': () => ((applied = true), { body: drift({ state: 'applied', appliedBy: 'ida' }) }),
      'GET /api/backends/1/fba-stock/drift': () => ({ body: { items: applied ? [] : [drift()] } }),
    });
    await mountScreen(StockScreen, { path: '/stock?tab=fba' });
    await vi.waitFor(() => expect(button('Apply 13')).toBeTruthy());
    button('Apply 13').click();
    await vi.waitFor(() => expect(document.querySelector('[data-test="confirm-apply"]')).not.toBeNull());
    (document.querySelector('[data-test="confirm-apply"]') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(document.body.textContent).toContain('The ERP now counts 13 in pool EU'));
    await vi.waitFor(() => expect(document.body.textContent).toContain('No drift'));
    expect(calls.filter((r) => r.url.includes('/fba-stock/drift?'))).toHaveLength(2);
  });

  it('a viewer sees everything but cannot resync, apply or push', async () => {
    await signedIn(['viewer']);
    const { wrapper, router } = await mountScreen(StockScreen, { path: '/stock' });
    await vi.waitFor(() => expect(wrapper.findAll('tbody tr')).toHaveLength(3));
    expect(button('Full resync').disabled).toBe(true);
    await router.replace('/stock?tab=fba');
    await vi.waitFor(() => expect(button('Apply 13')).toBeTruthy());
    expect(button('Apply 13').disabled).toBe(true);
    await router.replace('/stock?tab=reorder');
    await vi.waitFor(() => expect(button('Push as reordering rules')).toBeTruthy());
    expect(button('Push as reordering rules').disabled).toBe(true);
  });

  it('reorder advice: velocity, cover and quantity per SKU, the inputs on expanding a row, and the push refused when off', async () => {
    await signedIn(['integrator'], {
      'POST /api/backends/1/reorder-advice/push': { status: 409, body: { code: 'REORDER_PUSH_OFF', message: 'backend 1: reorder.enabled and reorder.pushOrderpoints must both be on' } },
    });
    const { wrapper } = await mountScreen(StockScreen, { path: '/stock?tab=reorder' });
    await vi.waitFor(() => expect(wrapper.findAll('tbody tr')).toHaveLength(2));
    const row = wrapper.findAll('tbody tr')[0]!;
    for (const t of ['MUG-RED', '2.50', '5.2', '8.0', '13.2', '78', '35 / 110']) expect(row.text()).toContain(t);
    expect(wrapper.findAll('tbody tr')[1]!.text()).toContain('—');
    await row.find('.n-data-table-expand-trigger').trigger('click');
    await vi.waitFor(() => expect(wrapper.text()).toContain('case pack 6'));
    expect(wrapper.text()).toContain('over 2 weeks (35 units');
    expect(wrapper.text()).toContain('rounded by casePack');
    button('Push as reordering rules').click();
    await vi.waitFor(() => expect(document.body.textContent).toContain('REORDER_PUSH_OFF'));
  });
});
