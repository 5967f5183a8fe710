/**
 * The `vat` namespace: the seller's VAT position, which decides how each sale is taxed in the ERP (see
 * vat-treatment.ts). It is core because every flow that books money (orders, invoices, refunds, settlements) must
 * tax the same sale the same way.
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../backend/settings/namespace.ts';

const Country = Type.String({ pattern: '^[A-Z]{2}$' });

export const vatSettings = defineSettingsNamespace({
  name: 'vat',
  description: "The seller's VAT position: OSS, foreign VAT numbers, ship-from country, refused buyer VAT numbers",
  properties: {
    /** The company's tax country; by default the ERP company's fiscal country (Odoo's account_fiscal_country_id). */
    companyCountry: Type.Optional(Type.Union([Country, Type.Null()], { description: "the company's tax country (default: the ERP company's fiscal country)" })),
    /** Registered for the EU One-Stop-Shop: cross-border B2C sales inside the EU are taxed at the destination's rate through OSS taxes. */
    ossRegistered: Type.Boolean({ default: true, description: 'registered for the EU One-Stop-Shop (only counts for a company in the EU)' }),
    /**
     * Countries where the seller holds a VAT number besides its own country's (Pan-EU FBA, UK stock): country ->
     * number. Sales from stock in such a country are taxed with that country's taxes through a fiscal position of
     * that country carrying the number (Odoo's foreign VAT).
     */
    registrations: Type.Record(Country, Type.String({ minLength: 4, maxLength: 20 }), {
      default: {},
      description: 'country -> the seller\'s VAT number there (foreign VAT registrations, e.g. Pan-EU FBA)',
    }),
    /** Where merchant-fulfilled orders ship from (default: the company's country). */
    merchantShipFrom: Type.Optional(Type.Union([Country, Type.Null()], { description: 'country merchant-fulfilled orders ship from (default: the company country)' })),
    /**
     * A business buyer's VAT number the ERP refuses (Odoo's base_vat check): wait (the order is a conflict until
     * the number or the ERP check is fixed) or import without it (the number is kept aside on the order's record).
     */
    invalidBuyerVat: Type.Union([Type.Literal('wait'), Type.Literal('import_without_vat')], {
      default: 'wait',
      description: 'a buyer VAT number the ERP refuses: wait (conflict) or import the order without it',
    }),
  },
  formerKeys: {},
});
