/** res.* models: company, users, partners, countries, states, currencies. */
import { CHART } from '../seed/chart.ts';
import { afterCompanyCreate, companyVat, prepareCompanies } from '../business/company-create.ts';
import { afterPartnerCreate, afterPartnerWrite } from '../business/partner-sync.ts';
import { bool, char, defineModel, float, html, int, m2m, m2o, o2m, sel } from '../orm/define.ts';
import { validationError } from '../orm/errors.ts';
import type { Env, Json, ModelDef } from '../orm/types.ts';
import { currencyRateField } from './currency-rate.ts';

const companyId = 1;
const one = (): Json => companyId;

export const resCompany = defineModel({
  name: 'res.company',
  description: 'Companies',
  fields: {
    name: char('Company Name', { required: true }),
    partner_id: m2o('res.partner', 'Partner'),
    currency_id: m2o('res.currency', 'Currency', { required: true }),
    country_id: m2o('res.country', 'Country'),
    account_fiscal_country_id: m2o('res.country', 'Fiscal Country'),
    tax_calculation_rounding_method: sel('Tax Calculation Rounding Method',
      [['round_per_line', 'Round per Line'], ['round_globally', 'Round Globally']], { default: 'round_globally' }),
    account_price_include: sel('Default Sales Price Include',
      [['tax_included', 'Tax Included'], ['tax_excluded', 'Tax Excluded']], { default: 'tax_excluded', required: true }),
    account_sale_tax_id: m2o('account.tax', 'Default Sale Tax'),
    active: bool('Active', { default: true }),
    vat: char('Tax ID', { compute: companyVat }),
  },
  prepareCreate: prepareCompanies,
  afterCreate: afterCompanyCreate,
});

export const resUsers = defineModel({
  name: 'res.users',
  description: 'User',
  fields: {
    name: char('Name'),
    login: char('Login', { required: true }),
    partner_id: m2o('res.partner', 'Related Partner', { required: true }),
    company_id: m2o('res.company', 'Company', { default: one }),
    company_ids: m2m('res.company', 'Companies'),
    // Odoo 19's name (18: groups_id); models/res-groups.ts
    group_ids: m2m('res.groups', 'Groups'),
    active: bool('Active', { default: true }),
    tz: char('Timezone'),
    lang: char('Language', { default: 'en_US' }),
  },
  displayName: (a) => `(SELECT p.name FROM res_partner p WHERE p.id = ${a}.partner_id)`,
  methods: {
    async context_get(env: Env) {
      return { lang: 'en_US', tz: false, uid: env.uid };
    },
  },
});

const partnerTypes: Array<[string, string]> = [
  ['contact', 'Contact'], ['invoice', 'Invoice Address'], ['delivery', 'Delivery Address'], ['other', 'Other Address'],
];

export const resPartner: ModelDef = defineModel({
  name: 'res.partner',
  description: 'Contact',
  order: 'name, id',
  fields: {
    name: char('Name', { index: true }),
    email: char('Email', { index: true }),
    phone: char('Phone'),
    street: char('Street'),
    street2: char('Street2'),
    city: char('City'),
    zip: char('Zip'),
    state_id: m2o('res.country.state', 'State'),
    country_id: m2o('res.country', 'Country'),
    is_company: bool('Is a Company'),
    type: sel('Address Type', partnerTypes, { default: 'contact' }),
    parent_id: m2o('res.partner', 'Related Company', { index: true }),
    child_ids: o2m('res.partner', 'parent_id', 'Contact'),
    vat: char('Tax ID'),
    property_account_position_id: m2o('account.fiscal.position', 'Fiscal Position'),
    // company-dependent in Odoo: the chart's receivable / payable unless set (seed/chart.ts)
    property_account_receivable_id: m2o('account.account', 'Account Receivable', { default: CHART.receivable }),
    property_account_payable_id: m2o('account.account', 'Account Payable', { default: CHART.payable }),
    commercial_partner_id: m2o('res.partner', 'Commercial Entity', { readonly: true, index: true }),
    ref: char('Reference', { index: true }),
    comment: html('Notes'),
    lang: char('Language', { default: 'en_US' }),
    company_id: m2o('res.company', 'Company'),
    customer_rank: int('Customer Rank'),
    supplier_rank: int('Supplier Rank'),
    active: bool('Active', { default: true }),
  },
  // Odoo: "Parent, Child" for contacts of a company; an unnamed address shows its type
  displayName: (a) => `CASE WHEN ${a}.parent_id IS NULL THEN ${a}.name ELSE
    (SELECT pp.name FROM res_partner pp WHERE pp.id = ${a}.parent_id) || ', ' || coalesce(${a}.name,
      CASE ${a}.type WHEN 'delivery' THEN 'Delivery Address' WHEN 'invoice' THEN 'Invoice Address' ELSE 'Other Address' END) END`,
  async prepareCreate(_env, rows) {
    for (const r of rows) {
      if ((r.type ?? 'contact') === 'contact' && !r.name) throw validationError('Contacts require a name');
    }
  },
  afterCreate: afterPartnerCreate,
  afterWrite: afterPartnerWrite,
});

export const resCountry = defineModel({
  name: 'res.country',
  description: 'Country',
  order: 'name, id',
  fields: {
    name: char('Country Name', { required: true }),
    code: char('Country Code', { index: true }),
    currency_id: m2o('res.currency', 'Currency'),
    phone_code: int('Country Calling Code'),
    vat_label: char('Vat Label'),
  },
});

export const resCountryState = defineModel({
  name: 'res.country.state',
  description: 'Country state',
  order: 'code, id',
  fields: {
    name: char('State Name', { required: true }),
    code: char('State Code', { required: true }),
    country_id: m2o('res.country', 'Country', { required: true, index: true }),
  },
  displayName: (a) => `${a}.name || ' (' || (SELECT c.code FROM res_country c WHERE c.id = ${a}.country_id) || ')'`,
});

export const resCurrency = defineModel({
  name: 'res.currency',
  description: 'Currency',
  order: 'active desc, name, id',
  fields: {
    name: char('Currency', { required: true }),
    full_name: char('Name'),
    symbol: char('Symbol', { required: true }),
    rounding: float('Rounding Factor', { default: 0.01 }),
    // Odoo computes (and stores) it from the rounding: 0.001 -> 3 (KWD, BHD), 1.0 -> 0 (JPY); amounts follow it
    decimal_places: int('Decimal Places', { default: 2, readonly: true }),
    position: sel('Symbol Position', [['after', 'After Amount'], ['before', 'Before Amount']], { default: 'after' }),
    active: bool('Active', { default: true }),
    rate: currencyRateField('Current Rate', false),
    inverse_rate: currencyRateField('Inverse Rate', true),
    rate_ids: o2m('res.currency.rate', 'currency_id', 'Rates'),
  },
  async prepareCreate(_env, rows) {
    for (const r of rows) r.decimal_places = decimalPlaces(typeof r.rounding === 'number' ? r.rounding : 0.01);
  },
  async afterWrite(env, ids, vals) {
    if (vals.rounding === undefined && vals.decimal_places === undefined) return;
    const r = await env.tx.query('SELECT id, rounding::float8 AS rounding FROM res_currency WHERE id = ANY($1)', [ids]);
    for (const c of r.rows) {
      await env.tx.query('UPDATE res_currency SET decimal_places = $2 WHERE id = $1', [c.id, decimalPlaces(Number(c.rounding))]);
    }
  },
});

/** Odoo's `_compute_decimal_places`: ceil(log10(1 / rounding)) for a rounding between 0 and 1, else 0. */
export function decimalPlaces(rounding: number): number {
  return rounding > 0 && rounding < 1 ? Math.ceil(Math.log10(1 / rounding)) : 0;
}
