import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { backend } from '@/test/fixtures';
import { loadBackends } from '@/session/current-backend';
import { loginWithApiToken, signOut } from '@/session/session';
import MarketplacesScreen from './MarketplacesScreen.vue';

const DE = 'A1PA6795UKMFR9';
const settings = (over: object = {}) => ({
  marketplaces: [{ marketplaceId: DE, values: { warehouseId: 1, pricelistId: 2, teamId: 3, currencyCode: 'EUR' } }],
  taxes: [{ regime: 'domestic', country: 'DE', rate: '19', taxId: 11, priceIncluded: true }],
  fiscalPositions: [{ regime: 'oss', country: 'FR', fiscalPositionId: 21 }],
  customerStrategy: 'per_buyer_email',
  ...over,
});
const choice = (id: number, name: string, detail: string | null = null) => ({ id, name, detail });
const routes = {
  'GET /api/backends': { body: [backend(1)] },
  'GET /api/backends/1/marketplace-settings': { body: settings() },
  'GET /api/backends/1/erp-choices/warehouses': { body: [choice(1, 'Main', 'WH')] },
  'GET /api/backends/1/erp-choices/pricelists': { body: [choice(2, 'Public', 'EUR')] },
  'GET /api/backends/1/erp-choices/teams': { body: [choice(3, 'Sales'), choice(4, 'Amazon DE')] },
  'GET /api/backends/1/erp-choices/fiscal-positions': { body: [choice(21, 'OSS France', 'France')] },
  'GET /api/backends/1/erp-choices/taxes': { body: [choice(11, 'DE VAT 19% incl.', '19 % incl.')] },
};
const button = (text: string) => [...document.querySelectorAll('button')].filter((b) => b.textContent?.trim() === text);

async function open(roles: string[], extra: Parameters<typeof mockFetch>[0] = {}) {
  const mock = mockFetch({ ...routes, 'GET /api/session': { body: { user: { name: 'Ida', roles } } }, ...extra });
  await loginWithApiToken('admin-token');
  await loadBackends();
  const mounted = await mountScreen(MarketplacesScreen, { path: '/marketplaces' });
  await vi.waitFor(() => expect(document.body.textContent).toContain(DE));
  return { ...mock, ...mounted };
}

describe('Marketplaces screen', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
    document.body.innerHTML = '';
  });

  it("shows each marketplace's ERP records by name, the tax and fiscal position tables from the ERP's choices", async () => {
    await open(['integrator']);
    const text = document.body.textContent!;
    expect(text).toContain('Main (WH)');
    expect(text).toContain('Public (EUR)');
    expect(text).toContain('DE VAT 19% incl.');
    expect(text).toContain('OSS France');
    expect(document.querySelector<HTMLInputElement>(`input[aria-label="Currency of ${DE}"]`)!.value).toBe('EUR');
  });

  it('saves a marketplace row with PUT and shows what the API answered', async () => {
    const { calls } = await open(['integrator'], {
      [`PUT /api/backends/1/marketplace-settings/marketplaces/${DE}`]: (req) => ({ body: settings({ marketplaces: [{ marketplaceId: DE, values: { warehouseId: 1, pricelistId: 2, teamId: 4, currencyCode: 'EUR' } }] }), status: req.method === 'PUT' ? 200 : 500 }),
    });
    button('Save')[0]!.click();
    await vi.waitFor(() => expect(calls.some((r) => r.method === 'PUT')).toBe(true));
    expect(await calls.find((r) => r.method === 'PUT')!.clone().json()).toEqual({ warehouseId: 1, pricelistId: 2, teamId: 3, currencyCode: 'EUR' });
    await vi.waitFor(() => expect(document.body.textContent).toContain('the next order uses it'));
  });

  it('removes a tax row, and shows a refusal with its code', async () => {
    const { calls } = await open(['integrator'], {
      'DELETE /api/backends/1/marketplace-settings/taxes': { status: 422, body: { code: 'MAPPING_TARGET_NOT_FOUND', message: 'the ERP has no tax 11' } },
    });
    button('Remove')[0]!.click();
    await vi.waitFor(() => expect(document.body.textContent).toContain('MAPPING_TARGET_NOT_FOUND'));
    const del = new URL(calls.find((r) => r.method === 'DELETE')!.url);
    expect(Object.fromEntries(del.searchParams)).toEqual({ regime: 'domestic', country: 'DE', rate: '19' });
  });

  it('a viewer sees everything and can change nothing', async () => {
    await open(['viewer']);
    expect(button('Save').every((b) => b.disabled)).toBe(true);
    expect(button('Remove').every((b) => b.disabled)).toBe(true);
    expect(button('Add')).toHaveLength(0);
    expect(document.querySelector<HTMLInputElement>(`input[aria-label="Currency of ${DE}"]`)!.disabled).toBe(true);
  });
});
