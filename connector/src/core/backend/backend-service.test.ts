import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../db/testing.ts';
import { createKeyring } from '../crypto.ts';
import { createSecretStore } from '../secret-store.ts';
import { createBackendService, sellerKeyOf, type NewBackend } from './index.ts';

const input: NewBackend = {
  name: 'eu-main',
  amazonRegion: 'eu',
  sellerId: 'A2SELLER01',
  marketplaceIds: ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH'],
  erpUrl: 'http://127.0.0.1:8069/',
  erpDb: 'demo',
  settings: { rateOverrides: { searchOrders: { rate: 5, burst: 50 } } },
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
  const service = () => createBackendService(db.em, createSecretStore(db.em, createKeyring(key)));

  it('creates a backend with defaults, credentials sealed at rest and rate overrides in the buckets', async () => {
    const b = await service().create(input);
    expect(b).toMatchObject({ name: 'eu-main', erpUrl: 'http://127.0.0.1:8069', erpVersion: null });
    expect(b.settings).toMatchObject({ customerStrategy: 'per_buyer_email', batchSize: 200, piiRetentionDays: 30 });
    expect(await service().credentials(b.id)).toEqual(input.credentials);

    const raw = await db.pool.query('select sealed from secret where ref = $1', [b.credentialsRef]);
    expect(Buffer.from(raw.rows[0].sealed).includes(Buffer.from('lwa-secret-1'))).toBe(false);
    const bucket = await db.pool.query('select override_rate, override_burst from rate_bucket where seller_key = $1', [
      sellerKeyOf(b),
    ]);
    expect(bucket.rows).toEqual([{ override_rate: '5', override_burst: '50' }]);
    // Another process with another key cannot read the credentials.
    const stranger = createBackendService(db.em, createSecretStore(db.em, createKeyring(randomBytes(32))));
    await expect(stranger.credentials(b.id)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('updates fields, settings and credentials; clears removed overrides; ensure() is idempotent', async () => {
    const b = (await service().findByName('eu-main'))!;
    const updated = await service().update(b.id, {
      marketplaceIds: ['A1PA6795UKMFR9'],
      settings: { customerStrategy: 'per_order', rateOverrides: {} },
      credentials: { ...input.credentials, erp: { apiKey: null, login: 'admin', password: 'pw' } },
    });
    expect(updated.marketplaceIds).toEqual(['A1PA6795UKMFR9']);
    expect(updated.settings.customerStrategy).toBe('per_order');
    expect((await service().credentials(b.id)).erp).toEqual({ apiKey: null, login: 'admin', password: 'pw' });
    const bucket = await db.pool.query('select override_rate from rate_bucket where seller_key = $1', [sellerKeyOf(b)]);
    expect(bucket.rows).toEqual([{ override_rate: null }]);

    const again = await service().ensure({ ...input, name: 'eu-main' });
    expect(again.id).toBe(b.id);
    expect((await service().list()).map((x) => x.name)).toEqual(['eu-main']);
  });

  it('refuses bad input with stable codes', async () => {
    await expect(service().create({ ...input, name: 'x2', sellerId: 'bad id' })).rejects.toMatchObject({
      code: 'BACKEND_INVALID',
      details: { fields: ['sellerId'] },
    });
    await expect(service().create({ ...input, name: 'x3', settings: { batchSize: 0 } })).rejects.toMatchObject({
      code: 'BACKEND_INVALID',
    });
    await expect(
      service().create({ ...input, name: 'x4', credentials: { ...input.credentials, erp: { apiKey: null, login: 'a', password: null } } }),
    ).rejects.toMatchObject({ code: 'BACKEND_INVALID', details: { fields: ['credentials.erp'] } });
    await expect(service().get(9999)).rejects.toMatchObject({ code: 'BACKEND_NOT_FOUND' });
  });
});
