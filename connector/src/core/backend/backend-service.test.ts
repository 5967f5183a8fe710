import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../db/testing.ts';
import { backendSettings, ordersSettings, quotaSettings } from '../../sync/backend-settings.ts';
import { createAuditLog } from '../audit/index.ts';
import { createKeyring } from '../crypto.ts';
import { createSecretStore } from '../secret-store.ts';
import { createBackendService, type NewBackend } from './index.ts';
import { DEFAULT_BUYER_NOTE } from '../../sync/cancellations/cancellations.settings.ts';

const input: NewBackend = {
  name: 'eu-main',
  amazonRegion: 'eu',
  sellerId: 'A2SELLER01',
  marketplaceIds: ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH'],
  erpUrl: 'http://127.0.0.1:8069/',
  erpDb: 'demo',
  settings: { quota: { rateOverrides: { searchOrders: { rate: 5, burst: 50 } } } },
  credentials: {
    amazon: { lwaClientId: 'client-1', lwaClientSecret: 'lwa-secret-1', refreshToken: 'Atzr|seller-1' },
    erp: { apiKey: 'odoo-api-key-1', login: null, password: null },
  },
};

describe('backend service', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const key = randomBytes(32);
  beforeAll(async () => {
    db = await openTestDatabase('backend');
  });
  afterAll(async () => db.drop());
  const service = (k = key) => createBackendService(db.em, createSecretStore(db.em, createKeyring(k)), { settings: backendSettings });
  const audit = () => createAuditLog(db.pool);

  it('creates a backend with defaults and credentials sealed at rest; the shared buckets keep no override', async () => {
    const b = await service().create(input, { actor: 'admin-token' });
    expect(b).toMatchObject({ name: 'eu-main', erpUrl: 'http://127.0.0.1:8069', erpVersion: null, enabled: true, deletedAt: null });
    expect(ordersSettings.of(b.settings)).toEqual({ customerStrategy: 'per_buyer_email', batchSize: 200, pageSize: 100, sweepIntervalSeconds: 180 });
    expect(quotaSettings.of(b.settings).rateOverrides).toEqual({ searchOrders: { rate: 5, burst: 50 } });
    expect(await service().credentials(b.id)).toEqual(input.credentials);

    const raw = await db.pool.query('select sealed from secret where ref = $1', [b.credentialsRef]);
    expect(Buffer.from(raw.rows[0].sealed).includes(Buffer.from('lwa-secret-1'))).toBe(false);
    expect((await db.pool.query('select * from rate_bucket')).rows).toEqual([]);
    // Another process with another key cannot read the credentials.
    await expect(service(randomBytes(32)).credentials(b.id)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    const [created] = await audit().list({ backendId: b.id, limit: 10 });
    expect(created).toMatchObject({ actor: 'admin-token', action: 'backend.create', target: `backend:${b.id}` });
    expect(JSON.stringify(created)).not.toMatch(/lwa-secret-1|odoo-api-key-1|Atzr/);
  });

  it('keeps the ERP company of a multi-company Odoo: set, audited, cleared; a non-positive id refused', async () => {
    const b = (await service().findByName('eu-main'))!;
    expect(b.erpCompanyId).toBeNull();
    expect((await service().update(b.id, { erpCompanyId: 2 }, { actor: 'cli' })).erpCompanyId).toBe(2);
    expect((await service().get(b.id)).erpCompanyId).toBe(2);
    const [changed] = await audit().list({ backendId: b.id, limit: 1 });
    expect(changed).toMatchObject({ action: 'backend.update', before: { erpCompanyId: null }, after: { erpCompanyId: 2 } });
    await expect(service().update(b.id, { erpCompanyId: 0 }, { actor: 'cli' })).rejects.toMatchObject({ code: 'BACKEND_INVALID', details: { fields: ['erpCompanyId'] } });
    expect((await service().update(b.id, { erpCompanyId: null }, { actor: 'cli' })).erpCompanyId).toBeNull();
  });

  it('merges a settings patch per namespace, null removing an override; audits what changed and never a secret', async () => {
    const b = (await service().findByName('eu-main'))!;
    const updated = await service().update(
      b.id,
      {
        marketplaceIds: ['A1PA6795UKMFR9'],
        settings: { orders: { customerStrategy: 'per_order' }, quota: { rateOverrides: { searchOrders: null, getOrder: { rate: 2 } } } },
        credentials: { ...input.credentials, erp: { apiKey: null, login: 'admin', password: 'pw-secret' } },
      },
      { actor: 'cli' },
    );
    expect(updated.marketplaceIds).toEqual(['A1PA6795UKMFR9']);
    expect(ordersSettings.of(updated.settings)).toMatchObject({ customerStrategy: 'per_order', batchSize: 200 });
    expect(quotaSettings.of(updated.settings).rateOverrides).toEqual({ getOrder: { rate: 2 } });
    expect((await service().credentials(b.id)).erp).toEqual({ apiKey: null, login: 'admin', password: 'pw-secret' });
    const [entry] = await audit().list({ backendId: b.id, limit: 1 });
    expect(entry).toMatchObject({ actor: 'cli', action: 'backend.update', after: { credentials: 'replaced', marketplaceIds: ['A1PA6795UKMFR9'] } });
    expect(JSON.stringify(entry)).not.toContain('pw-secret');

    const entries = async () => (await audit().list({ backendId: b.id, limit: 100 })).length;
    const n = await entries();
    const again = await service().ensure({ ...input, name: 'eu-main', credentials: { ...input.credentials, erp: { apiKey: null, login: 'admin', password: 'pw-secret' } } });
    expect(again.id).toBe(b.id);
    // The same fields and credentials again (a reboot): nothing changed, nothing audited.
    await service().ensure({ ...input, name: 'eu-main', credentials: { ...input.credentials, erp: { apiKey: null, login: 'admin', password: 'pw-secret' } } });
    expect(await entries()).toBe(n + 1);
    expect((await service().list()).map((x) => x.name)).toEqual(['eu-main']);
  });

  it('reads settings stored in the flat shape of earlier versions', async () => {
    const b = (await service().findByName('eu-main'))!;
    // Today's stored shape, as written by the previous version (and an unknown key it accepted then).
    await db.pool.query('update backend set settings = $2 where id = $1', [
      b.id,
      { customerStrategy: 'per_order', batchSize: 800, rateOverrides: { searchOrders: { rate: 1, burst: 20 } }, piiRetentionDays: 14, sweepIntervalSeconds: 60, junk: 'x'.repeat(1000) },
    ]);
    const read = await service().get(b.id);
    expect(read.settings).toEqual({
      // batchSize 800 was within the old bounds: clamped into today's, not lost.
      orders: { customerStrategy: 'per_order', batchSize: 500, pageSize: 100, sweepIntervalSeconds: 60 },
      quota: { rateOverrides: { searchOrders: { rate: 1, burst: 20 } } },
      privacy: { piiRetentionDays: 14 },
      retention: { documentsDays: 90, runsDays: 30, conflictsDays: 180, failedJobsDays: 30, auditDays: 365 },
      vat: { ossRegistered: true, registrations: {}, invalidBuyerVat: 'wait' },
      erpSetup: { createMissing: false, installModules: false },
      fba: { deliveryIntervalSeconds: 60, pools: {} },
      erpCalls: { targetCallSeconds: 6, maxConcurrentWrites: 1 },
      changeFeed: { pollSeconds: 30 },
      invoices: { batchSize: 50, uploadVatInvoices: false },
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
      goLive: {
        orders: { enabled: true, dryRun: false, cutoverAt: null },
        fba: { enabled: false, dryRun: false, cutoverAt: null },
        invoices: { enabled: true, dryRun: false, cutoverAt: null },
        shipments: { enabled: false, dryRun: false, cutoverAt: null },
        cancellations: { enabled: false, dryRun: false, cutoverAt: null },
        refunds: { enabled: false, dryRun: false, cutoverAt: null },
        'refund-adjustments': { enabled: false, dryRun: false, cutoverAt: null },
        'fba-returns': { enabled: false, dryRun: false, cutoverAt: null },
        'account-health': { enabled: false, dryRun: false, cutoverAt: null },
        returns: { enabled: false, dryRun: false, cutoverAt: null },
        care: { enabled: false, dryRun: false, cutoverAt: null },
        labels: { enabled: false, dryRun: false, cutoverAt: null },
        'review-requests': { enabled: false, dryRun: false, cutoverAt: null },
        'buyer-messages': { enabled: false, dryRun: false, cutoverAt: null },
        settlements: { enabled: false, dryRun: false, cutoverAt: null },
        'merchant-stock': { enabled: false, dryRun: false, cutoverAt: null },
        'fba-stock': { enabled: false, dryRun: false, cutoverAt: null },
      },
    });
    // The next write stores the namespaced shape, without the junk.
    await service().update(b.id, { settings: { orders: { pageSize: 50 } } });
    const stored = (await db.pool.query('select settings from backend where id = $1', [b.id])).rows[0].settings;
    expect(Object.keys(stored).sort()).toEqual(['changeFeed', 'erpCalls', 'erpSetup', 'fba', 'goLive', 'invoices', 'orders', 'privacy', 'quota', 'retention', 'shipments', 'vat', 'feeds', 'cancellations', 'refunds', 'fbaReturns', 'refundAdjustments', 'returns', 'care', 'reorder', 'merchantStock', 'fbaStock', 'labels', 'reviewRequests', 'accountHealth', 'settlements'].sort());
    expect(stored.orders).toMatchObject({ batchSize: 500, pageSize: 50 });
  });

  it('refuses bad input with stable codes naming the field or key', async () => {
    await expect(service().create({ ...input, name: 'x2', sellerId: 'bad id' })).rejects.toMatchObject({
      code: 'BACKEND_INVALID',
      details: { fields: ['sellerId'] },
    });
    await expect(service().create({ ...input, name: 'x3', settings: { orders: { batchSize: 0 } } })).rejects.toMatchObject({ code: 'SETTINGS_INVALID' });
    await expect(service().create({ ...input, name: 'x3', settings: { orders: { nope: 1 } } })).rejects.toMatchObject({
      code: 'SETTINGS_UNKNOWN_KEY',
      details: { key: 'orders.nope' },
    });
    await expect(service().create({ ...input, name: 'x5', erpUrl: 'http://169.254.169.254/' })).rejects.toMatchObject({ code: 'ERP_URL_REFUSED' });
    await expect(
      service().create({ ...input, name: 'x4', credentials: { ...input.credentials, erp: { apiKey: null, login: 'a', password: null } } }),
    ).rejects.toMatchObject({ code: 'BACKEND_INVALID', details: { fields: ['credentials.erp'] } });
    await expect(service().get(9999)).rejects.toMatchObject({ code: 'BACKEND_NOT_FOUND' });
    expect((await service().list()).map((x) => x.name)).toEqual(['eu-main']);
  });

  it('disables, enables and deletes: history kept, name reusable, credentials destroyed, each step audited', async () => {
    const b = await service().create({ ...input, name: 'to-go' }, { actor: 'admin-token' });
    let enabledHook = 0;
    const hooked = createBackendService(db.em, createSecretStore(db.em, createKeyring(key)), {
      settings: backendSettings,
      onEnabled: async (id, tx) => {
        enabledHook += 1;
        await tx.query('select $1::int as id', [id]);
      },
    });
    expect((await hooked.setEnabled(b.id, false, { actor: 'admin-token' })).enabled).toBe(false);
    expect(await hooked.state(b.id)).toBe('disabled');
    expect((await hooked.list()).find((x) => x.id === b.id)?.enabled).toBe(false);
    expect((await hooked.setEnabled(b.id, true, { actor: 'admin-token' })).enabled).toBe(true);
    expect(enabledHook).toBe(1);

    await db.pool.query(`insert into sync_run (backend_id, flow, trigger) values ($1, 'orders.sweep', 'sweep')`, [b.id]);
    await hooked.remove(b.id, { actor: 'admin-token' });
    expect(await hooked.state(b.id)).toBe('deleted');
    await expect(hooked.get(b.id)).rejects.toMatchObject({ code: 'BACKEND_NOT_FOUND' });
    await expect(hooked.setEnabled(b.id, true)).rejects.toMatchObject({ code: 'BACKEND_NOT_FOUND' });
    expect((await hooked.list()).map((x) => x.name)).not.toContain('to-go');
    expect((await hooked.list({ includeDeleted: true })).map((x) => x.name)).toContain('to-go');
    expect((await db.pool.query('select count(*)::int as n from secret where ref = $1', [b.credentialsRef])).rows[0].n).toBe(0);
    expect((await db.pool.query('select count(*)::int as n from sync_run where backend_id = $1', [b.id])).rows[0].n).toBe(1);

    const reused = await hooked.create({ ...input, name: 'to-go' });
    expect(reused.id).not.toBe(b.id);
    const taken = await hooked.create({ ...input, name: 'to-go' }).catch((e: unknown) => e);
    expect(taken).toMatchObject({ code: 'BACKEND_NAME_TAKEN' });
    expect((taken as Error).message).not.toMatch(/insert/i);
    const actions = (await audit().list({ backendId: b.id, limit: 10 })).map((e) => e.action);
    expect(actions).toEqual(['backend.delete', 'backend.enable', 'backend.disable', 'backend.create']);
  });

  it('announces every change with NOTIFY at commit', async () => {
    const listener = await db.pool.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => heard.push(`${n.channel}:${n.payload}`));
    try {
      await listener.query('listen aec_backend_changed');
      const b = (await service().findByName('eu-main'))!;
      await service().update(b.id, { settings: { orders: { batchSize: 7 } } });
      await expect(service().update(b.id, { settings: { orders: { batchSize: 7000 } } })).rejects.toMatchObject({ code: 'SETTINGS_INVALID' });
      const until = Date.now() + 5_000;
      while (heard.length < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 100));
      // One notification: the refused change rolled back, and with it its NOTIFY.
      expect(heard).toEqual([`aec_backend_changed:${b.id}`]);
    } finally {
      await listener.query('unlisten *');
      listener.release();
    }
  });

  it('ensure: two boots at once get the one backend, neither fails on the name; markSetUp says the first time once', async () => {
    const racing = { ...input, name: 'booted-twice' };
    // Both look the name up before either inserts (the race of two processes booting on a fresh database).
    const [a, b] = await Promise.all([service().ensure(racing, { actor: 'boot' }), service().ensure(racing, { actor: 'boot' })]);
    expect(a.id).toBe(b.id);
    expect((await service().list()).filter((x) => x.name === 'booted-twice')).toHaveLength(1);
    expect(a.setUpAt).toBeNull();
    const marks = await Promise.all([service().markSetUp(a.id, db.pool), service().markSetUp(a.id, db.pool)]);
    expect(marks.sort()).toEqual([false, true]);
    expect((await service().get(a.id)).setUpAt).toBeInstanceOf(Date);
  });
});
