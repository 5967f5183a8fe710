import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { mockFetch, type Reply } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { backend } from '@/test/fixtures';
import { loadBackends } from '@/session/current-backend';
import { loginWithApiToken, signOut } from '@/session/session';
import MappingsScreen from './MappingsScreen.vue';

const row = (id: number, over: object = {}) => ({
  id, flow: 'orders', target: 'sale.order', erpField: 'x_channel', source: { kind: 'path', path: 'salesChannel.channelName' },
  transforms: ['upper'], onlyCreate: false, enabled: true, position: id, ...over,
});
const field = (name: string, type: string, over: object = {}) => ({ name, label: name, type, required: false, readonly: false, relation: null, selection: null, custom: name.startsWith('x_'), ...over });
const preview = (vals: Record<string, unknown>, fromRules: string[], ruleProblems: unknown[] = []) => ({
  record: { key: '111-2222222-3333333', updatedAt: '2026-12-01T10:00:00Z' }, complete: true, mapperProblems: [], ruleProblems,
  targets: [{ target: 'sale.order', records: [{ label: 'order 111', vals, fromRules }] }],
});
const routes = (roles: string[], more: Record<string, Reply> = {}): Record<string, Reply> => ({
  'GET /api/backends': { body: [backend(1)] },
  'GET /api/session': { body: { user: { name: 'Ida', roles } } },
  'GET /api/mapping-flows': { body: { items: [{ flow: 'orders', description: 'orders', targets: [{ target: 'sale.order', erpModel: 'sale.order', description: 'the sales order header' }, { target: 'delivery', erpModel: 'res.partner', description: 'the delivery address' }] }] } },
  'GET /api/backends/1/mappings/orders': { body: { items: [row(1), row(2, { erpField: 'x_gone', source: { kind: 'constant', value: 'amazon' }, transforms: [] })] } },
  'GET /api/backends/1/mappings/orders/targets/sale.order/fields': { body: { target: 'sale.order', erpModel: 'sale.order', fields: [field('x_channel', 'char'), field('note', 'html'), field('partner_id', 'many2one', { relation: 'res.partner' })] } },
  'GET /api/backends/1/lookups': { body: { items: [{ name: 'team_by_marketplace', entries: 2, description: null }] } },
  ...more,
});

async function open(roles: string[], more: Record<string, Reply> = {}) {
  const mock = mockFetch(routes(roles, more));
  await loginWithApiToken('token');
  await loadBackends();
  const mounted = await mountScreen(MappingsScreen, { path: '/mappings' });
  await vi.waitFor(() => expect(mounted.wrapper.findAll('tbody tr').length).toBe(2));
  return { ...mock, ...mounted };
}
const button = (text: string) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
function type(selector: string, value: string): void {
  const input = document.querySelector<HTMLInputElement>(`${selector} input`)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

describe('Field mappings screen', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
    document.body.innerHTML = '';
  });

  it("lists the target's rows with the ERP field's type, custom fields marked, a field the ERP lacks flagged", async () => {
    const { wrapper } = await open(['integrator']);
    const rows = wrapper.findAll('tbody tr');
    expect(rows[0]!.text()).toContain('x_channel');
    expect(rows[0]!.text()).toContain('char');
    expect(rows[0]!.text()).toContain('custom');
    expect(rows[0]!.text()).toContain('salesChannel.channelName');
    expect(rows[0]!.text()).toContain('upper');
    expect(rows[1]!.text()).toContain('not in the ERP');
    expect(wrapper.text()).toContain('Add row');
  });

  it('edits a row: a refused save shows the reasons at the field; the preview shows saved and edited values side by side', async () => {
    let previews = 0;
    const { calls } = await open(['integrator'], {
      'PUT /api/backends/1/mappings/orders/1': { status: 400, body: { code: 'MAPPING_RULE_INVALID', message: 'invalid mapping rule', details: { problems: [{ field: '/source/path', message: '"a..b" is not a path' }] } } },
      'POST /api/backends/1/mappings/orders/preview': () => (++previews % 2 ? { body: preview({ x_channel: 'AMAZON.COM', note: 'n' }, ['x_channel']) } : { body: preview({ x_channel: 'a..b', note: 'n' }, ['x_channel'], [{ index: 0, field: '/source/path', message: 'gives nothing on this record', severity: 'warning' }]) }),
    });
    button('Edit')!.click();
    await vi.waitFor(() => expect(document.querySelector('[data-test="source-path"]')).not.toBeNull());
    expect(document.querySelector('[data-test="field-facts"]')!.textContent).toContain('char');
    type('[data-test="source-path"]', 'a..b');
    await flushPromises();
    button('Save')!.click();
    await vi.waitFor(() => expect(document.body.textContent).toContain('"a..b" is not a path'));
    const put = calls.find((r) => r.method === 'PUT')!;
    expect(await put.clone().json()).toEqual({ target: 'sale.order', erpField: 'x_channel', source: { kind: 'path', path: 'a..b' }, transforms: ['upper'], onlyCreate: false, enabled: true, position: 1 });
    expect(document.body.textContent).toContain('MAPPING_RULE_INVALID');

    type('[aria-label="Preview"]', '111-2222222-3333333');
    button('Preview')!.click();
    await vi.waitFor(() => expect(document.querySelector('[data-test="preview-table"]')).not.toBeNull());
    const bodies = await Promise.all(calls.filter((r) => r.url.endsWith('/preview')).map((r) => r.clone().json()));
    expect(bodies.map((b) => b.amazonOrderId)).toEqual(['111-2222222-3333333', '111-2222222-3333333']);
    expect(bodies[0].rules[0].source.path).toBe('salesChannel.channelName');
    expect(bodies[1].rules[0].source.path).toBe('a..b');
    const changed = document.querySelector('[data-test="preview-table"] tr.changed')!;
    expect(changed.textContent).toContain('x_channel');
    expect(changed.textContent).toContain('AMAZON.COM');
    expect(changed.textContent).toContain('a..b');
    expect(document.querySelector('[data-test="preview-problem"]')!.textContent).toContain('gives nothing on this record');
  });

  it('adds a row with a constant and saves it; the list is read again', async () => {
    const { calls } = await open(['integrator'], { 'POST /api/backends/1/mappings/orders': { status: 201, body: row(3) } });
    button('Add row')!.click();
    await vi.waitFor(() => expect(document.querySelector('[data-test="source-path"]')).not.toBeNull());
    const constant = [...document.querySelectorAll('.n-radio-button')].find((b) => b.textContent?.includes('Constant'))!;
    constant.querySelector('input')!.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(document.querySelector('[data-test="source-constant"]')).not.toBeNull());
    type('[data-test="source-constant"]', 'amazon');
    await flushPromises();
    button('Save')!.click();
    await vi.waitFor(() => expect(calls.some((r) => r.method === 'POST' && r.url.endsWith('/mappings/orders'))).toBe(true));
    const body = await calls.find((r) => r.method === 'POST')!.clone().json();
    expect(body).toMatchObject({ target: 'sale.order', source: { kind: 'constant', value: 'amazon' }, position: 3, enabled: true });
    await vi.waitFor(() => expect(calls.filter((r) => r.method === 'GET' && r.url.endsWith('/mappings/orders')).length).toBe(2));
  });

  it('lets a viewer look but not change', async () => {
    await open(['viewer']);
    expect(button('Add row')).toBeUndefined();
    expect(button('Delete')).toBeUndefined();
    button('View')!.click();
    await vi.waitFor(() => expect(document.querySelector('[data-test="source-path"]')).not.toBeNull());
    expect(button('Save')).toBeUndefined();
  });
});
