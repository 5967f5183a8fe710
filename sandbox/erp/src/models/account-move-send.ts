/**
 * "Send & Print" of one invoice, Odoo 18/19's `account.move.send.wizard`: `action_send_and_print` renders the
 * invoice PDF once (never again when the invoice has one) and stores it as Odoo does, an `ir.attachment` of the
 * binary field `account.move.invoice_pdf_report_file` (`res_model`, `res_id`, `res_field`), which is also the
 * invoice's main attachment, and marks the invoice sent. Checked first as Odoo does: posted sales documents only.
 * The sending methods are the wizard's checkboxes (`sending_method_checkboxes`, Odoo's default: email checked);
 * none checked generates the PDF only. Email is not emulated: a wizard with email checked is refused with a
 * UserError naming the sandbox, rather than pretending a buyer was written to.
 */
import { defineModel, json, m2o } from '../orm/define.ts';
import { userError } from '../orm/errors.ts';
import type { Env, Json } from '../orm/types.ts';
import { renderInvoicePdf } from '../business/invoice-pdf.ts';
import { fieldAttachments } from './ir-attachment.ts';
import { createRecords } from '../orm/create.ts';
import { getModel } from '../orm/read.ts';

const SALE_TYPES = ['out_invoice', 'out_refund', 'out_receipt'];
const money = (v: unknown) => Number(v).toFixed(2);

/** The checked sending methods of a wizard's checkboxes (`{email: {checked: true, label}}`). */
function checkedMethods(boxes: unknown): string[] {
  if (!boxes || typeof boxes !== 'object') return [];
  return Object.entries(boxes as Record<string, { checked?: boolean }>).filter(([, v]) => v?.checked).map(([k]) => k);
}

/** Odoo's `_check_move_constrains`: posted sales documents only. */
async function checkMoves(env: Env, moveIds: number[]): Promise<void> {
  const r = await env.tx.query('SELECT state, move_type FROM account_move WHERE id = ANY($1)', [moveIds]);
  if (r.rows.some((m) => m.state !== 'posted')) throw userError("You can't generate invoices that are not posted.");
  if (r.rows.some((m) => !SALE_TYPES.includes(m.move_type as string))) throw userError('You can only generate sales documents.');
}

/** Renders and links the PDF of each invoice that has none yet (Odoo's `_generate_invoice_documents`). */
export async function generateInvoicePdfs(env: Env, moveIds: number[]): Promise<void> {
  const existing = await fieldAttachments(env, 'account.move', 'invoice_pdf_report_file', moveIds);
  const todo = moveIds.filter((id) => !existing.has(id));
  if (!todo.length) return;
  const moves = await env.tx.query(
    `SELECT m.id, m.name, m.move_type, m.invoice_date::text AS invoice_date, m.invoice_origin, m.amount_untaxed, m.amount_tax, m.amount_total,
            p.name AS customer, c.name AS currency, co.name AS company
     FROM account_move m LEFT JOIN res_partner p ON p.id = m.partner_id LEFT JOIN res_currency c ON c.id = m.currency_id
     LEFT JOIN res_company co ON co.id = m.company_id WHERE m.id = ANY($1) ORDER BY m.id`, [todo]);
  const lines = await env.tx.query(
    `SELECT move_id, name, quantity::float8 AS quantity, price_subtotal FROM account_move_line
     WHERE move_id = ANY($1) AND display_type = 'product' ORDER BY move_id, sequence, id`, [todo]);
  const vals = moves.rows.map((m) => {
    const pdf = renderInvoicePdf({
      company: String(m.company ?? ''), name: String(m.name), title: m.move_type === 'out_refund' ? 'Credit Note' : 'Invoice',
      invoiceDate: (m.invoice_date as string | null) ?? null, customer: (m.customer as string | null) ?? null, origin: (m.invoice_origin as string | null) ?? null,
      currency: String(m.currency ?? ''), untaxed: money(m.amount_untaxed), tax: money(m.amount_tax), total: money(m.amount_total),
      lines: lines.rows.filter((l) => l.move_id === m.id).map((l) => ({ label: String(l.name ?? ''), quantity: String(l.quantity), subtotal: money(l.price_subtotal) })),
    });
    // Odoo's `_get_invoice_report_filename`: the number with its slashes made underscores
    return { name: `${String(m.name).replace(/\//g, '_')}.pdf`, res_model: 'account.move', res_id: m.id as number, res_field: 'invoice_pdf_report_file',
      mimetype: 'application/pdf', datas: pdf.toString('base64') };
  });
  const ids = await createRecords(env, getModel(env, 'ir.attachment'), vals);
  for (const [i, id] of ids.entries()) {
    await env.tx.query('UPDATE account_move SET message_main_attachment_id = $2, is_move_sent = true, write_date = sandbox_now() WHERE id = $1', [vals[i]!.res_id, id]);
  }
}

export const accountMoveSendWizard = defineModel({
  name: 'account.move.send.wizard',
  description: 'Account Move Send Wizard',
  fields: {
    move_id: m2o('account.move', 'Move', { required: true, ondelete: 'cascade' }),
    sending_method_checkboxes: json('Sending Method Checkboxes'),
  },
  async prepareCreate(env, rows) {
    const active = env.context.active_model === 'account.move' && Array.isArray(env.context.active_ids) ? (env.context.active_ids as Json[]) : [];
    for (const r of rows) {
      if (r.move_id === undefined && typeof active[0] === 'number') r.move_id = active[0];
      // Odoo's default when the partner has no preferred method: email
      if (r.sending_method_checkboxes === undefined) r.sending_method_checkboxes = { email: { checked: true, label: 'by Email' } };
    }
    const moves = rows.map((r) => r.move_id).filter((x): x is number => typeof x === 'number');
    if (moves.length) await checkMoves(env, moves);
  },
  methods: {
    async action_send_and_print(env, ids) {
      const w = await env.tx.query('SELECT move_id, sending_method_checkboxes FROM account_move_send_wizard WHERE id = ANY($1) ORDER BY id', [ids]);
      if (w.rows.length !== 1) throw userError('Expected singleton: account.move.send.wizard');
      const wizard = w.rows[0]!;
      const methods = checkedMethods(wizard.sending_method_checkboxes);
      if (methods.includes('email')) throw userError('The ERP sandbox does not send emails: uncheck "by Email" to generate the invoice PDF only.');
      await checkMoves(env, [wizard.move_id as number]);
      await generateInvoicePdfs(env, [wizard.move_id as number]);
      return { type: 'ir.actions.act_window_close' };
    },
  },
});
