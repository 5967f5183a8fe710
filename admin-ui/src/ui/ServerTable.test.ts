import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { flushPromises } from '@vue/test-utils';
import ServerTable from './ServerTable.vue';
import type { PageRequest } from './paging';
import { mountScreen } from '@/test/mount';

interface Row {
  id: string;
}
const pages: Record<string, { items: Row[]; nextCursor: string | null }> = {
  first: { items: [{ id: 'a' }, { id: 'b' }], nextCursor: 'c2' },
  c2: { items: [{ id: 'c' }], nextCursor: null },
};

function harness(load: (req: PageRequest) => Promise<{ items: Row[]; nextCursor: string | null }>, onSelect = vi.fn()) {
  return defineComponent({
    setup: () => () =>
      h(ServerTable<Row>, {
        label: 'Things',
        columns: [{ key: 'id', title: 'Id' }],
        load,
        rowKey: (r: Row) => r.id,
        filterKeys: ['state'],
        emptyTitle: 'No things',
        onSelect,
      }),
  });
}
const button = (w: Awaited<ReturnType<typeof mountScreen>>['wrapper'], text: string) => w.findAll('button').find((b) => b.text() === text)!;

describe('ServerTable', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('pages forward by cursor and back through the cursors it followed', async () => {
    const load = vi.fn(async (req: PageRequest) => pages[req.cursor ?? 'first']!);
    const { wrapper } = await mountScreen(harness(load));
    expect(wrapper.text()).toContain('Page 1');
    expect(wrapper.findAll('tbody tr').map((r) => r.text())).toEqual(['a', 'b']);
    await button(wrapper, 'Next').trigger('click');
    await flushPromises();
    expect(load).toHaveBeenLastCalledWith({ cursor: 'c2', limit: 50, filters: {} });
    expect(wrapper.findAll('tbody tr').map((r) => r.text())).toEqual(['c']);
    expect(button(wrapper, 'Next').attributes('disabled')).toBeDefined();
    await button(wrapper, 'Previous').trigger('click');
    await flushPromises();
    expect(load).toHaveBeenLastCalledWith({ cursor: undefined, limit: 50, filters: {} });
    expect(wrapper.text()).toContain('Page 1');
  });

  it('reads its filters from the route query and restarts from the first page when they change', async () => {
    const load = vi.fn(async (req: PageRequest) => pages[req.cursor ?? 'first']!);
    const { wrapper, router } = await mountScreen(harness(load), { path: '/orders?state=failed&other=x' });
    expect(load).toHaveBeenLastCalledWith({ cursor: undefined, limit: 50, filters: { state: 'failed' } });
    await button(wrapper, 'Next').trigger('click');
    await flushPromises();
    await router.replace({ query: { state: 'imported' } });
    await flushPromises();
    expect(load).toHaveBeenLastCalledWith({ cursor: undefined, limit: 50, filters: { state: 'imported' } });
    expect(wrapper.text()).toContain('Page 1');
  });

  it('hands a clicked row or Enter on a row to the screen', async () => {
    const onSelect = vi.fn();
    const { wrapper } = await mountScreen(harness(async () => pages.first!, onSelect));
    await wrapper.findAll('tbody tr')[1]!.trigger('click');
    await wrapper.findAll('tbody tr')[0]!.trigger('keydown', { key: 'Enter' });
    expect(onSelect.mock.calls.map((c) => c[0])).toEqual([{ id: 'b' }, { id: 'a' }]);
  });

  it('shows the empty state, and the error with its code and a retry', async () => {
    const empty = await mountScreen(harness(async () => ({ items: [], nextCursor: null })));
    expect(empty.wrapper.text()).toContain('No things');
    let fail = true;
    const load = vi.fn(async () => {
      if (fail) throw Object.assign(new Error('x'), { code: 'CURSOR_INVALID', message: 'bad cursor' });
      return pages.c2!;
    });
    const { wrapper } = await mountScreen(harness(load));
    expect(wrapper.text()).toContain('CURSOR_INVALID');
    expect(wrapper.text()).toContain('bad cursor');
    fail = false;
    await button(wrapper, 'Try again').trigger('click');
    await flushPromises();
    expect(wrapper.findAll('tbody tr').map((r) => r.text())).toEqual(['c']);
  });
});
