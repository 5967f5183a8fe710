/**
 * The invoice PDF as Odoo 18/19 keep it: "Send & Print" (`account.move.send.wizard`) renders it once for a posted
 * invoice and links it as the `ir.attachment` of `account.move.invoice_pdf_report_file`; a plain attachment search
 * leaves it out (Odoo's `_search`), `invoice_pdf_report_id` and a read by id find it; reset to draft detaches it.
 * The document is a valid PDF (its cross-reference offsets point at its objects).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { json2 } from './client.ts';

let sb: RunningErpSandbox;
let drop: () => Promise<void>;
const ok = async (path: string, body: unknown) => {
  const r = await json2(sb, path, body);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};
const ctx = (move: number) => ({ active_model: 'account.move', active_ids: [move] });
const sendAndPrint = async (move: number, vals: Record<string, unknown> = { sending_method_checkboxes: {} }) => {
  const w = await json2(sb, 'account.move.send.wizard/create', { vals_list: [{ move_id: move, ...vals }], context: ctx(move) });
  if (w.status !== 200) return w;
  return json2(sb, 'account.move.send.wizard/action_send_and_print', { ids: w.body, context: ctx(move) });
};
const pdfAttachments = (move: number) =>
  ok('ir.attachment/search_read', { domain: [['res_model', '=', 'account.move'], ['res_id', '=', move], ['res_field', '=', 'invoice_pdf_report_file']], fields: ['name', 'mimetype', 'file_size', 'checksum', 'datas'] });

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_invoice_pdf');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, seed: 'fresh' });
  drop = async () => { await sb.close(); await db.drop(); };
});
afterAll(async () => drop?.());

describe('Send & Print and the invoice PDF', () => {
  it('renders the PDF of a posted invoice once, linked to its PDF field, and detaches it on reset to draft', async () => {
    const [partner] = await ok('res.partner/create', { vals_list: [{ name: 'Müller (GmbH)' }] });
    const [move] = await ok('account.move/create', { vals_list: [{ move_type: 'out_invoice', partner_id: partner, invoice_line_ids: [[0, 0, { name: 'Widget', quantity: 2, price_unit: 50 }]] }] });
    // A draft cannot be sent; the default (email) is not emulated and says so.
    expect((await sendAndPrint(move)).body.message).toBe("You can't generate invoices that are not posted.");
    await ok('account.move/action_post', { ids: [move] });
    expect((await sendAndPrint(move, {})).body).toMatchObject({ name: 'odoo.exceptions.UserError', message: expect.stringContaining('does not send emails') });

    expect((await sendAndPrint(move)).body).toEqual({ type: 'ir.actions.act_window_close' });
    expect((await sendAndPrint(move)).status).toBe(200);
    const [inv] = await ok('account.move/read', { ids: [move], fields: ['name', 'amount_total', 'invoice_pdf_report_id', 'invoice_pdf_report_file', 'is_move_sent'] });
    const atts = await pdfAttachments(move);
    expect(atts.map((a: Record<string, unknown>) => [a.name, a.mimetype])).toEqual([[`${String(inv.name).replace(/\//g, '_')}.pdf`, 'application/pdf']]);
    expect(inv.invoice_pdf_report_id).toEqual([atts[0].id, atts[0].name]);
    expect(inv.invoice_pdf_report_file).toBe(atts[0].datas);
    expect(inv.is_move_sent).toBe(true);
    expect(await ok('ir.attachment/search', { domain: [['res_model', '=', 'account.move']] })).toEqual([]);

    const pdf = Buffer.from(atts[0].datas, 'base64');
    expect(atts[0].file_size).toBe(pdf.length);
    const text = pdf.toString('latin1');
    expect(text).toContain(`(Invoice ${String(inv.name)}) Tj`);
    expect(text).toContain('(Customer: M\xfcller \\(GmbH\\)) Tj');
    expect(text).toContain(`(Total: ${Number(inv.amount_total).toFixed(2)} USD) Tj`);
    // Every object sits where the cross-reference table says, and startxref points at the table.
    const xref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)![1]);
    expect(text.slice(xref, xref + 4)).toBe('xref');
    const offsets = [...text.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((off, i) => expect(text.slice(off, off + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));

    await ok('account.move/button_draft', { ids: [move] });
    expect(await pdfAttachments(move)).toEqual([]);
    expect((await ok('account.move/read', { ids: [move], fields: ['invoice_pdf_report_id'] }))[0].invoice_pdf_report_id).toBe(false);
  });
});
