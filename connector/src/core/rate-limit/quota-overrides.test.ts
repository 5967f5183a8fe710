/**
 * Rate overrides belong to one backend: two backends of the same seller and application share Amazon's bucket,
 * but each is paced by its own override, and creating or patching one never rewrites the other's.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../db/testing.ts';
import { backendSettings, quotaSettings } from '../../sync/backend-settings.ts';
import { createBackendService, type BackendRecord, type NewBackend } from '../backend/index.ts';
import { createKeyring } from '../crypto.ts';
import { createSecretStore } from '../secret-store.ts';
import { createPgQuotaGate, PACING } from './pg-quota-gate.ts';
import { quotaKeysFor } from './quota-keys.ts';

const base: Omit<NewBackend, 'name'> = {
  amazonRegion: 'eu',
  sellerId: 'A2SHARED',
  marketplaceIds: ['A1PA6795UKMFR9'],
  erpUrl: 'http://127.0.0.1:8069',
  erpDb: 'demo',
  credentials: {
    amazon: { lwaClientId: 'app-1', lwaClientSecret: 's', refreshToken: 'Atzr|r' },
    erp: { apiKey: 'k', login: null, password: null },
  },
};

describe('rate overrides per backend', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase('quota_overrides');
  });
  afterAll(async () => db.drop());

  it("patching one backend's override leaves the other's pacing unchanged", async () => {
    const backends = createBackendService(db.em, createSecretStore(db.em, createKeyring(randomBytes(32))), { settings: backendSettings });
    const a = await backends.create({ ...base, name: 'a', settings: { quota: { rateOverrides: { getOrder: { rate: 10, burst: 1 } } } } });
    const b = await backends.create({ ...base, name: 'b', settings: { quota: { rateOverrides: { getOrder: { rate: 1, burst: 1 } } } } });
    const key = quotaKeysFor('eu', 'app-1', 'A2SHARED').seller;

    // The wait A's second call gets on a fresh bucket: one token at A's own rate.
    const waitOf = async (backend: BackendRecord, operation: string) => {
      const waits: number[] = [];
      const gate = createPgQuotaGate(db.pool, { sleep: async (ms) => void waits.push(ms) });
      const override = quotaSettings.of(backend.settings).rateOverrides.getOrder;
      await db.pool.query('delete from rate_bucket');
      await gate.acquire(key, operation, { rate: 0.5, burst: 30 }, undefined, override);
      await gate.acquire(key, operation, { rate: 0.5, burst: 30 }, undefined, override);
      return waits;
    };
    const before = await waitOf(await backends.get(a.id), 'getOrder');
    await backends.update(b.id, { settings: { quota: { rateOverrides: { getOrder: null } } } });
    await backends.create({ ...base, name: 'c' });
    const after = await waitOf(await backends.get(a.id), 'getOrder');
    // One token at A's 10/s is 100 ms (less the few ms between the two calls), before and after.
    for (const waits of [before, after]) {
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThan(80);
      expect(waits[0]).toBeLessThanOrEqual(100);
    }
    // B lost its override: the plan's burst of 30 lets its second call through at once, and an empty bucket
    // paces it at the plan's 0.5/s (95 %), not at A's 10/s.
    const bNow = await backends.get(b.id);
    expect(quotaSettings.of(bNow.settings).rateOverrides).toEqual({});
    expect(await waitOf(bNow, 'getOrder')).toEqual([]);
    const waits: number[] = [];
    const gate = createPgQuotaGate(db.pool, { sleep: async (ms) => void waits.push(ms) });
    await db.pool.query(`update rate_bucket set tokens = 0, updated_at = clock_timestamp()`);
    await gate.acquire(key, 'getOrder', { rate: 0.5, burst: 30 });
    expect(waits[0]).toBeGreaterThan(2000 / PACING - 50);
  });

  it('keys buckets as Amazon counts: application and seller per region, grantless per application', () => {
    const k = quotaKeysFor('eu', 'amzn1.application-oa2-client.abc', 'A2SHARED');
    expect(k).toEqual({
      seller: 'eu:app:amzn1.application-oa2-client.abc:seller:A2SHARED',
      application: 'eu:app:amzn1.application-oa2-client.abc',
    });
    expect(quotaKeysFor('na', 'amzn1.application-oa2-client.abc', 'A2SHARED').seller).not.toBe(k.seller);
    expect(quotaKeysFor('eu', 'another-app', 'A2SHARED').seller).not.toBe(k.seller);
  });
});
