/**
 * Test support: an in-memory ErpPort that answers the set-up's calls the way a fresh Odoo 19 does in the
 * recordings' setup-json2.jsonl (generic chart, USD company, only USD active, one 15 % tax and "0% Exports" of
 * the US, "Domestic" and "Foreign Trade" fiscal positions, global rounding, no exchange rates): inactive records
 * hidden without `active_test: false`, many2one fields read as `[id, name]`, a tax refused without a tax group of
 * its own country (Odoo's exact message) and given that group by itself once one exists. Only what the set-up
 * uses; every call is logged so tests can count create calls.
 */
import { PermanentError } from '../../../core/errors.ts';
import { dialectFor } from '../../../erp/dialect.ts';
import type { CallOptions, Domain, ErpPort, ErpRecord, SearchOptions, Vals } from '../../../erp/erp-port.ts';

type Row = { id: number } & Record<string, unknown>;

/** model -> field -> related model (many2one) */
const MANY2ONE: Record<string, Record<string, string>> = {
  'res.company': { currency_id: 'res.currency', account_fiscal_country_id: 'res.country', country_id: 'res.country' },
  'account.tax': { country_id: 'res.country', tax_group_id: 'account.tax.group', company_id: 'res.company' },
  'account.tax.group': { country_id: 'res.country', company_id: 'res.company' },
  'account.fiscal.position': { country_id: 'res.country', company_id: 'res.company' },
  'res.currency.rate': { currency_id: 'res.currency', company_id: 'res.company' },
  'product.pricelist': { currency_id: 'res.currency' },
};

const COUNTRIES: Array<[string, string]> = [
  ['US', 'United States'], ['CA', 'Canada'], ['GB', 'United Kingdom'], ['CH', 'Switzerland'], ['NO', 'Norway'], ['TR', 'Türkiye'],
  ['AT', 'Austria'], ['BE', 'Belgium'], ['BG', 'Bulgaria'], ['HR', 'Croatia'], ['CY', 'Cyprus'], ['CZ', 'Czech Republic'], ['DK', 'Denmark'],
  ['EE', 'Estonia'], ['FI', 'Finland'], ['FR', 'France'], ['DE', 'Germany'], ['GR', 'Greece'], ['HU', 'Hungary'], ['IE', 'Ireland'], ['IT', 'Italy'],
  ['LV', 'Latvia'], ['LT', 'Lithuania'], ['LU', 'Luxembourg'], ['MT', 'Malta'], ['NL', 'Netherlands'], ['PL', 'Poland'], ['PT', 'Portugal'],
  ['RO', 'Romania'], ['SK', 'Slovakia'], ['SI', 'Slovenia'], ['ES', 'Spain'], ['SE', 'Sweden'],
];

export interface FreshOdooOptions {
  /** The company's fiscal country (default US, as the recordings' generic chart). */
  fiscalCountry?: string | null;
  /** Models this ERP does not have (an old stand-in): calls to them fail with ERP_UNKNOWN_MODEL. */
  withoutModels?: string[];
}

export class FreshOdoo implements ErpPort {
  readonly dialect = dialectFor(19);
  readonly companyId: number | null = null;
  readonly calls: Array<{ model: string; method: string; count?: number }> = [];
  readonly tables = new Map<string, Row[]>();
  private readonly missing: Set<string>;

  constructor(opts: FreshOdooOptions = {}) {
    this.missing = new Set(opts.withoutModels ?? []);
    this.tables.set('res.country', COUNTRIES.map(([code, name], i) => ({ id: i + 1, code, name })));
    const cid = (code: string) => this.tables.get('res.country')!.find((c) => c.code === code)!.id;
    this.tables.set('res.currency', ['USD', 'EUR', 'GBP', 'PLN', 'SEK', 'CAD'].map((name, i) => ({ id: i + 1, name, active: name === 'USD' })));
    const fiscal = opts.fiscalCountry === undefined ? 'US' : opts.fiscalCountry;
    this.tables.set('res.company', [{
      id: 1, name: 'My Company', currency_id: 1, account_fiscal_country_id: fiscal ? cid(fiscal) : false, country_id: fiscal ? cid(fiscal) : false,
      tax_calculation_rounding_method: 'round_globally',
    }]);
    this.tables.set('res.currency.rate', []);
    // The generic chart's records carry the company's country (the US in the recordings).
    const chart = cid(fiscal ?? 'US');
    this.tables.set('account.tax.group', [
      { id: 1, name: 'Tax 15%', country_id: chart, company_id: 1, sequence: 10 },
      { id: 2, name: 'Tax 0%', country_id: chart, company_id: 1, sequence: 10 },
    ]);
    this.tables.set('account.tax', [
      { id: 1, name: '15%', amount: 15, amount_type: 'percent', type_tax_use: 'sale', price_include_override: false, country_id: chart, tax_group_id: 1, sequence: 1, active: true },
      { id: 2, name: '15%', amount: 15, amount_type: 'percent', type_tax_use: 'purchase', price_include_override: false, country_id: chart, tax_group_id: 1, sequence: 1, active: true },
      { id: 3, name: '0% Exports', amount: 0, amount_type: 'percent', type_tax_use: 'sale', price_include_override: false, country_id: chart, tax_group_id: 2, sequence: 1, active: true },
    ]);
    this.tables.set('account.fiscal.position', [
      { id: 1, name: 'Domestic', auto_apply: true, country_id: chart, foreign_vat: false, vat_required: false, sequence: 10, active: true },
      { id: 2, name: 'Foreign Trade', auto_apply: true, country_id: false, foreign_vat: false, vat_required: false, sequence: 10, active: true },
    ]);
    this.tables.set('product.product', []);
    this.tables.set('crm.team', [{ id: 1, name: 'Sales', active: true }]);
    this.tables.set('stock.warehouse', [{ id: 1, name: 'My Company', active: true }]);
    this.tables.set('product.pricelist', [{ id: 1, name: 'Default', currency_id: 1, active: true }]);
  }

  /** The records of `model` as stored (no display names). */
  rows(model: string): Row[] {
    return this.tables.get(model) ?? [];
  }

  countryId(code: string): number {
    return this.rows('res.country').find((c) => c.code === code)!.id;
  }

  private table(model: string): Row[] {
    const t = this.tables.get(model);
    if (!t || this.missing.has(model)) throw new PermanentError('ERP_UNKNOWN_MODEL', `the model '${model}' does not exist`, { model });
    return t;
  }

  private matches(row: Row, domain: Domain, opts?: CallOptions): boolean {
    const mentionsActive = domain.some((t) => Array.isArray(t) && t[0] === 'active');
    if ('active' in row && !mentionsActive && opts?.context?.active_test !== false && row.active !== true) return false;
    return domain.every((term) => {
      if (!Array.isArray(term)) throw new Error('the fake knows only AND domains');
      const [field, op, value] = term as [string, string, unknown];
      const v = row[field] ?? false;
      if (op === '=') return v === value;
      if (op === '!=') return v !== value;
      if (op === 'in') return (value as unknown[]).includes(v);
      throw new Error(`the fake knows no operator ${op}`);
    });
  }

  private view(model: string, row: Row, fields: readonly string[]): ErpRecord {
    const out: ErpRecord = { id: row.id };
    for (const f of fields) {
      const rel = MANY2ONE[model]?.[f];
      const v = f === 'price_include' ? row.price_include_override === 'tax_included' : (row[f] ?? false);
      if (rel && typeof v === 'number') {
        const target = this.tables.get(rel)!.find((r) => r.id === v);
        out[f] = [v, String(target?.name ?? v)];
      } else out[f] = v;
    }
    return out;
  }

  async version() {
    return { major: 19, serie: '19.0' };
  }

  async searchRead(model: string, domain: Domain, fields: readonly string[], opts?: SearchOptions): Promise<ErpRecord[]> {
    this.calls.push({ model, method: 'search_read' });
    const hits = this.table(model).filter((r) => this.matches(r, domain, opts));
    return hits.slice(0, opts?.limit ?? hits.length).map((r) => this.view(model, r, fields));
  }

  async read(model: string, ids: readonly number[], fields: readonly string[]): Promise<ErpRecord[]> {
    this.calls.push({ model, method: 'read' });
    return this.table(model).filter((r) => ids.includes(r.id)).map((r) => this.view(model, r, fields));
  }

  async search(model: string, domain: Domain, opts?: SearchOptions): Promise<number[]> {
    this.calls.push({ model, method: 'search' });
    const hits = this.table(model).filter((r) => this.matches(r, domain, opts));
    return hits.slice(0, opts?.limit ?? hits.length).map((r) => r.id);
  }

  async searchCount(model: string, domain: Domain, opts?: CallOptions): Promise<number> {
    return (await this.search(model, domain, opts)).length;
  }

  async create(model: string, valsList: readonly Vals[]): Promise<number[]> {
    this.calls.push({ model, method: 'create', count: valsList.length });
    const t = this.table(model);
    const made: Row[] = [];
    let next = Math.max(0, ...t.map((r) => r.id)) + 1;
    for (const vals of valsList) {
      const row: Row = { id: next++, active: true, sequence: 10, ...vals };
      if (model === 'account.tax') this.checkTaxGroup(row);
      made.push(row);
    }
    // All or nothing, as one Odoo call.
    t.push(...made);
    return made.map((r) => r.id);
  }

  /** Odoo 19: a tax needs a tax group of its own country; without one given, the country's group is taken. */
  private checkTaxGroup(row: Row): void {
    const groups = this.table('account.tax.group');
    if (row.tax_group_id === undefined || row.tax_group_id === false) {
      const own = groups.find((g) => g.country_id === row.country_id);
      if (!own) {
        throw new PermanentError(
          'ERP_VALIDATION',
          "The operation cannot be completed: Missing required value for the field 'Tax Group' (tax_group_id).\nModel: 'Tax' (account.tax)\n- create/update: a mandatory field is not set\n- delete: another model requires the record being deleted, you can archive it instead\n",
        );
      }
      row.tax_group_id = own.id;
    }
    const group = groups.find((g) => g.id === row.tax_group_id);
    if (!group || group.country_id !== row.country_id) {
      throw new PermanentError('ERP_VALIDATION', 'The tax group must have the same country_id as the tax using it.');
    }
  }

  async write(model: string, ids: readonly number[], vals: Vals): Promise<boolean> {
    this.calls.push({ model, method: 'write', count: ids.length });
    for (const r of this.table(model)) if (ids.includes(r.id)) Object.assign(r, vals);
    return true;
  }

  async unlink(model: string, ids: readonly number[]): Promise<boolean> {
    const t = this.table(model);
    this.tables.set(model, t.filter((r) => !ids.includes(r.id)));
    return true;
  }

  async call(): Promise<unknown> {
    throw new Error('the fake has no methods');
  }

  async fieldsGet(): Promise<Record<string, Record<string, unknown>>> {
    return {};
  }

  async createMany(): Promise<never> {
    throw new Error('the set-up creates in single calls');
  }

  async callMany(): Promise<never> {
    throw new Error('the fake has no methods');
  }

  async close(): Promise<void> {}

  /** create calls made to `model` (how many, and records per call). */
  creates(model: string): number[] {
    return this.calls.filter((c) => c.model === model && c.method === 'create').map((c) => c.count ?? 0);
  }
}
