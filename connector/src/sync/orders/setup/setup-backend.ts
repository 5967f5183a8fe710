/**
 * Set-up of one backend in its ERP: creates what is the connector's own (service products, the Amazon sales
 * team, a pricelist per currency), fills the marketplace map, the tax table and the fiscal position table, and
 * with the integrator's consent (`createMissing`) creates what a fresh ERP lacks for the VAT model (currencies
 * activated, tax groups, VAT taxes, fiscal positions, per-line rounding); without it, it reports each missing
 * piece with the steps to do it by hand. Safe to run again: everything is looked up before it is created, and
 * rows an integrator edited are kept.
 */
import type { CoreServices } from '../../../core/services.ts';
import type { ErpPort } from '../../../erp/erp-port.ts';
import type { BackendRecord } from '../../../core/backend/index.ts';
import { ensureServiceProducts, serviceBindingKey, type EnsuredRecord } from './service-products.ts';
import { setupMarketplaces, type SetupProblem } from './marketplace-setup.ts';
import { proposeTaxMap, type VatSettingsValue } from './tax-setup.ts';
import { vatSettings } from '../../../core/vat/index.ts';
import { erpSetupSettings } from '../../../core/backend/settings/index.ts';
import type { ServiceProducts } from '../mapping/order-map-context.ts';

export interface SetupReport {
  ok: boolean;
  created: Array<{ what: string; erpModel: string; erpId: number }>;
  found: Array<{ what: string; erpModel: string; erpId: number }>;
  /** Existing ERP records the set-up changed (currencies activated, the company's tax rounding). */
  changed: Array<{ what: string; erpModel: string; erpId: number }>;
  problems: SetupProblem[];
}

export interface SetupOptions {
  /** Who asked (the audit log's actor for the map rows written). */
  actor?: string;
  /** This run's consent to create what the ERP lacks; default: the backend setting erpSetup.createMissing. */
  createMissing?: boolean;
}

/** Runs the set-up of `backend` against `erp`. */
export async function setupBackend(core: CoreServices, erp: ErpPort, backend: BackendRecord, opts: SetupOptions = {}): Promise<SetupReport> {
  const records: EnsuredRecord[] = [];
  const changed: EnsuredRecord[] = [];
  const problems: SetupProblem[] = [];
  const createMissing = opts.createMissing ?? erpSetupSettings.of(backend.settings).createMissing === true;
  const audit = opts.actor ? { actor: opts.actor } : {};

  const services = await ensureServiceProducts(erp);
  records.push(...services.records);
  await core.binder.bindMany(
    backend.id,
    (Object.keys(services.ids) as Array<keyof ServiceProducts>).map((k) => ({
      kind: 'service_product' as const,
      amazonKey: serviceBindingKey(k),
      erpModel: 'product.product',
      erpId: services.ids[k],
    })),
  );

  const marketplaces = await setupMarketplaces(erp, backend.marketplaceIds, records, problems, { createMissing, changed });
  if (marketplaces.size) {
    await core.lookups.put(backend.id, 'marketplace_map', [...marketplaces].map(([key, value]) => ({ key, value })), audit);
  }

  const existing = await core.lookups.loadTables(backend.id, ['tax_map', 'fiscal_position_map']);
  const taxes = await proposeTaxMap(
    erp,
    {
      marketplaceIds: backend.marketplaceIds,
      vat: vatSettings.of(backend.settings) as VatSettingsValue,
      existingTaxKeys: new Set(existing.get('tax_map')?.keys() ?? []),
      existingPositionKeys: new Set(existing.get('fiscal_position_map')?.keys() ?? []),
      conflictCountries: await unmappedTaxCountries(core, backend.id),
      createMissing,
    },
    problems,
  );
  records.push(...taxes.records);
  changed.push(...taxes.changed);
  if (taxes.taxRows.length) await core.lookups.put(backend.id, 'tax_map', taxes.taxRows, audit);
  if (taxes.positionRows.length) await core.lookups.put(backend.id, 'fiscal_position_map', taxes.positionRows, audit);

  const view = ({ what, erpModel, erpId }: EnsuredRecord) => ({ what, erpModel, erpId });
  return {
    ok: problems.length === 0,
    created: records.filter((r) => r.created).map(view),
    found: records.filter((r) => !r.created).map(view),
    changed: changed.map(view),
    problems,
  };
}

/** Ship-to countries of the backend's open TAX_UNMAPPED conflicts (their detail names the country). */
async function unmappedTaxCountries(core: CoreServices, backendId: number): Promise<string[]> {
  const open = await core.conflicts.list({ backendId, status: 'open', code: 'TAX_UNMAPPED', limit: 500 });
  const countries = new Set<string>();
  for (const c of open) {
    const code = (c.diff as { countryCode?: unknown } | null)?.countryCode;
    if (typeof code === 'string' && /^[A-Za-z]{2}$/.test(code)) countries.add(code.toUpperCase());
  }
  return [...countries];
}
