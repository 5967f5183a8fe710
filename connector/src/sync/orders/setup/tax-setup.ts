/**
 * Proposes the tax table from the ERP's sale taxes: for every marketplace and every country that has percentage
 * sale taxes, (marketplace, country, rate) -> the tax whose price-inclusion matches how the marketplace lists
 * prices (VAT-inclusive in Europe, tax on top in North America). Keys an integrator already set are never
 * overwritten. Marketplaces whose own country has no sale tax at all are reported (unless Amazon withholds the
 * tax there, as in the US and Canada).
 */
import type { ErpPort } from '../../../erp/erp-port.ts';
import { taxMapKey, type TaxMapValue } from '../orders.lookups.ts';
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
  for (const id of marketplaceIds) {
    const info = marketplaceInfo(id);
    if (!info) continue;
    if (!byCountry.has(info.country) && !TAX_WITHHELD_COUNTRIES.has(info.country)) {
      problems.push({
        code: 'TAX_UNMAPPED',
        message: `The ERP has no sale tax for ${info.country} (marketplace ${info.name}): create its VAT taxes or map them by hand`,
      });
    }
    for (const [country, list] of byCountry) {
      // Prefer the tax whose inclusion matches the marketplace's prices; the first one (by sequence) otherwise.
      const byRate = new Map<number, ErpTax>();
      for (const t of list) {
        const seen = byRate.get(t.amount);
        if (!seen || (seen.priceIncluded !== info.pricesIncludeTax && t.priceIncluded === info.pricesIncludeTax)) byRate.set(t.amount, t);
      }
      for (const [rate, t] of byRate) {
        const key = taxMapKey(id, country, String(rate));
        if (!existingKeys.has(key)) entries.set(key, { taxId: t.id, priceIncluded: t.priceIncluded });
      }
    }
    if (zero) {
      const key = taxMapKey(id, info.country, '0');
      if (!existingKeys.has(key) && !entries.has(key)) entries.set(key, { taxId: zero.id, priceIncluded: zero.priceIncluded });
    }
  }
  return [...entries].map(([key, value]) => ({ key, value }));
}
