/**
 * Proposes the tax table from the ERP's sale taxes: for every country that has percentage sale taxes,
 * (any regime, country, rate) -> the tax whose price-inclusion matches how the marketplaces list prices
 * (VAT-inclusive in Europe, tax on top in North America), and the ERP's 0 % tax for the 0 % regimes
 * (intra-EU reverse charge inside the EU, export outside); and a fiscal position row of "none" per regime and
 * country it knows, so every order names its fiscal position. Keys an integrator already set are never
 * overwritten. Marketplaces whose own country has no sale tax at all are reported (unless Amazon withholds the
 * tax there, as in the US and Canada).
 */
import type { ErpPort } from '../../../erp/erp-port.ts';
import { fiscalPositionKey, isEuMember, VAT_REGIMES, vatTaxKey } from '../../../core/vat/index.ts';
import type { FiscalPositionMapValue, TaxMapValue } from '../orders.lookups.ts';
import { marketplaceInfo } from '../../../amazon/marketplaces.ts';
import type { SetupProblem } from './marketplace-setup.ts';

/** Marketplaces where Amazon collects and remits the tax itself (marketplace facilitator). */
const TAX_WITHHELD_COUNTRIES = new Set(['US', 'CA']);

interface ErpTax {
  id: number;
  amount: number;
  countryCode: string | null;
  priceIncluded: boolean;
}

async function readSaleTaxes(erp: ErpPort): Promise<ErpTax[]> {
  const taxes = await erp.searchRead(
    'account.tax',
    [['type_tax_use', '=', 'sale'], ['amount_type', 'in', ['percent', 'division']]],
    ['amount', 'country_id', 'price_include'],
    { order: 'sequence asc, id asc' },
  );
  const countryIds = [...new Set(taxes.flatMap((t) => (Array.isArray(t.country_id) ? [t.country_id[0] as number] : [])))];
  const countries = countryIds.length ? await erp.read('res.country', countryIds, ['code']) : [];
  const codeById = new Map(countries.map((c) => [c.id, String(c.code)]));
  return taxes.map((t) => ({
    id: t.id,
    amount: Number(t.amount),
    countryCode: Array.isArray(t.country_id) ? (codeById.get(t.country_id[0] as number) ?? null) : null,
    priceIncluded: t.price_include === true,
  }));
}

/** Tax table entries to add (existing keys left alone) and the problems found. */
export async function proposeTaxMap(
  erp: ErpPort,
  marketplaceIds: readonly string[],
  existingKeys: ReadonlySet<string>,
  problems: SetupProblem[],
): Promise<Array<{ key: string; value: TaxMapValue }>> {
  const taxes = await readSaleTaxes(erp);
  const byCountry = new Map<string, ErpTax[]>();
  for (const t of taxes) {
    if (!t.countryCode) continue;
    byCountry.set(t.countryCode, [...(byCountry.get(t.countryCode) ?? []), t]);
  }
  const zero = taxes.find((t) => t.amount === 0);
  const entries = new Map<string, TaxMapValue>();
  const infos = marketplaceIds.flatMap((id) => marketplaceInfo(id) ?? []);
  for (const info of infos) {
    if (!byCountry.has(info.country) && !TAX_WITHHELD_COUNTRIES.has(info.country)) {
      problems.push({
        code: 'TAX_UNMAPPED',
        message: `The ERP has no sale tax for ${info.country} (marketplace ${info.name}): create its VAT taxes or map them by hand`,
      });
    }
  }
  // Price-included taxes when any marketplace lists gross prices (VAT); excluded ones for sales-tax marketplaces only.
  const included = infos.length === 0 || infos.some((i) => i.pricesIncludeTax);
  for (const [country, list] of byCountry) {
    // Prefer the tax whose inclusion matches the marketplaces' prices; the first one (by sequence) otherwise.
    const byRate = new Map<number, ErpTax>();
    for (const t of list) {
      const seen = byRate.get(t.amount);
      if (!seen || (seen.priceIncluded !== included && t.priceIncluded === included)) byRate.set(t.amount, t);
    }
    for (const [rate, t] of byRate) {
      if (rate === 0) continue;
      const key = vatTaxKey('any', country, String(rate));
      if (!existingKeys.has(key)) entries.set(key, { taxId: t.id, priceIncluded: t.priceIncluded });
    }
  }
  if (zero) {
    for (const country of knownCountries(taxes, marketplaceIds)) {
      const key = vatTaxKey(isEuMember(country) ? 'intra_eu_b2b' : 'export', country, '0');
      if (!existingKeys.has(key)) entries.set(key, { taxId: zero.id, priceIncluded: zero.priceIncluded });
    }
  }
  return [...entries].map(([key, value]) => ({ key, value }));
}

/** The countries the set-up knows of: those with sale taxes in the ERP and the marketplaces' own. */
function knownCountries(taxes: readonly ErpTax[], marketplaceIds: readonly string[]): string[] {
  const set = new Set(taxes.flatMap((t) => (t.countryCode ? [t.countryCode] : [])));
  for (const id of marketplaceIds) {
    const info = marketplaceInfo(id);
    if (info) set.add(info.country);
  }
  return [...set].sort();
}

/** A "none" fiscal position row per VAT regime and known country (existing rows left alone). */
export async function proposeFiscalPositionMap(
  erp: ErpPort,
  marketplaceIds: readonly string[],
  existingKeys: ReadonlySet<string>,
): Promise<Array<{ key: string; value: FiscalPositionMapValue }>> {
  const countries = knownCountries(await readSaleTaxes(erp), marketplaceIds);
  return countries.flatMap((c) => VAT_REGIMES.map((r) => fiscalPositionKey(r, c))).filter((k) => !existingKeys.has(k)).map((key) => ({ key, value: { fiscalPositionId: null } }));
}
