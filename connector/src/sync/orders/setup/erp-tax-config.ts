/**
 * The ERP's accounting configuration the VAT set-up reads and writes: the company (fiscal country, tax rounding),
 * countries, sale taxes, tax groups, fiscal positions, currencies and their exchange rates. The one place naming
 * those models and fields, as a real Odoo 17-19 has them (the recordings' setup-json2.jsonl).
 */
import { companyDomain, type ErpPort } from '../../../erp/erp-port.ts';
import { decimalText, many2oneId, optionalText, text } from '../erp/erp-rows.ts';

export interface ErpCompany {
  id: number;
  /** ISO code of the company's fiscal country (`account_fiscal_country_id`, else its country), or null. */
  fiscalCountry: string | null;
  rounding: string | null;
  currencyId: number | null;
}

export interface ErpCountry {
  id: number;
  code: string;
  name: string;
}

export interface ErpSaleTax {
  id: number;
  name: string;
  amount: number;
  countryCode: string | null;
  priceIncluded: boolean;
  groupId: number | null;
}

export interface ErpTaxGroup {
  id: number;
  name: string;
  countryCode: string | null;
}

export interface ErpFiscalPosition {
  id: number;
  name: string;
  countryCode: string | null;
  foreignVat: string | null;
  vatRequired: boolean;
}

export interface ErpTaxConfig {
  company: ErpCompany;
  countries: Map<string, ErpCountry>;
  taxes: ErpSaleTax[];
  groups: ErpTaxGroup[];
  positions: ErpFiscalPosition[];
}

/** Reads everything the VAT set-up matches against, in six calls. */
export async function readTaxConfig(erp: ErpPort): Promise<ErpTaxConfig> {
  const countryRows = await erp.searchRead('res.country', [], ['code', 'name']);
  const countries = new Map<string, ErpCountry>();
  const codeById = new Map<number, string>();
  for (const c of countryRows) {
    const code = optionalText(c, 'code')?.toUpperCase();
    if (!code) continue;
    countries.set(code, { id: c.id, code, name: text(c, 'name') });
    codeById.set(c.id, code);
  }
  const codeOf = (row: { id: number } & Record<string, unknown>, field: string) => {
    const id = many2oneId(row, field);
    return id === null ? null : (codeById.get(id) ?? null);
  };
  // The backend's company, else the first one the ERP user may see.
  const [companyRow] = await erp.searchRead('res.company', companyDomain(erp), ['account_fiscal_country_id', 'country_id', 'tax_calculation_rounding_method', 'currency_id'], {
    limit: 1,
    order: 'id asc',
  });
  if (!companyRow) throw new Error('the ERP shows no company');
  const company: ErpCompany = {
    id: companyRow.id,
    fiscalCountry: codeOf(companyRow, 'account_fiscal_country_id') ?? codeOf(companyRow, 'country_id'),
    rounding: optionalText(companyRow, 'tax_calculation_rounding_method'),
    currencyId: many2oneId(companyRow, 'currency_id'),
  };
  const [taxRows, groupRows, positionRows] = await Promise.all([
    erp.searchRead('account.tax', [['type_tax_use', '=', 'sale'], ['amount_type', '=', 'percent']], ['name', 'amount', 'country_id', 'price_include', 'tax_group_id'], {
      order: 'sequence asc, id asc',
    }),
    erp.searchRead('account.tax.group', [], ['name', 'country_id'], { order: 'sequence asc, id asc' }),
    erp.searchRead('account.fiscal.position', [], ['name', 'country_id', 'foreign_vat', 'vat_required'], { order: 'sequence asc, id asc' }),
  ]);
  return {
    company,
    countries,
    taxes: taxRows.map((t) => ({
      id: t.id,
      name: text(t, 'name'),
      amount: Number(decimalText(t, 'amount')),
      countryCode: codeOf(t, 'country_id'),
      priceIncluded: t.price_include === true,
      groupId: many2oneId(t, 'tax_group_id'),
    })),
    groups: groupRows.map((g) => ({ id: g.id, name: text(g, 'name'), countryCode: codeOf(g, 'country_id') })),
    positions: positionRows.map((p) => ({
      id: p.id,
      name: text(p, 'name'),
      countryCode: codeOf(p, 'country_id'),
      foreignVat: optionalText(p, 'foreign_vat'),
      vatRequired: p.vat_required === true,
    })),
  };
}

/** Those of `ids` (active currencies other than the company's) that have no exchange rate at all. */
export async function currenciesWithoutRate(erp: ErpPort, ids: readonly number[]): Promise<number[]> {
  // One small search per currency: a rate table holds years of daily rates, only "is there one" matters.
  const hits = await Promise.all(ids.map((id) => erp.search('res.currency.rate', [['currency_id', '=', id]], { limit: 1 })));
  return ids.filter((_, i) => hits[i]!.length === 0);
}
