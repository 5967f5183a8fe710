/** Invoicing: account.move and the invoicing wizard of sales orders (lines: account-move-line.ts; reversal: account-move-reversal.ts). */
import { recomputeAmounts } from '../business/amounts.ts';
import { checkBalanced } from '../business/entry-lines.ts';
import { invoiceCurrencyRates, matchedPayments } from '../business/move-payments.ts';
import { autoFiscalPositions, taxCountryProblem } from '../business/fiscal-position.ts';
import { invoiceOrders, invoicesAction, postMoves } from '../business/invoicing.ts';
import { outstandingWidget, paymentsWidget } from '../business/invoice-widgets.ts';
import { assignOutstandingLine, unreconcileMoves } from '../business/reconcile.ts';
import { binary, bool, char, date, defineModel, float, html, json, m2m, m2o, money, o2m, sel } from '../orm/define.ts';
import { fieldAttachments } from './ir-attachment.ts';
import { userError, validationError, valueError } from '../orm/errors.ts';
import type { Env, ModelDef } from '../orm/types.ts';

export const moveTypes: Array<[string, string]> = [
  ['entry', 'Journal Entry'], ['out_invoice', 'Customer Invoice'], ['out_refund', 'Customer Credit Note'],
  ['in_invoice', 'Vendor Bill'], ['in_refund', 'Vendor Credit Note'], ['out_receipt', 'Sales Receipt'], ['in_receipt', 'Purchase Receipt'],
];

export function activeIds(env: Env, model: string): number[] {
  if (env.context.active_model !== model) return [];
  const v = env.context.active_ids ?? (typeof env.context.active_id === 'number' ? [env.context.active_id] : []);
  return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
}

export const accountMove: ModelDef = defineModel({
  name: 'account.move',
  description: 'Journal Entry',
  order: 'date desc, name desc, id desc',
  fields: {
    name: char('Number', { index: true }),
    move_type: sel('Type', moveTypes, { default: 'entry', required: true }),
    state: sel('Status', [['draft', 'Draft'], ['posted', 'Posted'], ['cancel', 'Cancelled']], { default: 'draft', readonly: true }),
    partner_id: m2o('res.partner', 'Partner', { index: true }),
    partner_shipping_id: m2o('res.partner', 'Delivery Address'),
    // default: the company's first journal of the document's kind (prepareCreate)
    journal_id: m2o('account.journal', 'Journal', { required: true }),
    currency_id: m2o('res.currency', 'Currency'),
    company_id: m2o('res.company', 'Company', { default: 1 }),
    date: date('Date'),
    invoice_date: date('Invoice/Bill Date'),
    // without payment-term lines Odoo's `_compute_invoice_date_due` gives the invoice date, else today
    invoice_date_due: date('Due Date', { readonly: true, compute: async (env, ids) => {
      const r = await env.tx.query(`SELECT id, coalesce(invoice_date, sandbox_now()::date)::text AS d FROM account_move WHERE id = ANY($1)`, [ids]);
      return new Map(r.rows.map((x) => [x.id as number, x.d as string]));
    } }),
    ref: char('Reference'),
    invoice_origin: char('Origin'),
    narration: html('Terms and Conditions'),
    // the lines a user edits: product lines, sections and notes; `line_ids` adds the receivable item (journal-items.ts)
    invoice_line_ids: o2m('account.move.line', 'move_id', 'Invoice lines', {
      childWhere: (c) => `${c}.display_type IN ('product', 'line_section', 'line_note')`,
    }),
    line_ids: o2m('account.move.line', 'move_id', 'Journal Items'),
    invoice_outstanding_credits_debits_widget: json('Outstanding Credits/Debits', { readonly: true, compute: outstandingWidget }),
    invoice_payments_widget: json('Payments', { readonly: true, compute: paymentsWidget }),
    amount_untaxed: money('Untaxed Amount', { readonly: true }),
    amount_tax: money('Tax', { readonly: true }),
    amount_total: money('Total', { readonly: true }),
    amount_residual: money('Amount Due', { readonly: true }),
    // the ledger's view (business/entry-lines.ts): the total in company currency, and the rate of the invoice date
    amount_total_signed: money('Total Signed', { readonly: true }),
    invoice_currency_rate: float('Currency Rate', { readonly: true, compute: invoiceCurrencyRates }),
    // payments (account-payment.ts): the one a payment's entry belongs to, those matched with an invoice
    origin_payment_id: m2o('account.payment', 'Payment', { readonly: true, index: true }),
    matched_payment_ids: m2m('account.payment', 'Matched Payments', { readonly: true, compute: matchedPayments }),
    statement_line_id: m2o('account.bank.statement.line', 'Statement Line', { readonly: true, index: true }),
    payment_state: sel('Payment Status', [['not_paid', 'Not Paid'], ['in_payment', 'In Payment'], ['paid', 'Paid'], ['partial', 'Partially Paid'],
      ['reversed', 'Reversed'], ['blocked', 'Blocked'], ['invoicing_legacy', 'Invoicing App Legacy']], { default: 'not_paid', readonly: true }),
    reversed_entry_id: m2o('account.move', 'Reversal of', { index: true }),
    reversal_move_ids: o2m('account.move', 'reversed_entry_id', 'Reversal Move'),
    team_id: m2o('crm.team', 'Sales Team'),
    invoice_user_id: m2o('res.users', 'Salesperson'),
    fiscal_position_id: m2o('account.fiscal.position', 'Fiscal Position'),
    invoice_payment_term_id: m2o('account.payment.term', 'Payment Terms'),
    // Odoo: related partner_id.commercial_partner_id, stored (searchable, sortable)
    // The invoice PDF (account.move.send, 17+): a binary field kept as an ir.attachment linked by `res_field`, and
    // the attachment itself (Odoo's `_compute_linked_attachment_id`); empty until "Send & Print" rendered it.
    invoice_pdf_report_file: binary('PDF File', { readonly: true, compute: async (env, ids) => {
      const found = await fieldAttachments(env, 'account.move', 'invoice_pdf_report_file', ids);
      return new Map([...found].map(([id, a]) => [id, a.datas ?? false]));
    } }),
    invoice_pdf_report_id: m2o('ir.attachment', 'PDF Attachment', { readonly: true, compute: async (env, ids) => {
      const found = await fieldAttachments(env, 'account.move', 'invoice_pdf_report_file', ids);
      return new Map([...found].map(([id, a]) => [id, [a.id, a.name]]));
    } }),
    message_main_attachment_id: m2o('ir.attachment', 'Main Attachment', { readonly: true }),
    is_move_sent: bool('Is Move Sent', { readonly: true }),
    commercial_partner_id: m2o('res.partner', 'Commercial Entity', {
      readonly: true, store: true, sql: (a) => `(SELECT cp.commercial_partner_id FROM res_partner cp WHERE cp.id = ${a}.partner_id)`,
      compute: async (env, ids) => {
        const r = await env.tx.query(
          `SELECT m.id, c.id AS cid, c.name FROM account_move m JOIN res_partner p ON p.id = m.partner_id JOIN res_partner c ON c.id = p.commercial_partner_id
           WHERE m.id = ANY($1)`, [ids]);
        return new Map(r.rows.map((x) => [x.id as number, [x.cid as number, x.name as string]]));
      },
    }),
  },
  // posted: "INV/2026/00001 (ref)"; draft: Odoo's placeholder with the id
  displayName: (a) => `CASE WHEN ${a}.name IS NULL OR ${a}.name = '/' THEN
      CASE ${a}.move_type WHEN 'out_refund' THEN 'Draft Credit Note' WHEN 'out_invoice' THEN 'Draft Invoice'
        WHEN 'in_invoice' THEN 'Draft Bill' WHEN 'in_refund' THEN 'Draft Refund' ELSE 'Draft Entry' END || ' (* ' || ${a}.id || ')'
    ELSE ${a}.name || coalesce(' (' || nullif(${a}.ref, '') || ')', '') END`,
  async prepareCreate(env, rows) {
    const c = await env.tx.query('SELECT currency_id FROM res_company WHERE id = 1');
    const journals = await env.tx.query(`SELECT DISTINCT ON (type) type, id FROM account_journal WHERE company_id = $1 AND active ORDER BY type, sequence, code, id`, [env.companyId]);
    const journalOf = new Map(journals.rows.map((j) => [j.type as string, j.id as number]));
    for (const r of rows) {
      const kind = typeof r.move_type === 'string' && r.move_type.startsWith('in_') ? 'purchase' : r.move_type === undefined || r.move_type === 'entry' ? 'general' : 'sale';
      r.journal_id ??= journalOf.get(kind) ?? 1;
      r.currency_id ??= c.rows[0].currency_id as number;
      r.date ??= env.now.toISOString().slice(0, 10);
    }
    // invoices and bills get the fiscal position Odoo detects for their partner and delivery address
    const auto = rows.filter((r) => r.fiscal_position_id === undefined && r.move_type !== undefined && r.move_type !== 'entry');
    const found = await autoFiscalPositions(env, auto.map((r) => ({
      partner: typeof r.partner_id === 'number' ? r.partner_id : null,
      delivery: typeof r.partner_shipping_id === 'number' ? r.partner_shipping_id : null,
    })));
    auto.forEach((r, i) => { r.fiscal_position_id = found[i]!; });
  },
  async afterCreate(env, ids) {
    await checkTaxCountry(env, ids);
    await recomputeAmounts(env, 'move', ids);
    await checkBalanced(env, ids);
  },
  async afterWrite(env, ids, vals) {
    if (vals.fiscal_position_id !== undefined || vals.company_id !== undefined || vals.invoice_line_ids !== undefined) await checkTaxCountry(env, ids);
    // Lines removed through the entry (command 2) change its totals as Odoo recomputes them (edits recompute per line).
    if (vals.invoice_line_ids !== undefined) await recomputeAmounts(env, 'move', ids);
  },
  async beforeUnlink(env, ids) {
    const r = await env.tx.query(`SELECT id FROM account_move WHERE id = ANY($1) AND state = 'posted'`, [ids]);
    if (r.rows.length) throw userError('You cannot delete an entry which has been posted once.');
  },
  methods: {
    async action_post(env, ids) {
      await checkTaxCountry(env, ids);
      await checkBalanced(env, ids);
      await postMoves(env, ids);
      return false;
    },
    // the invoice's form: settle it with one of the customer's outstanding credits (`line_id`); Odoo returns None
    async js_assign_outstanding_line(env, ids, kw) {
      if (typeof kw.line_id !== 'number') throw valueError("js_assign_outstanding_line() missing 1 required positional argument: 'line_id'");
      await assignOutstandingLine(env, ids, kw.line_id);
      return undefined;
    },
    async button_draft(env, ids) {
      await unreconcileMoves(env, ids);
      // a draft owes its whole total again: what it had settled was unreconciled just above
      await env.tx.query(
        `UPDATE account_move SET state = 'draft', payment_state = 'not_paid', amount_residual = amount_total, write_date = sandbox_now()
         WHERE id = ANY($1) AND state IN ('posted', 'cancel')`, [ids]);
      // Odoo's `_detach_attachments`: the PDF of the posted invoice stays an attachment, no longer its PDF field's
      // (posted again, Send & Print renders a new one)
      await env.tx.query(`UPDATE ir_attachment SET res_field = NULL WHERE res_model = 'account.move' AND res_field = 'invoice_pdf_report_file' AND res_id = ANY($1)`, [ids]);
      return false;
    },
    async button_cancel(env, ids) {
      await env.tx.query(`UPDATE account_move SET state = 'cancel', write_date = sandbox_now() WHERE id = ANY($1) AND state = 'draft'`, [ids]);
      return false;
    },
  },
});

export const saleAdvancePaymentInv = defineModel({
  name: 'sale.advance.payment.inv',
  description: 'Sales Advance Payment Invoice',
  fields: {
    advance_payment_method: sel('Create Invoice', [['delivered', 'Regular invoice'], ['percentage', 'Down payment (percentage)'], ['fixed', 'Down payment (fixed amount)']],
      { default: 'delivered', required: true }),
    sale_order_ids: m2m('sale.order', 'Sales Orders'),
    amount: float('Down Payment'),
    fixed_amount: money('Down Payment Amount (Fixed)'),
    // Odoo's default: one invoice for the orders of one customer, invoice and delivery address (see invoicing.ts).
    consolidated_billing: bool('Consolidated Billing', { default: true }),
  },
  async prepareCreate(env, rows) {
    for (const r of rows) if (r.sale_order_ids === undefined) r.sale_order_ids = [[6, 0, activeIds(env, 'sale.order')]];
  },
  methods: {
    async create_invoices(env, ids) {
      const w = await env.tx.query(`SELECT advance_payment_method AS m, sale_order_ids, consolidated_billing AS c FROM sale_advance_payment_inv WHERE id = ANY($1)`, [ids]);
      if (w.rows.some((x) => x.m !== 'delivered')) throw userError('Down payments are not available in this ERP sandbox: use a regular invoice.');
      const orders = [...new Set([...activeIds(env, 'sale.order'), ...w.rows.flatMap((x) => (x.sale_order_ids as number[]) ?? [])])];
      const moves = await invoiceOrders(env, orders, w.rows.some((x) => x.c !== false));
      const p = await env.tx.query('SELECT partner_id FROM sale_order WHERE id = $1', [orders[0]]);
      return invoicesAction(moves, orders.length === 1 ? (p.rows[0]?.partner_id as number | undefined) ?? null : undefined);
    },
  },
});

/** Odoo's `_validate_taxes_country` constraint: taxes of another country than the entry's tax country are refused. */
export async function checkTaxCountry(env: Env, moveIds: number[]): Promise<void> {
  const problem = await taxCountryProblem(env, moveIds);
  if (problem) throw validationError(problem);
}
