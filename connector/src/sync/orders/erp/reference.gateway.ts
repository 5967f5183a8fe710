/**
 * The reference data the order mapping needs from the ERP (countries, states, the company's tax rounding and fiscal country,
 * products by internal reference, their sales taxes): the one place naming those models and fields, with typed answers.
 */
import { companyDomain, type ErpPort } from '../../../erp/erp-port.ts';
import type { TaxRoundingMethod } from '../mapping/order-map-context.ts';
import { decimalText, idList, many2oneId, optionalText, text } from './erp-rows.ts';

/** One ERP sales tax as the tax-class rule reads it. */
export interface ErpSalesTax {
  amountType: string;
  amount: string;
  countryId: number | null;
}

/** The typed reference reads of the orders flow over one ERP connection. */
export function referenceGateway(erp: ErpPort) {
  return {
    /** ISO country code (upper case) -> res.country id, and (country code|state code) -> res.country.state id. */
    async countriesAndStates(): Promise<{ countryIdByCode: Map<string, number>; stateIds: Map<string, number> }> {
      const [countries, states] = await Promise.all([
        erp.searchRead('res.country', [], ['code']),
        erp.searchRead('res.country.state', [], ['code', 'country_id']),
      ]);
      const countryIdByCode = new Map<string, number>();
      const codeById = new Map<number, string>();
      for (const c of countries) {
        const code = optionalText(c, 'code')?.toUpperCase();
        if (!code) continue;
        countryIdByCode.set(code, c.id);
        codeById.set(c.id, code);
      }
      const stateIds = new Map<string, number>();
      for (const s of states) {
        const countryId = many2oneId(s, 'country_id');
        const country = countryId === null ? undefined : codeById.get(countryId);
        if (country) stateIds.set(`${country}|${text(s, 'code').toUpperCase()}`, s.id);
      }
      return { countryIdByCode, stateIds };
    },

    /**
     * The tax rounding of the backend's company (the first when the backend names none; Odoo's default, round_globally, when it says nothing else) and its fiscal
     * country (`account_fiscal_country_id`, in Odoo 17, 18 and 19 alike), as a res.country id: one call.
     */
    async companyTaxSettings(): Promise<{ roundingMethod: TaxRoundingMethod; fiscalCountryId: number | null }> {
      const [company] = await erp.searchRead('res.company', companyDomain(erp), ['tax_calculation_rounding_method', 'account_fiscal_country_id'], { limit: 1, order: 'id asc' });
      const roundingMethod = company && optionalText(company, 'tax_calculation_rounding_method') === 'round_per_line' ? 'round_per_line' : 'round_globally';
      return { roundingMethod, fiscalCountryId: company ? many2oneId(company, 'account_fiscal_country_id') : null };
    },

    /** The sales taxes (`taxes_id`) of products by id: product id -> tax ids (one call). */
    async productSalesTaxIds(productIds: readonly number[]): Promise<Map<number, number[]>> {
      if (!productIds.length) return new Map();
      const rows = await erp.read('product.product', productIds, ['taxes_id']);
      return new Map(rows.map((p) => [p.id, idList(p, 'taxes_id')]));
    },

    /** account.tax rows by id: amount type, percent and country (a res.country id, null for none); one call. */
    async salesTaxes(taxIds: readonly number[]): Promise<Map<number, ErpSalesTax>> {
      if (!taxIds.length) return new Map();
      const rows = await erp.read('account.tax', taxIds, ['amount_type', 'amount', 'country_id']);
      return new Map(rows.map((t) => [t.id, { amountType: text(t, 'amount_type'), amount: decimalText(t, 'amount'), countryId: many2oneId(t, 'country_id') }]));
    },

    /** Products whose internal reference is one of `codes`: code -> product id, the oldest first (one call). */
    async productsByCode(codes: readonly string[]): Promise<Map<string, number>> {
      const rows = await erp.searchRead('product.product', [['default_code', 'in', codes]], ['default_code'], { order: 'id asc' });
      const byCode = new Map<string, number>();
      for (const p of rows) {
        const code = text(p, 'default_code');
        if (!byCode.has(code)) byCode.set(code, p.id);
      }
      return byCode;
    },
  };
}

/** The reference gateway of one ERP connection. */
export type ReferenceGateway = ReturnType<typeof referenceGateway>;
