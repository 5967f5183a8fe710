/**
 * Set-up of one backend in its ERP: creates what the flows need and may create (service products, the Amazon
 * sales team, a pricelist per currency), fills the marketplace map and proposes the tax table, and reports
 * plainly what it cannot do (an inactive currency, a country without taxes). Safe to run again: everything is
 * looked up before it is created, and rows an integrator edited are kept.
 */
import type { CoreServices } from '../../../core/services.ts';
import type { ErpPort } from '../../../erp/erp-port.ts';
import type { BackendRecord } from '../../../core/backend/index.ts';
import { ensureServiceProducts, serviceBindingKey, type EnsuredRecord } from './service-products.ts';
import { setupMarketplaces, type SetupProblem } from './marketplace-setup.ts';
import { proposeFiscalPositionMap, proposeTaxMap } from './tax-setup.ts';
import type { ServiceProducts } from '../mapping/order-map-context.ts';

export interface SetupReport {
  ok: boolean;
  created: Array<{ what: string; erpModel: string; erpId: number }>;
  found: Array<{ what: string; erpModel: string; erpId: number }>;
  problems: SetupProblem[];
}

/** Runs the set-up of `backend` against `erp`; `actor` is who asked (the audit log's, for the map rows written). */
export async function setupBackend(core: CoreServices, erp: ErpPort, backend: BackendRecord, opts: { actor?: string } = {}): Promise<SetupReport> {
  const records: EnsuredRecord[] = [];
  const problems: SetupProblem[] = [];

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

  const marketplaces = await setupMarketplaces(erp, backend.marketplaceIds, records, problems);
  if (marketplaces.size) {
    await core.lookups.put(backend.id, 'marketplace_map', [...marketplaces].map(([key, value]) => ({ key, value })), opts);
  }

  const existing = await core.lookups.loadTables(backend.id, ['tax_map', 'fiscal_position_map']);
  const keys = new Set(existing.get('tax_map')?.keys() ?? []);
  const taxes = await proposeTaxMap(erp, backend.marketplaceIds, keys, problems);
  if (taxes.length) await core.lookups.put(backend.id, 'tax_map', taxes, opts);
  const fpKeys = new Set(existing.get('fiscal_position_map')?.keys() ?? []);
  const positions = await proposeFiscalPositionMap(erp, backend.marketplaceIds, fpKeys);
  if (positions.length) await core.lookups.put(backend.id, 'fiscal_position_map', positions, opts);

  const view = ({ what, erpModel, erpId }: EnsuredRecord) => ({ what, erpModel, erpId });
  return {
    ok: problems.length === 0,
    created: records.filter((r) => r.created).map(view),
    found: records.filter((r) => !r.created).map(view),
    problems,
  };
}
