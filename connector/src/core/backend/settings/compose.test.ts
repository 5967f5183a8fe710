import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { backendSettings } from '../../../sync/backend-settings.ts';
import { DEFAULT_BUYER_NOTE } from '../../../sync/cancellations/cancellations.settings.ts';
import { goLiveOf } from './go-live.settings.ts';
import { composeBackendSettings } from './compose.ts';
import { defineSettingsNamespace } from './namespace.ts';

const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected a throw');
};

describe('backend settings: one schema of namespaces', () => {
  it("reads today's stored flat shape into the namespaces, defaults filled", () => {
    // What the previous version stored (its parseBackendSettings output plus the keys the API added).
    const stored = {
      customerStrategy: 'per_order',
      batchSize: 7,
      rateOverrides: { searchOrders: { rate: 1, burst: 20 } },
      piiRetentionDays: 30,
      sweepIntervalSeconds: 30,
    };
    const { settings, dropped } = backendSettings.read(stored);
    expect(settings).toEqual({
      quota: { rateOverrides: { searchOrders: { rate: 1, burst: 20 } } },
      privacy: { piiRetentionDays: 30 },
      retention: { documentsDays: 90, runsDays: 30, conflictsDays: 180, failedJobsDays: 30, auditDays: 365 },
      vat: { ossRegistered: true, registrations: {}, invalidBuyerVat: 'wait' },
      erpSetup: { createMissing: false, installModules: false },
      fba: { deliveryIntervalSeconds: 60, pools: {} },
      erpCalls: { targetCallSeconds: 6, maxConcurrentWrites: 1 },
      changeFeed: { pollSeconds: 30 },
      orders: { customerStrategy: 'per_order', batchSize: 7, pageSize: 100, sweepIntervalSeconds: 30 },
      invoices: { batchSize: 50, uploadVatInvoices: false },
      // Every flow's go-live controls, at the flow's defaults (the orders flow is on, as before they existed).
      shipments: { shipByAlertHours: 24 },
      reorder: { enabled: false, leadTimeDays: 14, targetCoverDays: 30, moq: 0, casePack: 1, halfLifeWeeks: 4, pushOrderpoints: false, warehouses: [], products: {} },
      feeds: { batchWindowSeconds: 30, reserveTokens: 3, reservePriority: 50, pollSeconds: 30, lookupMarginSeconds: 120 },
      cancellations: { whenAmazonCancels: 'cancel', buyerRequestNote: DEFAULT_BUYER_NOTE, sellerCancelReason: 'NoInventory' },
      refunds: { firstSweepDays: 30, kindFromFinancialEvents: true },
      refundAdjustments: { mark: 'AMAZON:', sweepDays: 14 },
      fbaReturns: { firstSweepDays: 30, claimAfterDays: 14 },
      accountHealth: { readEveryMinutes: 1440, warnMargin: 0.25, activityUser: '' },
      returns: { firstSweepDays: 30, rereadDays: 14, sweepMinutes: 30, validateAtOnce: false },
      care: { sweepMinutes: 10, activityType: 'mail.mail_activity_data_todo', sinceDays: 14, cancelRequestUser: '', cancelRequestDueHours: 12, returnRequestUser: '', returnRequestDueHours: 48, claimUser: '', claimDueHours: 24, chargebackUser: '', chargebackDueHours: 72, shipLateUser: '', shipLateDueHours: 2 },
      labels: { shipFrom: null, rule: 'cheapest', preferred: [], autoBuy: false, zpl: false, merchantFulfillmentMarketplaces: [], mfnReadBackAfterSeconds: 60, defaultWeightGrams: 500, maxPackageGrams: null, packagingGrams: 100, defaultDimensionsCm: { length: 30, width: 20, height: 10 } },
      reviewRequests: { delayDays: 5, optOutMarketplaces: [], optOutSkus: [], sweepHours: 24, maxPerSweep: 500 },
      settlements: { firstSweepDays: 90, overlapHours: 24, payoutMatchHours: 48, sweepMinutes: 60, postingEnabled: false, postingJournalCode: 'AMZ', postingMaxLines: 200, postingReconcileBatch: 150, postingBankLine: false, postingBankJournalCode: 'BNK1', postingFeesAs: 'vendorBills', postingFeeVatRates: {}, postingAccountCodes: {}, postingAccountsByType: {} },
      merchantStock: { warehouses: { DEFAULT: [] }, buffer: { fixed: 0, percent: 0 }, skuBuffers: {}, excludedSkus: [], allocationPercent: 100, urgentMaxSkus: 20, urgentPollSeconds: 3, reconcile: { intervalMinutes: 60, settleSeconds: 300 } },
      fbaStock: { snapshotIntervalMinutes: 60, autoApplyMaxUnits: 0, autoApplyMaxPercent: 0 },
      goLive: { orders: { enabled: true, dryRun: false, cutoverAt: null }, fba: { enabled: false, dryRun: false, cutoverAt: null }, invoices: { enabled: true, dryRun: false, cutoverAt: null }, shipments: { enabled: false, dryRun: false, cutoverAt: null }, cancellations: { enabled: false, dryRun: false, cutoverAt: null }, refunds: { enabled: false, dryRun: false, cutoverAt: null }, returns: { enabled: false, dryRun: false, cutoverAt: null }, care: { enabled: false, dryRun: false, cutoverAt: null }, 'refund-adjustments': { enabled: false, dryRun: false, cutoverAt: null }, 'fba-returns': { enabled: false, dryRun: false, cutoverAt: null }, labels: { enabled: false, dryRun: false, cutoverAt: null }, 'review-requests': { enabled: false, dryRun: false, cutoverAt: null }, 'buyer-messages': { enabled: false, dryRun: false, cutoverAt: null }, 'account-health': { enabled: false, dryRun: false, cutoverAt: null }, settlements: { enabled: false, dryRun: false, cutoverAt: null }, 'merchant-stock': { enabled: false, dryRun: false, cutoverAt: null }, 'fba-stock': { enabled: false, dryRun: false, cutoverAt: null } },
    });
    expect(dropped).toEqual([]);
    expect(backendSettings.read(null).settings).toEqual(backendSettings.defaults());
  });

  it('never fails on read: unknown keys dropped, numbers out of bounds clamped, other bad values defaulted', () => {
    const { settings, dropped } = backendSettings.read({
      sweepIntervalSeconds: 1e29,
      pageSize: 1_000_000,
      customerStrategy: 'per_moon',
      ['x'.repeat(50)]: 1,
      orders: { batchSize: 0 },
    });
    expect(settings.orders).toEqual({ sweepIntervalSeconds: 86_400, pageSize: 100, customerStrategy: 'per_buyer_email', batchSize: 1 });
    expect(dropped.sort()).toEqual(['orders.batchSize', 'orders.customerStrategy', 'orders.pageSize', 'orders.sweepIntervalSeconds', 'x'.repeat(50)].sort());
  });

  it('migrates renamed keys, the namespaced value winning over an old flat one', () => {
    const pace = defineSettingsNamespace({
      name: 'pace',
      description: 'test',
      properties: { intervalSeconds: Type.Integer({ minimum: 1, default: 60 }), note: Type.Optional(Type.String()) },
      // v1 stored a flat `sweepEvery`, v2 `pace.every`; v3 calls it `pace.intervalSeconds`.
      formerKeys: { sweepEvery: 'intervalSeconds', every: 'intervalSeconds' },
    });
    const model = composeBackendSettings([pace]);
    expect(model.read({ sweepEvery: 5 }).settings).toEqual({ pace: { intervalSeconds: 5 } });
    expect(model.read({ pace: { every: 6 } }).settings).toEqual({ pace: { intervalSeconds: 6 } });
    expect(model.read({ sweepEvery: 5, pace: { every: 6 } }).settings).toEqual({ pace: { intervalSeconds: 6 } });
    expect(model.read({ pace: { every: 6, intervalSeconds: 7 } }).settings).toEqual({ pace: { intervalSeconds: 7 } });
    // An optional key is removed by null; a key with a default goes back to it.
    const set = model.apply(model.defaults(), { pace: { note: 'hi', intervalSeconds: 9 } });
    expect(model.apply(set, { pace: { note: null, intervalSeconds: null } })).toEqual({ pace: { intervalSeconds: 60 } });
  });

  it('refuses unknown keys with SETTINGS_UNKNOWN_KEY naming them, and values out of bounds with SETTINGS_INVALID', () => {
    const d = backendSettings.defaults();
    expect(thrown(() => backendSettings.apply(d, { orders: { batchSize: 10, colour: 'red' } }))).toMatchObject({
      code: 'SETTINGS_UNKNOWN_KEY',
      details: { key: 'orders.colour' },
    });
    const huge = thrown(() => backendSettings.apply(d, { ['k'.repeat(1_000_000)]: 1 }));
    expect(huge.code).toBe('SETTINGS_UNKNOWN_KEY');
    expect(huge.message.length).toBeLessThan(200);
    // JSON bodies may carry an own "__proto__" key.
    expect(thrown(() => backendSettings.apply(d, JSON.parse('{"__proto__":{"polluted":true}}'))).code).toBe('SETTINGS_UNKNOWN_KEY');
    expect(thrown(() => backendSettings.apply(d, JSON.parse('{"orders":{"__proto__":{"x":1}}}'))).code).toBe('SETTINGS_UNKNOWN_KEY');
    for (const [key, bad] of [
      ['sweepIntervalSeconds', 1e9],
      ['sweepIntervalSeconds', 1e29],
      ['sweepIntervalSeconds', 0],
      ['pageSize', 1_000_000],
      ['pageSize', 0],
      ['batchSize', 501],
      ['batchSize', 2.5],
    ] as const) {
      const e = thrown(() => backendSettings.apply(d, { orders: { [key]: bad } }));
      expect(e.code, `${key} ${bad}`).toBe('SETTINGS_INVALID');
      expect(e.message).toContain(`orders.${key}`);
    }
    expect(thrown(() => backendSettings.apply(d, { quota: { rateOverrides: { searchOrdres: { rate: 1 } } } })).code).toBe('SETTINGS_INVALID');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('merges a patch per namespace (JSON merge patch): null clears one rate override, others stay', () => {
    const a = backendSettings.apply(backendSettings.defaults(), {
      quota: { rateOverrides: { searchOrders: { rate: 1, burst: 20 }, getOrder: { rate: 2 } } },
      orders: { batchSize: 50 },
    });
    const b = backendSettings.apply(a, { quota: { rateOverrides: { searchOrders: null, getOrder: { burst: 5 } } } });
    expect(b.quota).toEqual({ rateOverrides: { getOrder: { rate: 2, burst: 5 } } });
    expect(b.orders).toEqual(a.orders);
    expect(backendSettings.apply(b, { orders: { pageSize: 20 } }).orders).toMatchObject({ batchSize: 50, pageSize: 20 });
  });

  it('maps the documented BACKEND_SETTINGS keys through the same migration, refusing unknown ones', () => {
    expect(backendSettings.fromLegacy({ sweepIntervalSeconds: 2, rateOverrides: { searchOrders: { rate: 5, burst: 100 } }, batchSize: 20 })).toEqual({
      quota: { rateOverrides: { searchOrders: { rate: 5, burst: 100 } } },
      privacy: {},
      retention: {},
      vat: {},
      erpSetup: {},
      erpCalls: {},
      changeFeed: {},
      goLive: {},
      orders: { sweepIntervalSeconds: 2, batchSize: 20 },
      fba: {},
      invoices: {},
      feeds: {},
      shipments: {},
      reorder: {},
      cancellations: {},
      refunds: {},
      refundAdjustments: {},
      fbaReturns: {},
      accountHealth: {},
      returns: {},
      care: {},
      labels: {},
      reviewRequests: {},
      settlements: {},
      merchantStock: {},
      fbaStock: {},
    });
    expect(backendSettings.fromLegacy({ orders: { pageSize: 20 } }).orders).toEqual({ pageSize: 20 });
    expect(thrown(() => backendSettings.fromLegacy({ batchsize: 20 }))).toMatchObject({ code: 'SETTINGS_UNKNOWN_KEY', details: { key: 'batchsize' } });
  });

  it('gives the API a patch schema that refuses unknown keys and accepts null', () => {
    const patch = backendSettings.patchSchema as unknown as { additionalProperties: boolean; properties: Record<string, { additionalProperties: boolean }> };
    expect(patch.additionalProperties).toBe(false);
    expect(Object.keys(patch.properties).sort()).toEqual(['changeFeed', 'erpCalls', 'erpSetup', 'fba', 'goLive', 'invoices', 'orders', 'privacy', 'quota', 'retention', 'shipments', 'vat', 'feeds', 'cancellations', 'refunds', 'fbaReturns', 'refundAdjustments', 'returns', 'care', 'reorder', 'merchantStock', 'fbaStock', 'labels', 'reviewRequests', 'accountHealth', 'settlements'].sort());
    expect(patch.properties.orders!.additionalProperties).toBe(false);
  });

  it("keeps each flow's go-live controls: merged per key, a cut-over that is not a date-time refused", () => {
    const set = backendSettings.apply(backendSettings.defaults(), { goLive: { orders: { dryRun: true, cutoverAt: '2026-01-01T00:00:00Z' } } });
    expect(set.goLive).toMatchObject({ orders: { enabled: true, dryRun: true, cutoverAt: '2026-01-01T00:00:00Z' } });
    expect(goLiveOf(backendSettings.apply(set, { goLive: { orders: { cutoverAt: null } } }), 'orders')).toEqual({ enabled: true, dryRun: true, cutoverAt: null });
    expect(thrown(() => backendSettings.apply(set, { goLive: { orders: { cutoverAt: 'soon' } } }))).toMatchObject({ code: 'SETTINGS_INVALID' });
    expect(thrown(() => backendSettings.apply(set, { goLive: { payouts: { enabled: true } } }))).toMatchObject({ code: 'SETTINGS_UNKNOWN_KEY' });
  });
});
