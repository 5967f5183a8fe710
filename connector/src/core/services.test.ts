import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../db/testing.ts';
import { createKeyring } from './crypto.ts';
import { createCoreServices } from './services.ts';
import { backendSettings } from '../sync/backend-settings.ts';

describe('core services wired over one database', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase('services');
  });
  afterAll(async () => db.drop());

  it('holding every lock connection never starves the binder', async () => {
    const core = createCoreServices(db, createKeyring(randomBytes(32)), { lockConnections: 2, settings: backendSettings });
    try {
      const backend = await core.backends.create({
        name: 'demo',
        amazonRegion: 'eu',
        sellerId: 'A2DEMOSELLER',
        marketplaceIds: ['A1PA6795UKMFR9'],
        erpUrl: 'http://127.0.0.1:8069',
        erpDb: 'demo',
        credentials: {
          amazon: { lwaClientId: 'c', lwaClientSecret: 's', refreshToken: 'Atzr|r' },
          erp: { apiKey: 'k', login: null, password: null },
        },
      });
      const held = await Promise.all([core.locker.session(), core.locker.session()]);
      expect((await Promise.all([held[0]!.tryLock(['order:a']), held[1]!.tryLock(['order:b'])])).map((r) => r.busy)).toEqual([[], []]);
      await core.binder.bind(backend.id, { kind: 'order', amazonKey: 'a', erpModel: 'sale.order', erpId: 1 });
      expect((await core.binder.toErp(backend.id, 'order', 'a'))?.erpId).toBe(1);
      await Promise.all(held.map((h) => h.close()));
    } finally {
      await core.close();
    }
  });
});
