import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { mockFetch } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { atRisk, backend, overview } from '@/test/fixtures';
import { loadBackends } from '@/session/current-backend';
import OverviewScreen from './OverviewScreen.vue';

vi.mock('vue-chartjs', () => import('@/test/chart-double'));

const base = { 'GET /api/backends': { body: [backend(1)] }, 'GET /api/backends/1': { body: backend(1) }, 'GET /api/backends/1/shipments/at-risk': { body: atRisk } };

describe('Overview screen', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    document.body.innerHTML = '';
  });

  it('shows skeletons while loading, then the figures, flows, conflicts and charts', async () => {
    let answer!: () => void;
    const gate = new Promise<void>((r) => (answer = r));
    mockFetch({ ...base, 'GET /api/backends/1/overview': { body: overview() } });
    await loadBackends();
    const slow = globalThis.fetch;
    vi.stubGlobal('fetch', async (req: Request) => {
      if (req.url.endsWith('/overview')) await gate;
      return slow(req);
    });
    const { wrapper } = await mountScreen(OverviewScreen);
    expect(wrapper.find('[aria-busy="true"]').exists()).toBe(true);
    answer();
    await flushPromises();
    await vi.waitFor(() => expect(wrapper.text()).toContain('Orders imported today'));
    const text = wrapper.text();
    expect(text).toContain((1234).toLocaleString());
    expect(text).toContain('ERP_UNAVAILABLE'); // flow health from the backend
    expect(text).toContain('ERP_TIMEOUT'); // last run's error
    expect(text).toContain('SKU_UNMAPPED');
    expect(text).toContain('+ 1 late');
    expect(text).toContain('2.5 h late'); // the late order, linked to Orders
    expect(wrapper.find('a[href="/orders?q=028-1111111-1111111"]').exists()).toBe(true);
    const charts = wrapper.findAll('canvas').map((c) => [c.attributes('data-chart'), JSON.parse(c.attributes('data-values')!)]);
    expect(charts.map(([kind]) => kind)).toEqual(['bar', 'line', 'bar']);
    expect(charts[0]![1][0]).toHaveLength(24);
    expect(charts[2]![1]).toEqual([[10]]); // getOrder: 3 of 30 left = 10 %
  });

  it('says so when nothing ran yet and no SP-API call was made', async () => {
    mockFetch({ ...base, 'GET /api/backends/1/overview': { body: overview({ flows: [], openConflicts: [], quota: [] }) } });
    await loadBackends();
    const { wrapper } = await mountScreen(OverviewScreen);
    await vi.waitFor(() => expect(wrapper.text()).toContain('No run in the last week.'));
    expect(wrapper.text()).toContain('No open conflict.');
    expect(wrapper.text()).toContain('No SP-API call yet');
  });

  it('shows the error code and retries', async () => {
    let fail = true;
    mockFetch({
      ...base,
      'GET /api/backends/1/overview': () => (fail ? { status: 503, body: { code: 'DATABASE_UNAVAILABLE', message: 'the database is down' } } : { body: overview() }),
    });
    await loadBackends();
    const { wrapper } = await mountScreen(OverviewScreen);
    await vi.waitFor(() => expect(wrapper.text()).toContain('DATABASE_UNAVAILABLE'));
    expect(wrapper.text()).toContain('the database is down');
    fail = false;
    await wrapper.findAll('button').find((b) => b.text() === 'Try again')!.trigger('click');
    await vi.waitFor(() => expect(wrapper.text()).toContain('Orders imported today'));
  });

  it('refreshes by itself every 15 seconds', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { calls } = mockFetch({ ...base, 'GET /api/backends/1/overview': { body: overview() } });
    await loadBackends();
    await mountScreen(OverviewScreen);
    const count = () => calls.filter((r) => r.url.endsWith('/overview')).length;
    await vi.waitFor(() => expect(count()).toBe(1));
    vi.advanceTimersByTime(15_000);
    await vi.waitFor(() => expect(count()).toBe(2));
  });
});
