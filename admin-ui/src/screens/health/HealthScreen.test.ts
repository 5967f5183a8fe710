import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch } from '@/test/fetch-mock';
import { mountScreen } from '@/test/mount';
import { backend } from '@/test/fixtures';
import { loadBackends } from '@/session/current-backend';
import HealthScreen from './HealthScreen.vue';
import type { HealthAlert, HealthHistory, Indicator } from './health-api';

vi.mock('vue-chartjs', () => import('@/test/chart-double'));

const DE = 'A1PA6795UKMFR9';
const point = (day: string, count: number, total: number) => ({ periodFrom: `2026-05-${day}T00:00:00.000Z`, periodTo: `2026-06-${day}T23:59:00.000Z`, count, total, rate: count / total, status: count / total >= 0.04 ? 'BAD' : 'GOOD', readAt: `2026-06-${day}T08:00:00.000Z` });
const history: HealthHistory = {
  warnMargin: 0.25,
  series: [
    { marketplaceId: DE, metric: 'onTimeDeliveryRate', label: 'On-time delivery rate', target: { value: 0.9, condition: 'atLeast', watched: false }, warnAt: null, level: 'ok', advice: 'Choose services…', points: [point('10', 95, 100)] },
    { marketplaceId: DE, metric: 'lateShipmentRate', label: 'Late shipment rate', target: { value: 0.04, condition: 'below', watched: true }, warnAt: 0.03, level: 'breach', advice: 'Confirm shipments before the ship-by time.',
      points: [point('08', 1, 100), point('09', 3, 100), point('10', 5, 100)] },
  ],
};
const indicators: Indicator[] = [
  { key: 'atRisk', label: 'Orders at risk of shipping late', count: 1, advice: 'Ship these first.', orders: [{ amazonOrderId: '028-1111111-1111111', at: '2026-06-10T12:00:00.000Z', note: 'ship by 2026-06-10T12:00:00.000Z' }] },
  { key: 'trackingRefused', label: 'Tracking numbers refused', count: 0, advice: 'Correct the tracking number.', orders: [] },
];
const alert: HealthAlert = { id: 7, marketplaceId: DE, metric: 'lateShipmentRate', periodFrom: '2026-05-12T00:00:00.000Z', periodTo: '2026-06-10T23:59:00.000Z', level: 'breach', rate: 0.05, threshold: 0.04,
  raisedAt: new Date().toISOString(), activityState: 'created', erpActivityId: 12 };
const base = { 'GET /api/backends': { body: [backend(1)] }, 'GET /api/backends/1': { body: backend(1) } };

describe('Account health screen', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
    document.body.innerHTML = '';
  });

  it('draws each rate over time against its threshold, the orders behind each indicator with what to do, and the alerts', async () => {
    mockFetch({ ...base, 'GET /api/backends/1/account-health/history': { body: history }, 'GET /api/backends/1/account-health/indicators': { body: { asOf: new Date().toISOString(), indicators } },
      'GET /api/backends/1/account-health/alerts': { body: { items: [alert] } } });
    await loadBackends();
    const { wrapper } = await mountScreen(HealthScreen, { path: '/health' });
    await vi.waitFor(() => expect(wrapper.text()).toContain('Late shipment rate'));
    const text = wrapper.text();
    // The watched rate first, its latest figure and target, its level and advice.
    const charts = wrapper.findAll('canvas').map((c) => JSON.parse(c.attributes('data-values')!));
    expect(charts[0]).toEqual([[1, 3, 5], [4, 4, 4], [3, 3, 3]]);
    expect(charts[1]).toEqual([[95], [90]]);
    expect(text).toContain('5.00 %');
    expect(text).toContain('target under 4.00 %');
    expect(text).toContain("at least 90.00 % (Amazon's target)");
    expect(text).toContain('Past the threshold');
    expect(text).toContain('Confirm shipments before the ship-by time.');
    // Leading indicators: the order linked to the Orders screen, the advice, an empty one said so.
    expect(text).toContain('Orders at risk of shipping late');
    expect(text).toContain('What to do: Ship these first.');
    expect(wrapper.find('a[href="/orders?q=028-1111111-1111111"]').exists()).toBe(true);
    expect(text).toContain('No order right now.');
    // The alert with its ERP activity.
    expect(text).toContain('#12');
    expect(text).toContain('breach');
  });

  it('says what to switch on when no report was read yet, and shows an error with a retry', async () => {
    let fail = true;
    mockFetch({ ...base, 'GET /api/backends/1/account-health/history': { body: { warnMargin: 0.25, series: [] } },
      'GET /api/backends/1/account-health/indicators': () => (fail ? { status: 503, body: { code: 'DATABASE_UNAVAILABLE', message: 'the database is down' } } : { body: { asOf: new Date().toISOString(), indicators } }),
      'GET /api/backends/1/account-health/alerts': { body: { items: [] } } });
    await loadBackends();
    const { wrapper } = await mountScreen(HealthScreen, { path: '/health' });
    await vi.waitFor(() => expect(wrapper.text()).toContain('No report read yet'));
    expect(wrapper.text()).toContain('goLive.account-health.enabled');
    expect(wrapper.text()).toContain('No alert');
    expect(wrapper.text()).toContain('DATABASE_UNAVAILABLE');
    fail = false;
    await wrapper.findAll('button').find((b) => b.text() === 'Try again')!.trigger('click');
    await vi.waitFor(() => expect(wrapper.text()).toContain('Orders at risk of shipping late'));
  });
});
