import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { mockFetch, type Reply } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { loginWithApiToken, signOut } from '@/session/session';
import LookupTables from './LookupTables.vue';

const routes = (more: Record<string, Reply> = {}): Record<string, Reply> => ({
  'GET /api/backends/1/lookups': { body: { items: [{ name: 'team_by_marketplace', entries: 2, description: 'sales team per marketplace' }, { name: 'carrier_codes', entries: 0, description: null }] } },
  'GET /api/backends/1/lookups/team_by_marketplace': (req) => ({
    body: new URL(req.url).searchParams.get('cursor') === 'A1PA6795UKMFR9'
      ? { items: [{ key: 'A1RKKUPIHCS9HS', value: { id: 9 } }], nextCursor: null }
      : { items: [{ key: 'A13V1IB3VIYZZH', value: 'Team FR' }, { key: 'A1PA6795UKMFR9', value: 7 }], nextCursor: 'A1PA6795UKMFR9' },
  }),
  ...more,
});
const button = (text: string) => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
function type(label: string, value: string): void {
  const input = document.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[aria-label="${label}"] input, [aria-label="${label}"] textarea, input[aria-label="${label}"], textarea[aria-label="${label}"]`)!;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}
async function openTable(canWrite: boolean, more: Record<string, Reply> = {}) {
  // the session's role as the screen would have it: v-write guards the write controls by it
  const role = canWrite ? 'integrator' : 'viewer';
  mockFetch({ 'GET /api/session': { body: { user: { name: role, roles: [role] } } } });
  await loginWithApiToken(`token-${role}`);
  const mock = mockFetch(routes(more));
  const mounted = await mountScreen(LookupTables, { props: { backendId: 1, canWrite } });
  await vi.waitFor(() => expect(document.querySelector('[data-table="team_by_marketplace"]')).not.toBeNull());
  document.querySelector<HTMLElement>('[data-table="team_by_marketplace"]')!.click();
  await vi.waitFor(() => expect(document.querySelectorAll('tr[data-key]')).toHaveLength(2));
  return { ...mock, ...mounted };
}

describe('Lookup tables (mappings screen)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
    document.body.innerHTML = '';
  });

  it('lists the tables with their counts, opens one by key a page at a time, values as JSON', async () => {
    const { calls } = await openTable(true);
    expect(document.querySelector('[data-table="carrier_codes"]')!.textContent).toContain('0');
    const rows = () => [...document.querySelectorAll('tr[data-key]')].map((r) => [...r.querySelectorAll('td')].slice(0, 2).map((c) => c.textContent));
    expect(rows()).toEqual([['A13V1IB3VIYZZH', '"Team FR"'], ['A1PA6795UKMFR9', '7']]);
    button('Load more')!.click();
    await vi.waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows()[2]).toEqual(['A1RKKUPIHCS9HS', '{"id":9}']);
    expect(button('Load more')).toBeUndefined();
    const urls = calls.filter((r) => r.url.includes('/lookups/')).map((r) => Object.fromEntries(new URL(r.url).searchParams));
    expect(urls).toEqual([{ limit: '100' }, { limit: '100', cursor: 'A1PA6795UKMFR9' }]);
  });

  it('sets an entry only from valid JSON, edits one in place, deletes one', async () => {
    const { calls } = await openTable(true, {
      'PUT /api/backends/1/lookups/team_by_marketplace': { body: { count: 1 } },
      'DELETE /api/backends/1/lookups/team_by_marketplace/A13V1IB3VIYZZH': { status: 204, body: null },
    });
    type('Entry key', 'A1F83G8C2ARO7P');
    type('Entry value (JSON)', 'Team UK');
    await flushPromises();
    expect(button('Set entry')!.disabled).toBe(true);
    expect(document.querySelector('.invalid')!.textContent).toContain('Not JSON');
    type('Entry value (JSON)', '{ "teamId": 4 }');
    await flushPromises();
    button('Set entry')!.click();
    await vi.waitFor(() => expect(calls.some((r) => r.method === 'PUT')).toBe(true));
    expect(await calls.find((r) => r.method === 'PUT')!.clone().json()).toEqual({ entries: [{ key: 'A1F83G8C2ARO7P', value: { teamId: 4 } }] });

    document.querySelector<HTMLElement>('tr[data-key="A1PA6795UKMFR9"] button')!.click();
    await flushPromises();
    expect(document.querySelector<HTMLInputElement>('input[aria-label="Entry key"], [aria-label="Entry key"] input')!.value).toBe('A1PA6795UKMFR9');

    [...document.querySelectorAll<HTMLElement>('tr[data-key="A13V1IB3VIYZZH"] button')].find((b) => b.textContent?.includes('Delete'))!.click();
    await vi.waitFor(() => expect(button('Confirm')).toBeDefined());
    button('Confirm')!.click();
    await vi.waitFor(() => expect(calls.some((r) => r.method === 'DELETE')).toBe(true));
  });

  it('a role without write sees the entries but no way to change them', async () => {
    await openTable(false);
    expect(document.querySelector('[aria-label="New lookup table name"]')).toBeNull();
    expect(document.querySelector('form[aria-label="Set an entry"]')).toBeNull();
    expect(button('Edit')).toBeUndefined();
    expect(button('Delete')).toBeUndefined();
  });
});
