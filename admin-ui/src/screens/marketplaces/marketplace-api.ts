/** The marketplace screen's reads: its settings and the ERP's records for each picker. */
import { api, unwrap } from '@/api/client';
import { ApiError } from '@/api/api-error';
import type { components } from '@/api/openapi';

export type MarketplaceSettings = components['schemas']['MarketplaceSettings'];
export type ErpChoice = components['schemas']['ErpChoice'];
export type ChoiceKind = 'warehouses' | 'pricelists' | 'teams' | 'fiscal-positions' | 'carriers' | 'taxes';
export type TaxRow = MarketplaceSettings['taxes'][number];
export type FiscalRow = MarketplaceSettings['fiscalPositions'][number];
export type CarrierRow = MarketplaceSettings['carriers'][number];
export type Regime = TaxRow['regime'];
export type ServiceLevel = CarrierRow['serviceLevel'];

export const REGIMES: Regime[] = ['domestic', 'foreign_vat', 'oss', 'intra_eu_b2b', 'export', 'sales_tax', 'deemed_supplier', 'any'];
/** Amazon's shipping service levels (the order's fulfillmentServiceLevel), then `*`: every level. */
export const SERVICE_LEVELS: ServiceLevel[] = ['STANDARD', 'EXPEDITED', 'FREE_ECONOMY', 'NEXT_DAY', 'SAME_DAY', 'SECOND_DAY', 'PRIORITY', 'SCHEDULED', '*'];

export const loadSettings = (id: number) => unwrap(api.GET('/api/backends/{id}/marketplace-settings', { params: { path: { id } } }));

const listOf = (id: number, kind: ChoiceKind) => unwrap(api.GET('/api/backends/{id}/erp-choices/{kind}', { params: { path: { id, kind } } }));

/** The ERP's carriers; none when its sales orders take no carrier (MODULE_MISSING: the screen says what to install). */
async function carriersOf(id: number): Promise<ErpChoice[]> {
  try {
    return await listOf(id, 'carriers');
  } catch (e) {
    if (ApiError.from(e).code === 'MODULE_MISSING') return [];
    throw e;
  }
}

/** The pickers' options of every kind the screen uses, in parallel. */
export async function loadChoices(id: number): Promise<Record<ChoiceKind, ErpChoice[]>> {
  const kinds: ChoiceKind[] = ['warehouses', 'pricelists', 'teams', 'fiscal-positions', 'taxes'];
  const [carriers, ...lists] = await Promise.all([carriersOf(id), ...kinds.map((kind) => listOf(id, kind))]);
  return { ...(Object.fromEntries(kinds.map((k, i) => [k, lists[i]!])) as Record<ChoiceKind, ErpChoice[]>), carriers: carriers! };
}

/** Options for an NSelect: "name (detail)". */
export const optionsOf = (choices: readonly ErpChoice[]) => choices.map((c) => ({ value: c.id, label: c.detail ? `${c.name} (${c.detail})` : c.name }));

/** A row's marketplace picker value for "every marketplace" (the API's null; a select cannot hold null). */
export const ANY_MARKETPLACE = 'any';
/** A row's marketplace picker: "any", then the backend's marketplaces. */
export const marketplaceOptions = (ids: readonly string[]) => [{ value: ANY_MARKETPLACE, label: 'any marketplace' }, ...ids.map((m) => ({ value: m, label: m }))];
/** The picker's value as the API takes it (null: any marketplace). */
export const marketplaceOf = (v: string): string | null => (v === ANY_MARKETPLACE ? null : v);

/** The name of record `id` among `choices` (its id when the ERP no longer lists it). */
export const nameOf = (choices: readonly ErpChoice[], id: number | null) => (id === null ? 'none' : (choices.find((c) => c.id === id)?.name ?? `#${id}`));
