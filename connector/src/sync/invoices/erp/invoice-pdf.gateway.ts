/**
 * An invoice's PDF, as Odoo 17-19 give it to an API client. Odoo keeps the PDF it sent or printed as an
 * `ir.attachment` of the binary field `account.move.invoice_pdf_report_file` (`res_model` account.move, `res_id`,
 * `res_field`), pointed at by `invoice_pdf_report_id`; an invoice never sent has none. The report renderer
 * (`ir.actions.report._render_qweb_pdf`) is private, so it cannot be called over RPC, and `/report/pdf/...` is a
 * web route that needs a browser session, not an API key. The public path is the one a person takes: "Send &
 * Print" (the dialect's wizard) with no email and no download, which renders the PDF once and stores it as above
 * (Odoo never renders it again while that attachment exists). So: read the attachment; only when there is none,
 * run the wizard, then read it.
 */
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';
import { ACCOUNT_MOVE } from './invoice.gateway.ts';

export const IR_ATTACHMENT = 'ir.attachment';

export interface InvoicePdf {
  attachmentId: number;
  /** Odoo's file name (`INV_2026_00001.pdf`). */
  fileName: string;
  mimetype: string | null;
  bytes: Buffer;
}

/** A PDF document (its magic number): a report set up to render something else is no invoice for Amazon. */
export const isPdf = (pdf: InvoicePdf): boolean => pdf.bytes.subarray(0, 5).toString('latin1') === '%PDF-';

const m2oId = (row: ErpRecord | undefined, f: string): number | null => (row && Array.isArray(row[f]) && Number.isInteger((row[f] as unknown[])[0]) ? ((row[f] as unknown[])[0] as number) : null);

/** The invoice PDF calls over one ERP connection. */
export function invoicePdfGateway(erp: ErpPort) {
  return {
    /** The PDF Odoo keeps for each invoice (absent: none rendered yet), in two reads whatever their number. */
    async storedPdfs(moveIds: readonly number[]): Promise<Map<number, InvoicePdf>> {
      if (!moveIds.length) return new Map();
      const moves = await erp.read(ACCOUNT_MOVE, moveIds, ['invoice_pdf_report_id']);
      const byAttachment = new Map<number, number>();
      for (const m of moves) {
        const id = m2oId(m, 'invoice_pdf_report_id');
        if (id !== null) byAttachment.set(id, m.id);
      }
      if (!byAttachment.size) return new Map();
      const files = await erp.read(IR_ATTACHMENT, [...byAttachment.keys()], ['name', 'mimetype', 'datas']);
      const out = new Map<number, InvoicePdf>();
      for (const f of files) {
        if (typeof f.datas !== 'string' || !f.datas) continue;
        out.set(byAttachment.get(f.id)!, {
          attachmentId: f.id, fileName: typeof f.name === 'string' ? f.name : `${f.id}.pdf`, mimetype: typeof f.mimetype === 'string' ? f.mimetype : null,
          bytes: Buffer.from(f.datas, 'base64'),
        });
      }
      return out;
    },

    /**
     * "Send & Print" of one posted invoice with no email and no download: Odoo renders the PDF and keeps it as the
     * invoice's attachment (a wizard per invoice: 18+ sends several only through a batch wizard that mails the
     * partners by their own preference, which must never reach an Amazon buyer).
     */
    async renderPdf(moveId: number): Promise<void> {
      const { model, vals } = erp.dialect.invoiceSendWizard(moveId);
      const context = { active_model: ACCOUNT_MOVE, active_ids: [moveId], active_id: moveId };
      const [wizard] = await erp.create(model, [vals], { context });
      await erp.call(model, 'action_send_and_print', [wizard!], { context });
    },
  };
}
