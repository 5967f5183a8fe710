/** Journal items (account.move.line): an invoice's product lines, and its receivable item that reconciliation matches. */
import { recomputeAmounts } from '../business/amounts.ts';
import { mapTaxes } from '../business/fiscal-position.ts';
import { prepareEntryItems } from '../business/entry-lines.ts';
import { INCOME_ACCOUNT } from '../business/journal-items.ts';
import { reconcileLines } from '../business/reconcile.ts';
import { bool, char, defineModel, float, m2m, m2o, money, sel } from '../orm/define.ts';
import { userError } from '../orm/errors.ts';
import type { ModelDef } from '../orm/types.ts';
import { checkTaxCountry } from './account.ts';
import { ACCOUNT_TYPES } from './account-account.ts';

export const accountMoveLine: ModelDef = defineModel({
  name: 'account.move.line',
  description: 'Journal Item',
  order: 'move_id, sequence, id',
  fields: {
    move_id: m2o('account.move', 'Journal Entry', { required: true, index: true, ondelete: 'cascade' }),
    sequence: float('Sequence', { default: 10 }),
    display_type: sel('Display Type', [['product', 'Product'], ['tax', 'Tax'], ['payment_term', 'Payment Term'], ['line_section', 'Section'],
      ['line_note', 'Note']], { default: 'product' }),
    product_id: m2o('product.product', 'Product'),
    name: char('Label'),
    quantity: float('Quantity', { default: 1, digits: 'Product Unit' }),
    price_unit: float('Unit Price', { digits: 'Product Price' }),
    discount: float('Discount (%)', { digits: 'Discount' }),
    tax_ids: m2m('account.tax', 'Taxes'),
    // a tax item's tax (journal-items.ts)
    tax_line_id: m2o('account.tax', 'Originator Tax', { readonly: true }),
    product_uom_id: m2o('uom.uom', 'Unit'),
    price_subtotal: money('Subtotal', { readonly: true }),
    price_tax: money('Tax', { readonly: true }),
    price_total: money('Total', { readonly: true }),
    sale_line_ids: m2m('sale.order.line', 'Sales Order Lines'),
    // the ledger side (business/journal-items.ts, reconcile.ts): company-currency amounts and what is left to match
    account_id: m2o('account.account', 'Account', { index: true }),
    account_type: sel('Internal Type', ACCOUNT_TYPES, { readonly: true, store: true,
      sql: (a) => `(SELECT aa.account_type FROM account_account aa WHERE aa.id = ${a}.account_id)`,
      compute: async (env, ids) => {
        const r = await env.tx.query('SELECT l.id, a.account_type FROM account_move_line l JOIN account_account a ON a.id = l.account_id WHERE l.id = ANY($1)', [ids]);
        const got = new Map(r.rows.map((x) => [x.id as number, x.account_type as string]));
        return new Map(ids.map((id) => [id, got.get(id) ?? false]));
      } }),
    partner_id: m2o('res.partner', 'Partner'),
    currency_id: m2o('res.currency', 'Currency'),
    debit: money('Debit', { readonly: true }),
    credit: money('Credit', { readonly: true }),
    balance: money('Balance', { readonly: true }),
    amount_currency: money('Amount in Currency', { readonly: true }),
    amount_residual: money('Residual Amount', { readonly: true }),
    amount_residual_currency: money('Residual Amount in Currency', { readonly: true }),
    reconciled: bool('Reconciled', { readonly: true }),
    full_reconcile_id: m2o('account.full.reconcile', 'Matching', { readonly: true, index: true }),
    matching_number: char('Matching #', { readonly: true }),
  },
  displayName: (a) => `coalesce(${a}.name, '')`,
  async prepareCreate(env, rows) {
    await prepareEntryItems(env, rows);
    const ids = [...new Set(rows.map((r) => r.product_id).filter((x): x is number => typeof x === 'number'))];
    const p = await env.tx.query(
      `SELECT id, list_price::float8 AS price, uom_id, taxes_id,
              CASE WHEN default_code IS NOT NULL AND default_code <> '' THEN '[' || default_code || '] ' || name ELSE name END AS dn
       FROM product_product WHERE id = ANY($1)`, [ids]);
    const byId = new Map(p.rows.map((x) => [x.id as number, x]));
    for (const r of rows) {
      const prod = byId.get(r.product_id as number);
      if (!prod) continue;
      r.name ??= prod.dn as string;
      r.price_unit ??= Number(prod.price);
      r.product_uom_id ??= prod.uom_id as number;
    }
    // a product line's account: its journal's default (Product Sales on invoices, Expenses on bills)
    const noAccount = rows.filter((r) => (r.display_type === undefined || r.display_type === 'product') && r.account_id === undefined);
    const defaults = await env.tx.query(
      `SELECT m.id, j.default_account_id AS a FROM account_move m JOIN account_journal j ON j.id = m.journal_id WHERE m.id = ANY($1)`, [noAccount.map((r) => r.move_id)]);
    const accountOf = new Map(defaults.rows.map((x) => [x.id as number, (x.a as number | null) ?? INCOME_ACCOUNT]));
    for (const r of noAccount) r.account_id = accountOf.get(r.move_id as number) ?? INCOME_ACCOUNT;
    // a line without taxes of its own gets the product's, mapped through its entry's fiscal position
    const todo = rows.filter((r) => r.tax_ids === undefined && byId.has(r.product_id as number));
    const moves = await env.tx.query('SELECT id, fiscal_position_id FROM account_move WHERE id = ANY($1)', [todo.map((r) => r.move_id)]);
    const fpOf = new Map(moves.rows.map((m) => [m.id as number, (m.fiscal_position_id as number | null) ?? false]));
    const mapped = await mapTaxes(env, todo.map((r) => ({ position: fpOf.get(r.move_id as number) ?? false, taxes: (byId.get(r.product_id as number)!.taxes_id as number[]) ?? [] })));
    todo.forEach((r, i) => { r.tax_ids = [[6, 0, mapped[i]!]]; });
  },
  async afterCreate(env, ids) {
    // receivable and tax items are made by the amounts' recomputation itself (journal-items.ts)
    const r = await env.tx.query(`SELECT DISTINCT move_id FROM account_move_line WHERE id = ANY($1) AND display_type NOT IN ('payment_term', 'tax')`, [ids]);
    await recomputeAmounts(env, 'move', r.rows.map((x) => x.move_id as number));
  },
  async afterWrite(env, ids, vals) {
    const r = await env.tx.query('SELECT DISTINCT move_id FROM account_move_line WHERE id = ANY($1)', [ids]);
    const posted = await env.tx.query(`SELECT 1 FROM account_move WHERE id = ANY($1) AND state = 'posted'`, [r.rows.map((x) => x.move_id)]);
    if (posted.rows.length) throw userError('You cannot modify a posted entry of this journal.');
    if (vals.tax_ids !== undefined) await checkTaxCountry(env, r.rows.map((x) => x.move_id as number));
    await recomputeAmounts(env, 'move', r.rows.map((x) => x.move_id as number));
  },
  methods: {
    // matches the given items with each other (business/reconcile.ts); Odoo returns None (JSON-2 null, JSON-RPC no result)
    async reconcile(env, ids) {
      await reconcileLines(env, ids);
      return undefined;
    },
  },
});
