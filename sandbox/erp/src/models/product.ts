/** Products, units, taxes, sales teams and pricelists (journals: account-journal.ts). */
import { stockFigureSql, type StockFigure } from '../business/stock-figures.ts';
import { bool, char, defineModel, float, html, int, m2m, m2o, o2m, sel, text } from '../orm/define.ts';
import type { Env, FieldDef, Json, ModelDef } from '../orm/types.ts';

const one = (): Json => 1;

/** One computed stock figure of product.product, read from quants and moves (batched), searchable not sortable. */
function stockField(string: string, key: StockFigure) {
  return float(string, {
    readonly: true,
    default: undefined,
    digits: 'Product Unit',
    sql: (alias, ctx) => stockFigureSql(key, alias, ctx),
    compute: async (env: Env, ids: number[]) => {
      const r = await env.tx.query(`SELECT p.id, ${stockFigureSql(key, 'p', env.context)} AS v FROM product_product p WHERE p.id = ANY($1)`, [ids]);
      const got = new Map(r.rows.map((x) => [x.id as number, Number(x.v)]));
      return new Map(ids.map((id) => [id, got.get(id) ?? 0]));
    },
  });
}

/** A many2one to the record itself (product <-> template, one variant per template here), with its display name. */
function selfLink(relation: string, string: string): FieldDef {
  return m2o(relation, string, {
    readonly: true, store: true, sql: (a) => `${a}.id`,
    compute: async (env, ids) => {
      const r = await env.tx.query(`SELECT p.id, ${productDisplayName('p')} AS dn FROM product_product p WHERE p.id = ANY($1)`, [ids]);
      return new Map(r.rows.map((x) => [x.id as number, [x.id as number, x.dn as string]]));
    },
  });
}

const productDisplayName = (a: string) => `CASE WHEN ${a}.default_code IS NOT NULL AND ${a}.default_code <> '' THEN '[' || ${a}.default_code || '] ' || ${a}.name ELSE ${a}.name END`;

const productFields = {
    name: char('Name', { required: true }),
    default_code: char('Internal Reference', { index: true }),
    barcode: char('Barcode'),
    type: sel('Product Type', [['consu', 'Goods'], ['service', 'Service'], ['combo', 'Combo']], { default: 'consu', required: true }),
    is_storable: bool('Track Inventory'),
    list_price: float('Sales Price', { default: 1, digits: 'Product Price' }),
    standard_price: float('Cost', { digits: 'Product Price' }),
    taxes_id: m2m('account.tax', 'Sales Taxes'),
    supplier_taxes_id: m2m('account.tax', 'Purchase Taxes'),
    invoice_policy: sel('Invoicing Policy', [['order', 'Ordered quantities'], ['delivery', 'Delivered quantities']], { default: 'order' }),
    uom_id: m2o('uom.uom', 'Unit', { default: 1, required: true }),
    sale_ok: bool('Can be Sold', { default: true }),
    purchase_ok: bool('Can be Purchased', { default: true }),
    description_sale: text('Sales Description'),
    weight: float('Weight', { digits: 'Stock Weight' }),
    volume: float('Volume', { digits: 'Volume' }),
    company_id: m2o('res.company', 'Company'),
    active: bool('Active', { default: true }),
    qty_available: stockField('Quantity On Hand', 'qty_available'),
    virtual_available: stockField('Forecasted Quantity', 'virtual_available'),
    free_qty: stockField('Free To Use Quantity ', 'free_qty'),
    incoming_qty: stockField('Incoming', 'incoming_qty'),
    outgoing_qty: stockField('Outgoing', 'outgoing_qty'),
    categ_id: m2o('product.category', 'Product Category'),
};

async function productDefaults(env: Env, rows: Array<Record<string, Json>>): Promise<void> {
    // a new product gets the company's default sale tax, like Odoo's default on taxes_id
    if (rows.every((r) => r.taxes_id !== undefined)) return;
    const r = await env.tx.query('SELECT account_sale_tax_id AS t FROM res_company WHERE id = $1', [env.companyId]);
    const tax = r.rows[0]?.t as number | null;
    for (const row of rows) if (row.taxes_id === undefined) row.taxes_id = tax ? [[6, 0, [tax]]] : [];
}

/**
 * product.product. Odoo keeps the sales price on the template and a variant's `lst_price` adds the attribute
 * extras; variants without attributes (all of them here) read `lst_price` = `list_price`, and writing it writes the
 * price. `product_tmpl_id`: the sandbox keeps one variant per template in one table, so a product's template has
 * the product's id (a simplification: in Odoo the two ids differ).
 */
export const productProduct = defineModel({
  name: 'product.product',
  description: 'Product Variant',
  order: 'default_code, name, id',
  fields: {
    ...productFields,
    product_tmpl_id: selfLink('product.template', 'Product Template'),
    lst_price: float('Sales Price', {
      default: undefined, digits: 'Product Price', inverseWrite: 'list_price',
      compute: async (env, ids) => {
        const r = await env.tx.query('SELECT id, list_price::float8 AS p FROM product_product WHERE id = ANY($1)', [ids]);
        return new Map(r.rows.map((x) => [x.id as number, Number(x.p)]));
      },
    }),
  },
  displayName: productDisplayName,
  prepareCreate: productDefaults,
});

/** product.template over the same rows (see product.product): what a connector reads or searches on templates. */
export const productTemplate: ModelDef = defineModel({
  name: 'product.template',
  description: 'Product',
  table: 'product_product',
  order: 'is_favorite desc, name, id',
  fields: {
    ...productFields,
    is_favorite: bool('Favorite'),
    product_variant_id: selfLink('product.product', 'Product'),
  },
  displayName: productDisplayName,
  prepareCreate: productDefaults,
});

/** Product categories: a hierarchy (`child_of` walks it), "All / Saleable" as complete name. */
export const productCategory: ModelDef = defineModel({
  name: 'product.category',
  description: 'Product Category',
  order: 'complete_name, id',
  fields: {
    name: char('Name', { required: true, index: true }),
    complete_name: char('Complete Name', { readonly: true }),
    parent_id: m2o('product.category', 'Parent Category', { index: true, ondelete: 'cascade' }),
    child_id: o2m('product.category', 'parent_id', 'Child Categories'),
  },
  displayName: (a) => `coalesce(${a}.complete_name, ${a}.name)`,
  async prepareCreate(env, rows) {
    const parents = await env.tx.query('SELECT id, complete_name FROM product_category WHERE id = ANY($1)',
      [rows.map((r) => r.parent_id).filter((x): x is number => typeof x === 'number')]);
    const byId = new Map(parents.rows.map((p) => [p.id as number, p.complete_name as string]));
    for (const r of rows) {
      const parent = byId.get(r.parent_id as number);
      r.complete_name = parent ? `${parent} / ${String(r.name)}` : String(r.name);
    }
  },
});

/** Payment terms (a new database has Odoo's "Immediate Payment", "15 Days", ... only when seeded so). */
export const accountPaymentTerm: ModelDef = defineModel({
  name: 'account.payment.term',
  description: 'Payment Terms',
  order: 'sequence, id',
  fields: {
    name: char('Payment Terms', { required: true }),
    active: bool('Active', { default: true }),
    sequence: int('Sequence', { default: 10 }),
    note: html('Description on the Invoice'),
    company_id: m2o('res.company', 'Company'),
  },
});

export const uomUom = defineModel({
  name: 'uom.uom',
  description: 'Product Unit of Measure',
  order: 'sequence, id',
  fields: {
    name: char('Unit Name', { required: true }),
    sequence: int('Sequence'),
    rounding: float('Rounding Precision', { default: 0.01 }),
    relative_factor: float('Contains', { default: 1 }),
    active: bool('Active', { default: true }),
  },
});

export const crmTeam = defineModel({
  name: 'crm.team',
  description: 'Sales Team',
  order: 'sequence, name, id',
  fields: {
    name: char('Sales Team', { required: true }),
    sequence: int('Sequence', { default: 10 }),
    user_id: m2o('res.users', 'Team Leader'),
    company_id: m2o('res.company', 'Company'),
    active: bool('Active', { default: true }),
  },
});

export const productPricelist = defineModel({
  name: 'product.pricelist',
  description: 'Pricelist',
  order: 'sequence, id',
  fields: {
    name: char('Pricelist Name', { required: true }),
    currency_id: m2o('res.currency', 'Currency', { required: true, default: one }),
    sequence: int('Sequence', { default: 16 }),
    company_id: m2o('res.company', 'Company'),
    active: bool('Active', { default: true }),
  },
  displayName: (a) => `${a}.name || ' (' || (SELECT c.name FROM res_currency c WHERE c.id = ${a}.currency_id) || ')'`,
});

