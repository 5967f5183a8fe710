/** sale.order and sale.order.line (field names of the emulated version: Odoo 18 says tax_id / product_uom). */
import { recomputeAmounts } from '../business/amounts.ts';
import { cancelOrders, confirmOrders } from '../business/sale-confirm.ts';
import { mappedLineTaxes, orderFiscalDefaults, redetectFiscalPositions, storeOrderCurrencyRates } from '../business/sale-fiscal.ts';
import { deliveredSql, invoicedSql, lineQtyCompute, lineStatusSql, orderInvoiceStatus, orderStatusSql, toInvoiceSql } from '../business/sale-quantities.ts';
import { bool, char, datetime, defineModel, float, html, int, m2m, m2o, money, o2m, sel } from '../orm/define.ts';
import { saleTaxTotals } from '../business/tax-totals.ts';
import { amountInvoicedSql, amountToInvoiceSql, deliveryStatusSql, orderSqlCompute } from '../business/picking-delivery-status.ts';
import { userError, validationError } from '../orm/errors.ts';
import { getModel } from '../orm/read.ts';
import { ensureExist, missingError } from '../orm/write.ts';
import type { Env, FieldDef, Json, ModelDef } from '../orm/types.ts';

const one = (): Json => 1;

/** Ids of related records per record, from one SQL returning (id, rel). */
function relatedIds(sql: string): FieldDef['compute'] {
  return async (env: Env, ids: number[]) => {
    const r = await env.tx.query(sql, [ids]);
    const out = new Map<number, Json>(ids.map((id) => [id, [] as number[]]));
    for (const x of r.rows) (out.get(x.id as number) as number[] | undefined)?.push(x.rel as number);
    return out;
  };
}

/**
 * Odoo's `_accountable_required_fields` check constraint: a line that is not a section or note needs a product
 * and a unit; the database refuses it and Odoo answers the constraint's message as a ValidationError.
 */
const ACCOUNTABLE = 'The operation cannot be completed: Missing required fields on accountable sale order line.';
function checkAccountable(r: Record<string, Json>, uom: string): void {
  if (!r.product_id || !r[uom]) throw validationError(ACCOUNTABLE);
}

/** The sales order model. */
export function saleOrder(): ModelDef {
  return defineModel({
    name: 'sale.order',
    description: 'Sales Order',
    order: 'date_order desc, id desc',
    fields: {
      name: char('Order Reference', { index: true }),
      partner_id: m2o('res.partner', 'Customer', { required: true, index: true }),
      partner_invoice_id: m2o('res.partner', 'Invoice Address'),
      partner_shipping_id: m2o('res.partner', 'Delivery Address'),
      client_order_ref: char('Customer Reference', { index: true }),
      origin: char('Source Document'),
      date_order: datetime('Order Date'),
      validity_date: datetime('Expiration'),
      commitment_date: datetime('Delivery Date'),
      state: sel('Status', [['draft', 'Quotation'], ['sent', 'Quotation Sent'], ['sale', 'Sales Order'], ['cancel', 'Cancelled']], { default: 'draft', readonly: true }),
      currency_id: m2o('res.currency', 'Currency'),
      currency_rate: float('Currency Rate', { readonly: true, default: 1 }),
      pricelist_id: m2o('product.pricelist', 'Pricelist'),
      fiscal_position_id: m2o('account.fiscal.position', 'Fiscal Position'),
      payment_term_id: m2o('account.payment.term', 'Payment Terms'),
      team_id: m2o('crm.team', 'Sales Team'),
      user_id: m2o('res.users', 'Salesperson'),
      company_id: m2o('res.company', 'Company', { default: one, required: true }),
      warehouse_id: m2o('stock.warehouse', 'Warehouse', { default: one }),
      order_line: o2m('sale.order.line', 'order_id', 'Order Lines'),
      // sale_stock's one2many over stock.picking.sale_id (read in the picking order: newest first)
      picking_ids: o2m('stock.picking', 'sale_id', 'Transfers', { readonly: true }),
      delivery_count: int('Delivery Orders', { readonly: true, default: undefined, compute: async (env, ids) => {
        const r = await env.tx.query('SELECT sale_id AS id, count(*)::int AS n FROM stock_picking WHERE sale_id = ANY($1) GROUP BY sale_id', [ids]);
        const m = new Map(r.rows.map((x) => [x.id as number, x.n as number]));
        return new Map(ids.map((id) => [id, m.get(id) ?? 0]));
      } }),
      invoice_ids: m2m('account.move', 'Invoices', { readonly: true, compute: relatedIds(
        // in account.move's order (date desc, name desc, id desc): credit notes come before the invoice they credit
        `SELECT x.id, x.rel FROM (SELECT DISTINCT l.order_id AS id, al.move_id AS rel FROM sale_order_line l
           JOIN account_move_line al ON al.sale_line_ids @> ARRAY[l.id] WHERE l.order_id = ANY($1)) x
         JOIN account_move m ON m.id = x.rel ORDER BY m.date DESC, m.name DESC, m.id DESC`) }),
      invoice_status: sel('Invoice Status', [['upselling', 'Upselling Opportunity'], ['invoiced', 'Fully Invoiced'], ['to invoice', 'To Invoice'], ['no', 'Nothing to Invoice']],
        { readonly: true, compute: orderInvoiceStatus, sql: orderStatusSql, store: true }),
      // sale_stock: stored in Odoo, so searchable (and bumping write_date when deliveries move it)
      delivery_status: sel('Delivery Status', [['pending', 'Not Delivered'], ['started', 'Started'], ['partial', 'Partially Delivered'], ['full', 'Fully Delivered']],
        { readonly: true, compute: orderSqlCompute(deliveryStatusSql, false), sql: deliveryStatusSql, store: true }),
      amount_invoiced: money('Already invoiced', { readonly: true, default: undefined, compute: orderSqlCompute(amountInvoicedSql, 0, true) }),
      amount_to_invoice: money('Un-invoiced Balance', { readonly: true, default: undefined, compute: orderSqlCompute(amountToInvoiceSql, 0, true) }),
      locked: bool('Locked', { readonly: true }),
      amount_untaxed: money('Untaxed Amount', { readonly: true }),
      amount_tax: money('Taxes', { readonly: true }),
      amount_total: money('Total', { readonly: true }),
      tax_totals: { type: 'binary', string: 'Tax Totals', readonly: true, compute: saleTaxTotals },
      note: html('Terms and conditions'),
    },
    async prepareCreate(env, rows) {
      const names = await env.tx.query(`SELECT 'S' || lpad(nextval('sale_order_name_seq')::text, 5, '0') AS n FROM generate_series(1, $1::int)`, [rows.length]);
      rows.forEach((r, i) => { if (!r.name || r.name === '/') r.name = names.rows[i].n as string; });
      const partners = [...new Set(rows.map((r) => r.partner_id).filter((x): x is number => typeof x === 'number'))];
      // Odoo's address_get: a delivery / invoice child contact when the customer has one, else the customer
      const addr = await env.tx.query(
        `SELECT p.id, (SELECT c.id FROM res_partner c WHERE c.parent_id = p.id AND c.type = 'delivery' AND c.active ORDER BY c.id LIMIT 1) AS ship,
                (SELECT c.id FROM res_partner c WHERE c.parent_id = p.id AND c.type = 'invoice' AND c.active ORDER BY c.id LIMIT 1) AS inv
         FROM res_partner p WHERE p.id = ANY($1)`, [partners]);
      const byPartner = new Map(addr.rows.map((a) => [a.id as number, a]));
      // Odoo's address and fiscal computes read the customer first: one that does not exist is a MissingError
      const missingPartner = partners.find((id) => !byPartner.has(id));
      if (missingPartner !== undefined) throw missingError(env, 'res.partner', missingPartner);
      const team = await env.tx.query('SELECT id FROM crm_team WHERE active ORDER BY sequence, id LIMIT 1');
      for (const r of rows) {
        const a = byPartner.get(r.partner_id as number);
        r.partner_shipping_id ??= (a?.ship as number | null) ?? (r.partner_id as number) ?? false;
        r.partner_invoice_id ??= (a?.inv as number | null) ?? (r.partner_id as number) ?? false;
        r.date_order ??= env.now.toISOString();
        r.user_id ??= env.uid;
        if (r.team_id === undefined) r.team_id = (team.rows[0]?.id as number | undefined) ?? false;
      }
      await orderFiscalDefaults(env, rows);
    },
    async afterCreate(env, ids) {
      await storeOrderCurrencyRates(env, ids);
      await recomputeAmounts(env, 'sale', ids);
    },
    async beforeWrite(env, _ids, vals) {
      // a new customer makes Odoo recompute the addresses from it: one that does not exist is a MissingError
      if (typeof vals.partner_id === 'number') await ensureExist(env, getModel(env, 'res.partner'), [vals.partner_id]);
    },
    async afterWrite(env, ids, vals) {
      if (vals.pricelist_id !== undefined && vals.currency_id === undefined) {
        // the currency follows the pricelist
        await env.tx.query(`UPDATE sale_order o SET currency_id = p.currency_id FROM product_pricelist p WHERE p.id = o.pricelist_id AND o.id = ANY($1)`, [ids]);
      }
      if ((vals.partner_id !== undefined || vals.partner_shipping_id !== undefined) && vals.fiscal_position_id === undefined) {
        // a new customer or address takes the position Odoo detects for it; the lines keep their taxes
        await redetectFiscalPositions(env, ids);
      }
      if (['date_order', 'currency_id', 'pricelist_id', 'company_id'].some((k) => vals[k] !== undefined)) await storeOrderCurrencyRates(env, ids);
      if (vals.currency_id !== undefined || vals.pricelist_id !== undefined) await recomputeAmounts(env, 'sale', ids);
    },
    async beforeUnlink(env, ids) {
      // Odoo's _unlink_except_draft_or_cancel: only drafts and cancelled orders go, a sent quotation does not
      const r = await env.tx.query(`SELECT name FROM sale_order WHERE id = ANY($1) AND state NOT IN ('draft', 'cancel')`, [ids]);
      if (r.rows.length) throw userError('You can not delete a sent quotation or a confirmed sales order. You must first cancel it.');
    },
    methods: {
      async action_confirm(env, ids) {
        await confirmOrders(env, ids);
        return true;
      },
      async action_cancel(env, ids) {
        await ensureExist(env, getModel(env, 'sale.order'), ids);
        const open = await env.tx.query(`SELECT id FROM sale_order WHERE id = ANY($1) AND state <> 'draft'`, [ids]);
        // Odoo 18 asks for confirmation through a wizard first; 19 cancels at once (sale.order.cancel is gone)
        if (open.rows.length && env.registry.version === 18 && env.context.disable_cancel_warning !== true) {
          // Odoo asks for confirmation through a wizard before cancelling a confirmed order
          return { name: 'Cancel Sales Order', view_mode: 'form', res_model: 'sale.order.cancel', view_id: false, type: 'ir.actions.act_window',
            context: { default_order_id: ids[0] ?? false }, target: 'new' };
        }
        await cancelOrders(env, ids);
        return true;
      },
      async action_quotation_sent(env, ids) {
        await ensureExist(env, getModel(env, 'sale.order'), ids);
        const r = await env.tx.query(`SELECT id FROM sale_order WHERE id = ANY($1) AND state <> 'draft'`, [ids]);
        if (r.rows.length) throw userError('Only draft orders can be marked as sent directly.');
        await env.tx.query(`UPDATE sale_order SET state = 'sent', write_date = sandbox_now() WHERE id = ANY($1)`, [ids]);
        return true;
      },
      async action_draft(env, ids) {
        await ensureExist(env, getModel(env, 'sale.order'), ids);
        await env.tx.query(`UPDATE sale_order SET state = 'draft', write_date = sandbox_now() WHERE id = ANY($1) AND state IN ('cancel', 'sent')`, [ids]);
        return true;
      },
    },
  });
}

/** The sales order line model of the given version. */
export function saleOrderLine(version: 18 | 19): ModelDef {
  const UOM = version === 18 ? 'product_uom' : 'product_uom_id';
  const TAX = version === 18 ? 'tax_id' : 'tax_ids';
  const recompute = async (env: Env, ids: number[]) => {
    const r = await env.tx.query('SELECT DISTINCT order_id FROM sale_order_line WHERE id = ANY($1)', [ids]);
    await recomputeAmounts(env, 'sale', r.rows.map((x) => x.order_id as number));
  };
  return defineModel({
    name: 'sale.order.line',
    description: 'Sales Order Line',
    order: 'order_id, sequence, id',
    fields: {
      order_id: m2o('sale.order', 'Order Reference', { required: true, index: true, ondelete: 'cascade' }),
      sequence: int('Sequence', { default: 10 }),
      display_type: sel('Display Type', [['line_section', 'Section'], ['line_subsection', 'Subsection'], ['line_note', 'Note']]),
      product_id: m2o('product.product', 'Product', { ondelete: 'restrict' }),
      name: char('Description', { required: true }),
      product_uom_qty: float('Quantity', { default: 1, digits: 'Product Unit' }),
      [UOM]: m2o('uom.uom', 'Unit', { column: 'product_uom_id' }),
      price_unit: float('Unit Price', { digits: 'Product Price' }),
      discount: float('Discount (%)', { digits: 'Discount' }),
      [TAX]: m2m('account.tax', 'Taxes', { column: 'tax_ids' }),
      price_subtotal: money('Subtotal', { readonly: true }),
      price_tax: money('Total Tax', { readonly: true }),
      price_total: money('Total', { readonly: true }),
      // stored computes in Odoo: searchable and sortable through their SQL expressions
      qty_delivered: float('Delivery Quantity', { readonly: true, default: undefined, compute: lineQtyCompute('delivered'), sql: deliveredSql, store: true, digits: 'Product Unit' }),
      qty_invoiced: float('Invoiced Quantity', { readonly: true, default: undefined, compute: lineQtyCompute('invoiced'), sql: invoicedSql, store: true, digits: 'Product Unit' }),
      qty_to_invoice: float('Quantity To Invoice', { readonly: true, default: undefined, compute: lineQtyCompute('toInvoice'), sql: toInvoiceSql, store: true, digits: 'Product Unit' }),
      invoice_status: sel('Invoice Status', [['upselling', 'Upselling Opportunity'], ['invoiced', 'Fully Invoiced'], ['to invoice', 'To Invoice'], ['no', 'Nothing to Invoice']],
        { readonly: true, compute: lineQtyCompute('status'), sql: lineStatusSql, store: true }),
      move_ids: o2m('stock.move', 'sale_line_id', 'Stock Moves'),
      company_id: m2o('res.company', 'Company', { default: one }),
    },
    displayName: (a) => `(SELECT o.name FROM sale_order o WHERE o.id = ${a}.order_id) || ' - ' || ${a}.name`,
    async prepareCreate(env, rows) {
      const prodIds = [...new Set(rows.map((r) => r.product_id).filter((x): x is number => typeof x === 'number'))];
      const p = await env.tx.query(
        `SELECT id, list_price::float8 AS price, uom_id, taxes_id, description_sale,
                CASE WHEN default_code IS NOT NULL AND default_code <> '' THEN '[' || default_code || '] ' || name ELSE name END AS dn
         FROM product_product WHERE id = ANY($1)`, [prodIds]);
      const byId = new Map(p.rows.map((x) => [x.id as number, x]));
      await mappedLineTaxes(env, rows, (r) => (byId.get(r.product_id as number)?.taxes_id as number[] | undefined) ?? null, TAX);
      // Odoo's computes read the product first: an id that does not exist fails there, not as a missing name.
      const missing = prodIds.filter((id) => !byId.has(id));
      if (missing.length) await ensureExist(env, getModel(env, 'product.product'), missing);
      for (const r of rows) {
        const prod = byId.get(r.product_id as number);
        if (!prod) continue;
        r.name ??= prod.description_sale ? `${prod.dn as string}\n${prod.description_sale as string}` : (prod.dn as string);
        r[UOM] ??= prod.uom_id as number;
        r.price_unit ??= Number(prod.price);
      }
      for (const r of rows) if (!r.display_type && r.name) checkAccountable(r, UOM);
    },
    async afterCreate(env, ids) {
      await recompute(env, ids);
    },
    async afterWrite(env, ids, vals) {
      if (vals.product_id !== undefined || vals[UOM] !== undefined || vals.display_type !== undefined) {
        const bad = await env.tx.query(`SELECT 1 FROM sale_order_line WHERE id = ANY($1) AND display_type IS NULL AND (product_id IS NULL OR product_uom_id IS NULL) LIMIT 1`, [ids]);
        if (bad.rows.length) throw validationError(ACCOUNTABLE);
      }
      if (['price_unit', 'product_uom_qty', 'discount', TAX].some((k) => vals[k] !== undefined)) await recompute(env, ids);
    },
    async beforeUnlink(env, ids) {
      const r = await env.tx.query(
        `SELECT DISTINCT o.id, o.state FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id WHERE l.id = ANY($1)`, [ids]);
      if (r.rows.some((o) => o.state === 'sale')) {
        throw userError("Once a sales order is confirmed, you can't remove one of its lines (we need to track if something gets invoiced or delivered).\nSet the quantity to 0 instead.");
      }
      await env.tx.query('DELETE FROM sale_order_line WHERE id = ANY($1)', [ids]);
      await recomputeAmounts(env, 'sale', r.rows.map((o) => o.id as number));
    },
  });
}

