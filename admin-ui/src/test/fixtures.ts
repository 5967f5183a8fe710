/** API answers the screen tests share: a backend as GET /api/backends gives it, and an overview. */
import type { components } from '@/api/openapi';

type Backend = components['schemas']['Backend'];
type Overview = components['schemas']['BackendOverview'];

export const backend = (id = 1): Backend =>
  ({
    id,
    name: `Shop ${id}`,
    amazon: { region: 'eu', sellerId: 'S1', marketplaceIds: ['A1PA6795UKMFR9'] },
    erp: { url: 'https://erp.example/', database: 'prod', version: '18.0', companyId: null },
    settings: {},
    enabled: true,
    state: 'active',
    sync: { cursor: new Date(Date.now() - 5 * 60_000).toISOString(), lastSweepAt: null, lastSweepStatus: null, ordersImported: 0, ordersWaiting: 0, openConflicts: 2, failedRecords: 0, flows: {} },
    health: { state: 'ok', code: null, message: null, since: null, flows: [{ flow: 'orders', state: 'failing', code: 'ERP_UNAVAILABLE', message: 'Odoo did not answer', since: null, lastProgressAt: null, expectedIntervalSeconds: 60 }] },
    setUpAt: null,
    createdAt: '2026-12-01T00:00:00.000Z',
  }) as unknown as Backend;

const hours = (counts: number[]) => counts.map((count, i) => ({ hour: new Date(Date.UTC(2026, 11, 2, i)).toISOString(), count }));

export const overview = (over: Partial<Overview> = {}): Overview => ({
  backendId: 1,
  asOf: new Date().toISOString(),
  flows: [{ flow: 'orders.import', lastRun: { status: 'failed', startedAt: new Date().toISOString(), finishedAt: null, errorCode: 'ERP_TIMEOUT' }, runs24h: 12, failedRuns24h: 3 }],
  ordersImportedToday: 1234,
  openConflicts: [{ code: 'SKU_UNMAPPED', count: 2 }],
  importsPerHour: hours(Array.from({ length: 24 }, (_, i) => i)),
  conflictsPerHour: hours(Array.from({ length: 24 }, () => 0)),
  quota: [{ operation: 'getOrder', tokensLeft: 3, burst: 30, ratePerSecond: 0.475, pausedUntil: null }],
  ...over,
});

export const atRisk = { backendId: 1, asOf: new Date().toISOString(), thresholdHours: 24, counts: { atRisk: 4, late: 1 }, atRisk: [], late: [{ amazonOrderId: '028-1111111-1111111', marketplaceId: 'A1PA6795UKMFR9', amazonStatus: 'Unshipped', latestShipDate: new Date().toISOString(), hoursLeft: -2.5, late: true, syncState: 'imported', erpOrder: null }] };
