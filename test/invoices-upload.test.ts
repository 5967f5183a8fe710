/**
 * Invoice PDFs to Amazon (`invoices.uploadVatInvoices`), end to end over both sandboxes: orders imported, their
 * deliveries validated in the ERP, `requestInvoice` called as the shipments flow does, the invoice, upload and Feeds
 * core jobs run; then what the seller checks on Amazon (the sandbox's admin read-back): each invoice once, with its
 * number, type, totals and marketplace, and the very PDF the ERP keeps. A refusal (an order Amazon has not seen
 * shipped) is a conflict that a retry heals with a new message key; an invoice put back to draft is a PDF that
 * cannot be had; with the setting off nothing goes. Feed processing is time-scaled (at once in the sandbox, 1 s polls).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { sweepAndImport, openConflictCodes, theErpOrder } from './support/lifecycle.ts';
import { expectationOf, type SandboxOrder } from './support/expected-orders.ts';
import { startApi } from './support/api.ts';
import { InvoiceTasks } from '../connector/src/sync/invoices/index.ts';
import { invoicesOf, request, runJobsUntilDone, validateDelivery } from './support/invoicing.ts';

const DE = 'A1PA6795UKMFR9';
const SHIP_DATE = '2026-11-28T16:30:00Z';
const CHAIN = [InvoiceTasks.invoice, InvoiceTasks.upload, InvoiceTasks.uploadResult, 'feeds:submit', 'feeds:poll'];

interface AmazonInvoice { invoiceNumber: string; documentType: string; totalAmount: string; totalVatAmount: string; marketplaceId: string; pdfBase64: string }

describe('invoice PDFs uploaded to Amazon', () => {
  let stack: Stack;
  let orders: Array<{ id: string; soId: number }>;
  const take = (n: number) => orders.splice(0, n);
  const amazonInvoices = async (orderId: string): Promise<AmazonInvoice[]> => {
    const res = await fetch(`${stack.amazon.url}/_sandbox/orders/${orderId}/invoices`);
    expect(res.status).toBe(200);
    return ((await res.json()) as { invoices: AmazonInvoice[] }).invoices;
  };
  const shippedOnAmazon = (ids: readonly string[]) => ids.forEach((id) => stack.amazon.updateOrder(id, { fulfillmentStatus: 'SHIPPED' }));
  const invoiceThem = async (batch: ReadonlyArray<{ id: string; soId: number }>) => {
    for (const o of batch) await validateDelivery(stack, o.soId);
    for (const o of batch) await request(stack, o.id, `mfn:${o.soId}`, SHIP_DATE);
    await runJobsUntilDone(stack, CHAIN);
  };
  const uploadOf = async (soId: number) => {
    const { rows } = await stack.env.db.pool.query(
      `select upload_state as state, upload_key as key, upload_code as code from invoice_request where backend_id = $1 and shipment_key = $2`,
      [stack.backendId, `mfn:${soId}`],
    );
    return rows[0] as { state: string | null; key: string | null; code: string | null };
  };
  const retry = async (soId: number) => {
    const { rows } = await stack.env.db.pool.query(`select id::int from sync_conflict where backend_id = $1 and amazon_key = $2 and status = 'open'`, [stack.backendId, `mfn:${soId}`]);
    for (const r of rows) await stack.env.core.conflicts.resolve(r.id, { action: 'retry', by: 'test' });
  };
  const setUpload = async (on: boolean) => {
    await stack.env.core.backends.update(stack.backendId, { settings: { invoices: { uploadVatInvoices: on } } });
    await stack.env.runtimes.invalidate(stack.backendId);
  };

  beforeAll(async () => {
    stack = await startStack({
      adminUrl: inject('pgAdminUrl'),
      label: 'invoices_upload',
      amazon: { feedProcessingSeconds: 0 },
      settings: { invoices: { uploadVatInvoices: true }, feeds: { batchWindowSeconds: 0, pollSeconds: 1 } },
    });
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 10, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
    await sweepAndImport(stack);
    orders = [];
    for (const id of ids) {
      if (expectationOf(stack.amazon.getOrder(id).order as unknown as SandboxOrder).kind !== 'import') continue;
      const so = await theErpOrder(stack, id);
      if (so.state === 'sale') orders.push({ id, soId: so.id });
    }
    expect(orders.length).toBeGreaterThanOrEqual(8);
  }, 120_000);
  afterAll(async () => stack?.close());

  it("uploads each invoiced order's PDF once, with its number, type, totals and marketplace: the PDF the ERP keeps", async () => {
    const batch = take(4);
    shippedOnAmazon(batch.map((o) => o.id));
    await invoiceThem(batch);
    // Asked again, run again: nothing more goes.
    for (const o of batch) await request(stack, o.id, `mfn:${o.soId}`, SHIP_DATE);
    await runJobsUntilDone(stack, CHAIN);
    for (const o of batch) {
      const [inv] = await invoicesOf(stack, o.soId);
      const got = await amazonInvoices(o.id);
      expect(got.map((g) => [g.invoiceNumber, g.documentType, g.totalAmount, g.totalVatAmount, g.marketplaceId]), o.id)
        .toEqual([[inv!.name, 'Invoice', Number(inv!.amount_total).toFixed(2), Number(inv!.amount_tax).toFixed(2), DE]]);
      // The ERP's own PDF (one attachment of the invoice's PDF field, as Odoo links it) is what Amazon received.
      const atts = await stack.erpClient.searchRead('ir.attachment', [['res_model', '=', 'account.move'], ['res_id', '=', inv!.id], ['res_field', '=', 'invoice_pdf_report_file']], ['datas', 'mimetype']);
      expect(atts.map((a) => a.mimetype)).toEqual(['application/pdf']);
      expect(got[0]!.pdfBase64).toBe(atts[0]!.datas);
      const pdf = Buffer.from(got[0]!.pdfBase64, 'base64').toString('latin1');
      expect(pdf.startsWith('%PDF-1.4') && pdf.trimEnd().endsWith('%%EOF')).toBe(true);
      expect(pdf).toContain(`Invoice ${String(inv!.name)}`);
      expect(await uploadOf(o.soId)).toEqual({ state: 'uploaded', key: `invoice:${inv!.id}`, code: null });
    }
    // Plain search leaves the attachments of binary fields out, as Odoo does.
    expect(await stack.erpClient.search('ir.attachment', [['res_model', '=', 'account.move']])).toEqual([]);

    const api = await startApi(stack);
    try {
      const list = await api.get<{ items: Array<Record<string, unknown>> }>(`/api/backends/${stack.backendId}/invoices?orderId=${batch[0]!.id}`);
      expect(list.body.items).toEqual([expect.objectContaining({ state: 'invoiced', upload: { state: 'uploaded', reason: null, message: null } })]);
    } finally {
      await api.close();
    }
  }, 60_000);

  it("a refused upload is a conflict with Amazon's code; retried after the fix it goes again under a new key, once", async () => {
    const [o] = take(1);
    // Not shipped on Amazon's side yet: Amazon refuses the invoice (79517).
    await invoiceThem([o!]);
    const [inv] = await invoicesOf(stack, o!.soId);
    expect(await uploadOf(o!.soId)).toEqual({ state: 'conflict', key: `invoice:${inv!.id}`, code: 'INVOICE_UPLOAD_REFUSED' });
    expect(await openConflictCodes(stack, `mfn:${o!.soId}`)).toEqual(['INVOICE_UPLOAD_REFUSED']);
    const { rows } = await stack.env.db.pool.query(`select message from sync_conflict where backend_id = $1 and amazon_key = $2 and status = 'open'`, [stack.backendId, `mfn:${o!.soId}`]);
    expect(rows[0].message).toContain('79517');
    expect(await amazonInvoices(o!.id)).toEqual([]);

    shippedOnAmazon([o!.id]);
    await retry(o!.soId);
    await runJobsUntilDone(stack, CHAIN);
    expect(await uploadOf(o!.soId)).toEqual({ state: 'uploaded', key: `invoice:${inv!.id}#2`, code: null });
    expect(await openConflictCodes(stack, `mfn:${o!.soId}`)).toEqual([]);
    expect((await amazonInvoices(o!.id)).map((g) => g.invoiceNumber)).toEqual([inv!.name]);
  }, 60_000);

  it('an invoice put back to draft before its upload is a PDF that cannot be had; posted again and retried, it goes', async () => {
    const [o] = take(1);
    shippedOnAmazon([o!.id]);
    await validateDelivery(stack, o!.soId);
    await request(stack, o!.id, `mfn:${o!.soId}`, SHIP_DATE);
    await runJobsUntilDone(stack, [InvoiceTasks.invoice]);
    const [inv] = await invoicesOf(stack, o!.soId);
    await stack.erpClient.call('account.move', 'button_draft', [inv!.id]);
    await runJobsUntilDone(stack, CHAIN);
    expect(await uploadOf(o!.soId)).toEqual({ state: 'conflict', key: null, code: 'INVOICE_PDF_MISSING' });
    expect(await amazonInvoices(o!.id)).toEqual([]);

    await stack.erpClient.call('account.move', 'action_post', [inv!.id]);
    await retry(o!.soId);
    await runJobsUntilDone(stack, CHAIN);
    expect(await uploadOf(o!.soId)).toEqual({ state: 'uploaded', key: `invoice:${inv!.id}`, code: null });
    expect((await amazonInvoices(o!.id)).map((g) => g.invoiceNumber)).toEqual([inv!.name]);
  }, 60_000);

  it('with the setting off, invoices are posted and nothing is uploaded', async () => {
    await setUpload(false);
    const batch = take(2);
    shippedOnAmazon(batch.map((o) => o.id));
    await invoiceThem(batch);
    for (const o of batch) {
      expect((await invoicesOf(stack, o.soId)).map((i) => i.state)).toEqual(['posted']);
      expect(await uploadOf(o.soId)).toEqual({ state: null, key: null, code: null });
      expect(await amazonInvoices(o.id)).toEqual([]);
    }
    const { rows } = await stack.env.db.pool.query(`select count(*)::int as n from feed_message where backend_id = $1`, [stack.backendId]);
    // 4 + the refused one and its retry + the one of the draft: one feed each, none for the last two
    expect(rows[0].n).toBe(7);
    expect(stack.amazon.feeds(stack.sellerId).feeds.length).toBe(7);
  }, 60_000);
});
