// The order flow's set-up end to end against the connector's database: consent from the backend setting or the
// run's option, the tables written in the VAT model's key format, rows an integrator set kept, and the countries
// of open TAX_UNMAPPED conflicts covered. The ERP is the fresh-Odoo fake (fresh-odoo.fake.ts).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../db/testing.ts';
import { createKeyring } from '../../../core/crypto.ts';
import { createCoreServices, type CoreServices } from '../../../core/services.ts';
import { composeBackendSettings, erpSetupSettings } from '../../../core/backend/settings/index.ts';
import { vatSettings } from '../../../core/vat/index.ts';
import type { BackendRecord } from '../../../core/backend/index.ts';
import { ordersLookupTables } from '../orders.lookups.ts';
import { FreshOdoo } from './fresh-odoo.fake.ts';
import { setupBackend } from './setup-backend.ts';

describe('the set-up of a backend in a fresh ERP', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let core: CoreServices;
  let backend: BackendRecord;
  beforeAll(async () => {
    db = await openTestDatabase('vat_setup');
    core = createCoreServices(db, createKeyring(randomBytes(32)), {
      lockConnections: 1,
      settings: composeBackendSettings([vatSettings, erpSetupSettings]),
      lookupTables: ordersLookupTables,
    });
    backend = await core.backends.create({
      name: 'eu-seller',
      amazonRegion: 'eu',
      sellerId: 'A2EUSELLER',
      marketplaceIds: ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH'],
      erpUrl: 'http://127.0.0.1:8069',
      erpDb: 'fresh',
      settings: { vat: { companyCountry: 'DE' } },
      credentials: { amazon: { lwaClientId: 'c', lwaClientSecret: 's', refreshToken: 'Atzr|r' }, erp: { apiKey: 'k', login: null, password: null } },
    });
  });
  afterAll(async () => {
    await core.close();
    await db.drop();
  });

  it('without consent creates no accounting record; with the setting it creates them and fills both tables, keeping an integrator\'s rows', async () => {
    const erp = new FreshOdoo({ fiscalCountry: 'DE' });
    await core.lookups.put(backend.id, 'tax_map', [{ key: 'domestic|DE|19', value: { taxId: 999, priceIncluded: true } }], { actor: 'integrator' });
    await core.lookups.put(backend.id, 'fiscal_position_map', [{ key: 'oss|FR', value: { fiscalPositionId: 777 } }], { actor: 'integrator' });
    await core.conflicts.raise({ backendId: backend.id, kind: 'order', amazonKey: '302-1', code: 'TAX_UNMAPPED', message: 'No ERP tax', diff: { countryCode: 'CH', rate: '0' } });

    const before = await setupBackend(core, erp, backend, { actor: 'test' });
    expect(erp.calls.filter((c) => c.model.startsWith('account.') && c.method === 'create')).toEqual([]);
    expect(before.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['CURRENCY_INACTIVE', 'TAX_UNMAPPED', 'FISCAL_POSITION_UNMAPPED', 'ROUNDING_GLOBAL']));
    expect(before.changed).toEqual([]);

    const consenting = await core.backends.update(backend.id, { settings: { erpSetup: { createMissing: true } } });
    const after = await setupBackend(core, erp, consenting, { actor: 'test' });
    expect(after.created.filter((r) => r.erpModel === 'account.tax').length).toBeGreaterThan(50);
    expect(after.changed.map((c) => c.what)).toEqual(['currency EUR activated', 'company tax rounding set to round per line']);
    // VAT charged to Switzerland (the conflict's country) needs a Swiss number: said, never guessed.
    expect(after.problems.map((p) => p.code)).toEqual(['RATE_MISSING', 'VAT_REGISTRATION_MISSING']);

    const tables = await core.lookups.loadTables(backend.id, ['tax_map', 'fiscal_position_map']);
    const taxes = tables.get('tax_map')!;
    const positions = tables.get('fiscal_position_map')!;
    expect(taxes.get('domestic|DE|19')).toEqual({ taxId: 999, priceIncluded: true });
    expect(positions.get('oss|FR')).toEqual({ fiscalPositionId: 777 });
    expect(taxes.get('oss|FR|20')).toMatchObject({ priceIncluded: true });
    expect(taxes.get('intra_eu_b2b|IT|0')).toBeDefined();
    // The open conflict's country (outside the EU) is covered: an export from Germany.
    expect(erp.rows('account.tax').find((t) => t.id === (taxes.get('export|CH|0') as { taxId: number }).taxId)?.name).toBe('0% Exports');
    expect(positions.get('domestic|DE')).toEqual({ fiscalPositionId: 1 });
    expect([...taxes.keys()].every((k) => /^(domestic|foreign_vat|oss|intra_eu_b2b|export)\|[A-Z]{2}\|\d+(\.\d+)?$/.test(k))).toBe(true);
  });

  it("the run's option overrides the setting", async () => {
    const erp = new FreshOdoo({ fiscalCountry: 'DE' });
    const consenting = await core.backends.get(backend.id);
    const report = await setupBackend(core, erp, consenting!, { createMissing: false });
    expect(erp.calls.filter((c) => c.method === 'create' && c.model.startsWith('account.'))).toEqual([]);
    expect(report.problems.map((p) => p.code)).toContain('ROUNDING_GLOBAL');
  });
});
