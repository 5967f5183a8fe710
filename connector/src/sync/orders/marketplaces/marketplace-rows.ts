/**
 * The order flow's tables read back as the screen's rows (and the rows' keys), sorted for display: a row without a
 * marketplace serves every marketplace (`marketplaceId: null`); keys are those tax-table.ts, order-vat.ts and
 * carrier-table.ts read.
 */
import { fiscalPositionKey, type VatRegime } from '../../../core/vat/index.ts';
import { parseCarrierKey } from '../mapping/carrier-table.ts';
import { parseTaxKey } from '../mapping/tax-table.ts';
import type { CarrierMapValue, FiscalPositionMapValue, TaxMapValue } from '../orders.lookups.ts';
import type { CarrierRowT, FiscalPositionRowT, TaxRowT } from './marketplaces.schemas.ts';

type Table = ReadonlyMap<string, unknown>;
const byMarketplace = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').localeCompare(b ?? '');

/** The `fiscal_position_map` key of a row: "regime|COUNTRY", with "|marketplace" for one marketplace's row. */
export const fiscalMapKey = (regime: VatRegime | 'any', country: string, marketplaceId?: string | null): string =>
  marketplaceId ? `${fiscalPositionKey(regime as VatRegime, country)}|${marketplaceId}` : fiscalPositionKey(regime as VatRegime, country);

export function taxRowsOf(table: Table): TaxRowT[] {
  const rows: TaxRowT[] = [];
  for (const [key, v] of table) {
    const p = parseTaxKey(key);
    const t = v as TaxMapValue;
    if (p) rows.push({ regime: p.regime as TaxRowT['regime'], country: p.countryCode, rate: p.rate, marketplaceId: p.marketplaceId ?? null, taxId: t.taxId, priceIncluded: t.priceIncluded });
  }
  return rows.sort((a, b) => `${a.regime}|${a.country}`.localeCompare(`${b.regime}|${b.country}`) || Number(a.rate) - Number(b.rate) || byMarketplace(a.marketplaceId, b.marketplaceId));
}

export function fiscalRowsOf(table: Table): FiscalPositionRowT[] {
  const rows: FiscalPositionRowT[] = [];
  for (const [key, v] of table) {
    const [regime, country, marketplaceId, ...rest] = key.split('|');
    if (!regime || !country || rest.length) continue;
    rows.push({ regime: regime as FiscalPositionRowT['regime'], country, marketplaceId: marketplaceId ?? null, fiscalPositionId: (v as FiscalPositionMapValue).fiscalPositionId });
  }
  return rows.sort((a, b) => `${a.regime}|${a.country}`.localeCompare(`${b.regime}|${b.country}`) || byMarketplace(a.marketplaceId, b.marketplaceId));
}

export function carrierRowsOf(table: Table): CarrierRowT[] {
  const rows: CarrierRowT[] = [];
  for (const [key, v] of table) {
    const p = parseCarrierKey(key);
    if (p) rows.push({ serviceLevel: p.serviceLevel as CarrierRowT['serviceLevel'], marketplaceId: p.marketplaceId ?? null, carrierId: (v as CarrierMapValue).carrierId });
  }
  // `*` last: the default below the levels it stands in for.
  const rank = (l: string) => (l === '*' ? '~' : l);
  return rows.sort((a, b) => rank(a.serviceLevel).localeCompare(rank(b.serviceLevel)) || byMarketplace(a.marketplaceId, b.marketplaceId));
}
