import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, type VueWrapper } from '@vue/test-utils';
import { NSelect } from 'naive-ui';
import { mockFetch } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { backend } from '@/test/fixtures';
import { loadBackends } from '@/session/current-backend';
import { loginWithApiToken, signOut } from '@/session/session';
import MarketplacesScreen from './MarketplacesScreen.vue';

const DE = 'A1PA6795UKMFR9';
const FR = 'A13V1IB3VIYZZH';
const settings = (over: object = {}) => ({
  marketplaces: [{ marketplaceId: DE, name: 'Amazon.de', values: { warehouseId: 1, pricelistId: 2, teamId: 3, currencyCode: 'EUR' } }, { marketplaceId: FR, name: 'Amazon.fr', values: null }],
  taxes: [{ regime: 'domestic', country: 'DE', rate: '19', marketplaceId: null, taxId: 11, priceIncluded: true }],
  fiscalPositions: [{ regime: 'oss', country: 'FR', marketplaceId: null, fiscalPositionId: 21 }],
  carriers: [{ serviceLevel: 'NEXT_DAY', marketplaceId: DE, carrierId: 31 }, { serviceLevel: '*', marketplaceId: null, carrierId: 32 }],
  carrierSupport: 'ok',
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
  'GET /api/backends/1/erp-choices/taxes': { body: [choice(11, 'DE VAT 19% incl.', '19 % incl.'), choice(12, 'FR VAT 20% incl.', '20 % incl.')] },
  'GET /api/backends/1/erp-choices/carriers': { body: [choice(31, 'DHL Express'), choice(32, 'DHL Paket'), choice(33, 'DPD Classic')] },
};
/** naive-ui's popup menu does not open in happy-dom: a select's value is set through the component. */
async function pick(wrapper: VueWrapper, label: string, value: unknown): Promise<void> {
  const select = wrapper.findAllComponents(NSelect).find((s) => s.attributes('aria-label') === label);
  if (!select) throw new Error(`no select ${label}`);
  select.vm.$emit('update:value', value);
  await flushPromises();
}
const rowsOf = (table: string) => [...document.querySelectorAll(`table[aria-label="${table}"] tbody tr`)].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()));
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
    expect(text).toContain('Amazon.de');
    expect(text).toContain('Main (WH)');
    expect(text).toContain('Public (EUR)');
    expect(text).toContain('DE VAT 19% incl.');
    expect(text).toContain('OSS France');
    expect(document.querySelector<HTMLInputElement>(`input[aria-label="Currency of ${DE}"]`)!.value).toBe('EUR');
  });

  it('saves a marketplace row with PUT and shows what the API answered', async () => {
    const { calls } = await open(['integrator'], {
      [`PUT /api/backends/1/marketplace-settings/marketplaces/${DE}`]: (req) => ({ body: settings({ marketplaces: [{ marketplaceId: DE, name: 'Amazon.de', values: { warehouseId: 1, pricelistId: 2, teamId: 4, currencyCode: 'EUR' } }] }), status: req.method === 'PUT' ? 200 : 500 }),
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
    ([...document.querySelectorAll('table[aria-label="Tax table"] button')].find((b) => b.textContent?.trim() === 'Remove') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(document.body.textContent).toContain('MAPPING_TARGET_NOT_FOUND'));
    const del = new URL(calls.find((r) => r.method === 'DELETE')!.url);
    expect(Object.fromEntries(del.searchParams)).toEqual({ regime: 'domestic', country: 'DE', rate: '19' });
  });

  it('lists the carrier rows by carrier name with their marketplace or "any", and adds a row with PUT', async () => {
    const { calls, wrapper } = await open(['integrator'], {
      'PUT /api/backends/1/marketplace-settings/carriers': { body: settings() },
    });
    expect(rowsOf('Carriers').slice(0, 2).map((r) => r.slice(0, 3))).toEqual([['NEXT_DAY', DE, 'DHL Express'], ['*', 'any', 'DHL Paket']]);
    const add = () => [...document.querySelectorAll('table[aria-label="Carriers"] button')].find((b) => b.textContent?.trim() === 'Add') as HTMLButtonElement;
    expect(add().disabled).toBe(true);
    await pick(wrapper, 'New carrier row: service level', 'EXPEDITED');
    await pick(wrapper, 'New carrier row: marketplace', FR);
    await pick(wrapper, 'New carrier row: ERP carrier', 33);
    add().click();
    await vi.waitFor(() => expect(calls.some((r) => r.method === 'PUT')).toBe(true));
    expect(await calls.find((r) => r.method === 'PUT')!.clone().json()).toEqual({ serviceLevel: 'EXPEDITED', marketplaceId: FR, carrierId: 33 });
    await vi.waitFor(() => expect(document.body.textContent).toContain('Carrier row saved'));
  });

  it('removes a carrier row by its level and marketplace, and shows a refusal with its code', async () => {
    const { calls } = await open(['integrator'], {
      'DELETE /api/backends/1/marketplace-settings/carriers': { status: 400, body: { code: 'MARKETPLACE_UNKNOWN', message: `${DE} is not a marketplace of backend 1` } },
    });
    ([...document.querySelectorAll('table[aria-label="Carriers"] button')].find((b) => b.textContent?.trim() === 'Remove') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(document.body.textContent).toContain('MARKETPLACE_UNKNOWN'));
    const del = new URL(calls.find((r) => r.method === 'DELETE')!.url);
    expect(Object.fromEntries(del.searchParams)).toEqual({ serviceLevel: 'NEXT_DAY', marketplaceId: DE });
  });

  it('says what to install when the ERP takes no carrier, and offers no carrier row to add', async () => {
    await open(['integrator'], {
      'GET /api/backends/1/marketplace-settings': { body: settings({ carrierSupport: 'module_missing' }) },
      'GET /api/backends/1/erp-choices/carriers': { status: 422, body: { code: 'MODULE_MISSING', message: 'install stock_delivery' } },
    });
    await vi.waitFor(() => expect(document.body.textContent).toContain('The ERP takes no carrier on sales orders'));
    expect(document.body.textContent).toContain('stock_delivery');
    expect(document.querySelector('[aria-label="New carrier row: service level"]')).toBeNull();
    // The rows stay listed (by id: the ERP cannot name them) and the rest of the screen works.
    expect(rowsOf('Carriers')[0]!.slice(0, 3)).toEqual(['NEXT_DAY', DE, '#31']);
    expect(document.body.textContent).toContain('DE VAT 19% incl.');
  });

  it('shows the marketplace of tax and fiscal position rows, and adds and removes rows of one marketplace', async () => {
    const { calls, wrapper } = await open(['integrator'], {
      'GET /api/backends/1/marketplace-settings': { body: settings({ fiscalPositions: [{ regime: 'oss', country: 'FR', marketplaceId: null, fiscalPositionId: 21 }, { regime: 'oss', country: 'FR', marketplaceId: FR, fiscalPositionId: null }] }) },
      'PUT /api/backends/1/marketplace-settings/taxes': { body: settings() },
      'DELETE /api/backends/1/marketplace-settings/fiscal-positions': { body: settings() },
    });
    expect(rowsOf('Tax table')[0]!.slice(0, 5)).toEqual(['domestic', 'DE', '19', 'any', 'DE VAT 19% incl.']);
    expect(rowsOf('Fiscal positions').slice(0, 2).map((r) => r.slice(0, 4))).toEqual([['oss', 'FR', 'any', 'OSS France'], ['oss', 'FR', FR, 'none']]);
    // Only the marketplace's own fiscal row can be removed (every order needs the any-marketplace one).
    const removes = [...document.querySelectorAll('table[aria-label="Fiscal positions"] button')].filter((b) => b.textContent?.trim() === 'Remove') as HTMLButtonElement[];
    expect(removes).toHaveLength(1);
    removes[0]!.click();
    await vi.waitFor(() => expect(calls.some((r) => r.method === 'DELETE')).toBe(true));
    expect(Object.fromEntries(new URL(calls.find((r) => r.method === 'DELETE')!.url).searchParams)).toEqual({ regime: 'oss', country: 'FR', marketplaceId: FR });
    await pick(wrapper, 'New tax row: regime', 'oss');
    const type = (label: string, v: string) => {
      const el = document.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`)!;
      el.value = v;
      el.dispatchEvent(new Event('input'));
    };
    type('New tax row: ship-to country', 'FR');
    type('New tax row: rate', '20');
    await pick(wrapper, 'New tax row: marketplace', FR);
    await pick(wrapper, 'New tax row: ERP tax', 12);
    ([...document.querySelectorAll('table[aria-label="Tax table"] button')].find((b) => b.textContent?.trim() === 'Add') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(calls.some((r) => r.method === 'PUT')).toBe(true));
    expect(await calls.find((r) => r.method === 'PUT')!.clone().json()).toEqual({ regime: 'oss', country: 'FR', rate: '20', marketplaceId: FR, taxId: 12, priceIncluded: true });
  });

  it('a viewer sees everything and can change nothing', async () => {
    await open(['viewer']);
    expect(button('Save').every((b) => b.disabled)).toBe(true);
    expect(button('Remove').every((b) => b.disabled)).toBe(true);
    expect(button('Add')).toHaveLength(0);
    expect(document.querySelector<HTMLInputElement>(`input[aria-label="Currency of ${DE}"]`)!.disabled).toBe(true);
  });
});
