/**
 * The flow actions of a conflict as a person meets them: take_amazon / keep_erp / activate_and_retry confirmed first
 * (the description shown, the confirm button focused for the keyboard), an action that does not fit shown disabled
 * with the API's reason beside it, and ORDER_EDITED_IN_ERP's lines readable as "quantity × price".
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { mockFetch } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { backend } from '@/test/fixtures';
import { loadBackends } from '@/session/current-backend';
import { loginWithApiToken, signOut } from '@/session/session';
import ConflictsScreen from './ConflictsScreen.vue';
import { needsConfirm, sideCell, unavailableActions } from './conflict-view';

const summary = {
  id: 5, backendId: 1, kind: 'order', flow: 'orders', amazonKey: '305-0000005-0000001', code: 'ORDER_EDITED_IN_ERP',
  message: 'Amazon changed the order and the ERP order was edited too', status: 'open', money: false, dueAt: null, occurrences: 1,
  createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z', resolvedAt: null,
};
const detail = (over: object = {}) => ({
  ...summary, amazonSnapshot: null, erpSnapshot: null, resolution: null, attempts: [], history: [],
  diff: { erp: { id: 9, state: 'sale' }, sides: {} },
  amazonSide: { 'MUG-1': { quantity: '3', priceUnit: '12.90' }, shipping: { quantity: '1', priceUnit: '4.90' } },
  erpSide: { 'MUG-1': { quantity: '1', priceUnit: '12.90' }, shipping: { quantity: '1', priceUnit: '4.90' } },
  fields: [{ field: 'MUG-1', amazon: { quantity: '3', priceUnit: '12.90' }, erp: { quantity: '1', priceUnit: '12.90' } }],
  actions: [
    { action: 'retry', available: true, description: 'retry' },
    { action: 'dismiss', available: true, description: 'dismiss' },
    { action: 'take_amazon', available: true, description: "take_amazon: write Amazon's current lines onto the ERP order" },
    { action: 'keep_erp', available: false, description: 'keep_erp is not offered now: the ERP order no longer exists' },
  ],
  ...over,
});
const session = (roles: string[]) => ({ 'GET /api/session': { body: { user: { name: 'Ida', roles } } } });

async function open(roles = ['integrator'], routes: Parameters<typeof mockFetch>[0] = {}) {
  const all = {
    'GET /api/backends': { body: [backend(1)] },
    ...session(roles),
    'GET /api/conflicts/facets': { body: { total: 1, byCode: [{ code: 'ORDER_EDITED_IN_ERP', count: 1, money: false }], byFlow: [{ flow: 'orders', count: 1 }], byBackend: [{ backendId: 1, count: 1 }] } },
    'GET /api/conflicts': { body: { items: [summary], nextCursor: null } },
    'GET /api/conflicts/5': { body: detail() },
    ...routes,
  };
  mockFetch(all);
  await loginWithApiToken('token');
  const mock = mockFetch(all);
  await loadBackends();
  const mounted = await mountScreen(ConflictsScreen, { path: '/conflicts' });
  await vi.waitFor(() => expect(mounted.wrapper.find('[aria-busy="false"]').exists()).toBe(true));
  await mounted.wrapper.findAll('tbody tr')[0]!.trigger('click');
  await vi.waitFor(() => expect(document.querySelector('[data-action="take_amazon"]')).not.toBeNull());
  return { ...mock, ...mounted };
}
const byAction = (a: string) => document.querySelector<HTMLButtonElement>(`[data-action="${a}"]`)!;

describe('conflict flow actions', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    signOut();
    document.body.innerHTML = '';
  });

  it('take_amazon asks to confirm (its description shown, the confirm button focused) and only then resolves', async () => {
    const { calls } = await open(['integrator'], { 'POST /api/conflicts/5/resolve': { body: detail({ status: 'resolved', resolution: { action: 'take_amazon', by: 'Ida' } }) } });
    // Which element the screen focuses (happy-dom's focus and naive-ui's drawer focus trap do not agree on where
    // focus then is, so the call itself is checked).
    const focus = vi.spyOn(HTMLElement.prototype, 'focus');
    byAction('take_amazon').click();
    await flushPromises();
    const group = document.querySelector('[role="group"][aria-label="Confirm Take Amazon\'s lines"]')!;
    expect(group.textContent).toContain("write Amazon's current lines onto the ERP order");
    expect(calls.some((r) => r.method === 'POST')).toBe(false);
    const confirm = group.querySelector<HTMLButtonElement>('[data-confirm]')!;
    expect(focus.mock.contexts).toContain(confirm);
    focus.mockRestore();
    confirm.click();
    await vi.waitFor(() => expect(calls.some((r) => r.method === 'POST')).toBe(true));
    const post = calls.find((r) => r.method === 'POST')!;
    expect(post.url).toContain('/api/conflicts/5/resolve');
    expect(await post.clone().json()).toEqual({ action: 'take_amazon' });
  });

  it('cancelling the confirmation sends nothing', async () => {
    const { calls } = await open();
    byAction('take_amazon').click();
    await flushPromises();
    [...document.querySelectorAll<HTMLButtonElement>('[role="group"] button')].find((b) => b.textContent?.trim() === 'Cancel')!.click();
    await flushPromises();
    expect(document.querySelector('[role="group"][aria-label^="Confirm"]')).toBeNull();
    expect(calls.some((r) => r.method === 'POST')).toBe(false);
  });

  it('an action that does not fit now is disabled, its reason beside it and tied to the button', async () => {
    await open();
    const keep = byAction('keep_erp');
    expect(keep.disabled).toBe(true);
    expect(keep.textContent).toContain("Keep the ERP's order");
    const why = document.getElementById(keep.getAttribute('aria-describedby')!)!;
    expect(why.textContent).toContain('the ERP order no longer exists');
  });

  it('the sides show each line as "quantity × price", the changed line marked', async () => {
    await open();
    const marked = [...document.querySelectorAll('table.sides tbody tr[data-differs="true"]')];
    expect(marked).toHaveLength(1);
    expect(marked[0]!.textContent).toContain('MUG-1');
    expect([...marked[0]!.querySelectorAll('td')].map((td) => td.textContent!.trim())).toEqual(['3 × 12.90', '1 × 12.90']);
  });

  it('a role that may not resolve it sees the actions disabled (the accountant: money conflicts only)', async () => {
    await open(['accountant']);
    expect(byAction('take_amazon').disabled).toBe(true);
    expect(document.body.textContent).toContain('money conflicts only');
  });

  it('pure parts: which actions confirm, which are unavailable, how a line reads', () => {
    expect(['retry', 'ignore', 'map_sku'].map(needsConfirm)).toEqual([false, false, false]);
    expect(['take_amazon', 'keep_erp', 'activate_and_retry', 'cancel_in_erp', 'keep'].every(needsConfirm)).toBe(true);
    expect(unavailableActions({ status: 'open', actions: [{ action: 'dismiss', available: false, description: 'x' }, { action: 'keep_erp', available: false, description: 'gone' }, { action: 'retry', available: true, description: '' }] }))
      .toEqual([{ action: 'keep_erp', why: 'gone' }]);
    expect(unavailableActions({ status: 'resolved', actions: [{ action: 'keep_erp', available: false, description: 'gone' }] })).toEqual([]);
    expect(sideCell({ quantity: '2', priceUnit: '9.99' })).toEqual({ text: '2 × 9.99', full: null });
    expect(sideCell({ quantity: '2', priceUnit: '9.99', extra: 1 }).text).toBe('{"quantity":"2","priceUnit":"9.99","extra":1}');
  });
});
