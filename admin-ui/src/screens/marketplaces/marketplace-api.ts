/** The marketplace screen's reads: its settings and the ERP's records for each picker. */
import { api, unwrap } from '@/api/client';
import type { components } from '@/api/openapi';

export type MarketplaceSettings = components['schemas']['MarketplaceSettings'];
export type ErpChoice = components['schemas']['ErpChoice'];
export type ChoiceKind = 'warehouses' | 'pricelists' | 'teams' | 'fiscal-positions' | 'carriers' | 'taxes';
export type TaxRow = MarketplaceSettings['taxes'][number];
export type FiscalRow = MarketplaceSettings['fiscalPositions'][number];
export type Regime = TaxRow['regime'];

export const REGIMES: Regime[] = ['domestic', 'foreign_vat', 'oss', 'intra_eu_b2b', 'export', 'sales_tax', 'deemed_supplier', 'any'];

export const loadSettings = (id: number) => unwrap(api.GET('/api/backends/{id}/marketplace-settings', { params: { path: { id } } }));

/** The pickers' options of every kind the screen uses, in parallel. */
export async function loadChoices(id: number): Promise<Record<ChoiceKind, ErpChoice[]>> {
  const kinds: ChoiceKind[] = ['warehouses', 'pricelists', 'teams', 'fiscal-positions', 'taxes'];
  const lists = await Promise.all(kinds.map((kind) => unwrap(api.GET('/api/backends/{id}/erp-choices/{kind}', { params: { path: { id, kind } } }))));
  return { ...(Object.fromEntries(kinds.map((k, i) => [k, lists[i]!])) as Record<ChoiceKind, ErpChoice[]>), carriers: [] };
}

/** Options for an NSelect: "name (detail)". */
export const optionsOf = (choices: readonly ErpChoice[]) => choices.map((c) => ({ value: c.id, label: c.detail ? `${c.name} (${c.detail})` : c.name }));

/** The name of record `id` among `choices` (its id when the ERP no longer lists it). */
export const nameOf = (choices: readonly ErpChoice[], id: number | null) => (id === null ? 'none' : (choices.find((c) => c.id === id)?.name ?? `#${id}`));
