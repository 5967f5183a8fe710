import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises } from '@vue/test-utils';
import { NInput, NSelect } from 'naive-ui';
import FilterBar from './FilterBar.vue';
import ServerTable from './ServerTable.vue';
import { filterValueOf, type FilterField } from './filter-bar';
import type { PageRequest } from './paging';
import { mountScreen } from '@/test/mount';

const fields: FilterField[] = [
  { kind: 'search', key: 'q', label: 'Search things', placeholder: 'a thing' },
  { kind: 'select', key: 'state', label: 'State', placeholder: 'Any state', options: [{ value: 'new', label: 'New' }, { value: 'old', label: 'Old' }] },
  { kind: 'select', key: 'status', label: 'Status', fallback: 'open', clearWhen: 'open', options: [{ value: 'open', label: 'Open' }, { value: 'closed', label: 'Closed' }] },
];

function bar(filters: Record<string, string>, onSet = vi.fn()) {
  return defineComponent({ setup: () => () => h(FilterBar, { filters, fields, onSet }, () => h('span', { class: 'extra' }, 'chips')) });
}
const select = (w: Awaited<ReturnType<typeof mountScreen>>['wrapper'], label: string) =>
  w.findAllComponents(NSelect).find((s) => s.attributes('aria-label') === label)!;

describe('FilterBar', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('renders each field with its label, its current value, a fallback while unset, and the extra slot', async () => {
    const { wrapper } = await mountScreen(bar({ q: '305-1', state: 'old' }));
    expect(document.querySelector<HTMLInputElement>('input[placeholder="a thing"]')!.value).toBe('305-1');
    expect(wrapper.find('[aria-label="Search things"]').exists()).toBe(true);
    expect(select(wrapper, 'State').text()).toContain('Old');
    // Unset status shows its fallback and cannot be cleared; the plain select can.
    expect(select(wrapper, 'Status').text()).toContain('Open');
    expect(select(wrapper, 'Status').props('clearable')).toBe(false);
    expect(select(wrapper, 'State').props('clearable')).toBe(true);
    expect(wrapper.find('[role="search"] .extra').text()).toBe('chips');
  });

  it('emits set with the trimmed search, null for a blank or cleared one', async () => {
    const onSet = vi.fn();
    const { wrapper } = await mountScreen(bar({}, onSet));
    const search = wrapper.findComponent(NInput);
    search.vm.$emit('change', '  305-1234567-1234567 ');
    search.vm.$emit('change', '   ');
    search.vm.$emit('clear');
    expect(onSet.mock.calls).toEqual([['q', '305-1234567-1234567'], ['q', null], ['q', null]]);
  });

  it('emits set with the chosen option; the default value clears its key', async () => {
    const onSet = vi.fn();
    const { wrapper } = await mountScreen(bar({ status: 'closed' }, onSet));
    select(wrapper, 'State').vm.$emit('update:value', 'new');
    select(wrapper, 'State').vm.$emit('update:value', null);
    select(wrapper, 'Status').vm.$emit('update:value', 'open');
    expect(onSet.mock.calls).toEqual([['state', 'new'], ['state', null], ['status', null]]);
  });

  it("sets a ServerTable's route-query filters, and the table loads with them", async () => {
    const load = vi.fn(async (_req: PageRequest) => ({ items: [], nextCursor: null }));
    const Screen = defineComponent({
      setup: () => () =>
        h(ServerTable<{ id: string }>, { label: 'Things', columns: [], load, rowKey: (r: { id: string }) => r.id, filterKeys: ['q', 'state', 'status'] }, {
          filters: ({ filters, setFilter }: { filters: Record<string, string>; setFilter: (k: string, v: string | null) => void }) =>
            h(FilterBar, { filters, fields, onSet: setFilter }),
        }),
    });
    const { wrapper, router } = await mountScreen(Screen, { path: '/orders?status=closed' });
    expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ filters: { status: 'closed' } }));
    select(wrapper, 'State').vm.$emit('update:value', 'new');
    await flushPromises();
    expect(router.currentRoute.value.query).toMatchObject({ state: 'new', status: 'closed' });
    select(wrapper, 'Status').vm.$emit('update:value', 'open');
    await flushPromises();
    expect(router.currentRoute.value.query.status).toBeUndefined();
    expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ filters: { state: 'new' } }));
  });
});

describe('filterValueOf', () => {
  it('trims searches, drops empty values and the clearing value', () => {
    expect(filterValueOf(fields[0]!, ' x ')).toBe('x');
    expect(filterValueOf(fields[0]!, '')).toBeNull();
    expect(filterValueOf(fields[1]!, ' keep ')).toBe(' keep ');
    expect(filterValueOf(fields[2]!, 'open')).toBeNull();
    expect(filterValueOf(fields[2]!, null)).toBeNull();
  });
});
