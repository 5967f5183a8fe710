/**
 * Amazon refunds -> ERP credit notes, end to end against both sandboxes over HTTP: merchant orders imported, their
 * deliveries validated and invoiced in the ERP (as the shipments flow would have them), shipped on Amazon; then
 * refunded through the Amazon sandbox's admin route and read by the refunds flow's sweep. What an accountant checks:
 * one posted credit note per refund, the reversal of the order's invoice, with Amazon's amounts; the invoice's
 * payment state as Odoo gives it; a partial refund crediting only its line; a goodwill refund of part of a line's
 * price credited to the cent; nothing twice (a second sweep, a crash
 * between the wizard and the binding); a refund of an order never invoiced as a visible conflict, credited once an
 * invoice appears; a refund of an order whose invoice is still to make credited after the invoice is made.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openConflictCodes, runTasks } from './support/lifecycle.ts';
import { invoicesOf, request, runInvoiceJobs, validateDelivery } from './support/invoicing.ts';
import { toUnits } from './support/money.ts';
import { SHIP_DATE, startRefundsWorld, type RefundsWorld } from './support/refunds.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { RefundTasks } from '../connector/src/sync/refunds/index.ts';
import { creditNoteGateway } from '../connector/src/sync/refunds/erp/credit-note.gateway.ts';

for (const erpTransport of ['json2', 'jsonrpc'] as const) {
  describe(`refunds as credit notes (ERP over ${erpTransport})`, () => {
    // The refunds world (test/support/refunds.ts): 14 merchant orders, at least 6 of them in the ERP, refunds on.
    let w: RefundsWorld;
    beforeAll(async () => {
      w = await startRefundsWorld(inject('pgAdminUrl'), `refunds-${erpTransport}`, erpTransport, 14, 6);
    }, 240_000);
    afterAll(async () => w?.close());

    const paymentState = async (moveId: number) => (await w.stack.erpClient.read('account.move', [moveId], ['payment_state']))[0]!.payment_state;

    it('a full refund: one posted credit note reversing the invoice, with Amazon\'s amount; the invoice reversed; swept twice, still one', async () => {
      const o = w.take();
      const invoice = await w.invoiceAndShip(o);
      const r = await w.refund(o);
      await w.sweep();
      const notes = await w.creditNotesOf(invoice.id);
      expect(notes.map((n) => n.state)).toEqual(['posted']);
      expect(String(notes[0]!.ref)).toContain(r.refundId);
      // No tax withheld on a domestic German sale: the seller credits Amazon's whole refund, the invoice's total.
      expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits(String(-r.total)));
      expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits(String(invoice.amount_total)));
      // Odoo matches the wizard's credit note with the still open invoice: settled by credit notes only, "reversed".
      expect(await paymentState(invoice.id)).toBe('reversed');
      const binding = await w.stack.env.core.binder.toErp(w.stack.backendId, 'refund', r.refundId);
      expect(binding?.erpId).toBe(notes[0]!.id);
      await w.sweep();
      expect((await w.creditNotesOf(invoice.id)).length).toBe(1);
      await taskList(w.stack.env)[RefundTasks.credit]!({ backendId: w.stack.backendId, refundId: r.refundId }, undefined as never);
      expect((await w.creditNotesOf(invoice.id)).length).toBe(1);
    });

    it('a partial refund of one whole line credits only that line; the invoice stays partly open', async () => {
      const o = w.take((x) => new Set(x.skus).size >= 2);
      const invoice = await w.invoiceAndShip(o);
      const r = await w.refund(o, { lines: [{ sku: o.skus[0] }] });
      await w.sweep();
      const notes = await w.creditNotesOf(invoice.id);
      const { rows: why } = await w.stack.env.db.pool.query(`select message, diff from sync_conflict where amazon_key = $1`, [r.refundId]);
      expect(notes.map((n) => n.state), JSON.stringify(why)).toEqual(['posted']);
      expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits(String(-r.total)));
      const lines = await w.stack.erpClient.read('account.move.line', notes[0]!.invoice_line_ids as number[], ['product_id']);
      const codes = await w.stack.erpClient.read('product.product', lines.map((l) => (l.product_id as [number, string])[0]), ['default_code']);
      expect(codes.map((c) => c.default_code).filter((c) => o.skus.includes(c as string))).toEqual([o.skus[0]]);
      expect(await paymentState(invoice.id)).toBe('partial');
    });

    it('a refund of a SKU the SKU table maps to a product of another internal reference: credited on that product\'s line', async () => {
      const o = w.take((x) => new Set(x.skus).size >= 2);
      const invoice = await w.invoiceAndShip(o);
      const sku = o.skus[0]!;
      const [product] = await w.stack.erpClient.searchRead('product.product', [['default_code', '=', sku]], ['id']);
      await w.stack.env.core.lookups.put(w.stack.backendId, 'sku_map', [{ key: sku, value: { productId: product!.id } }]);
      // The ERP's reference is not the Amazon SKU (an FBA listing's SKU sold as the ERP's product, say).
      await w.stack.erpClient.write('product.product', [product!.id], { default_code: `ERP-${sku}` });
      try {
        const r = await w.refund(o, { lines: [{ sku }] });
        await w.sweep();
        const notes = await w.creditNotesOf(invoice.id);
        const { rows: why } = await w.stack.env.db.pool.query(`select message from sync_conflict where amazon_key = $1`, [r.refundId]);
        expect(notes.map((n) => n.state), JSON.stringify(why)).toEqual(['posted']);
        expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits(String(-r.total)));
        const lines = await w.stack.erpClient.read('account.move.line', notes[0]!.invoice_line_ids as number[], ['product_id']);
        expect(lines.map((l) => (l.product_id as [number, string] | false) && (l.product_id as [number, string])[0])).toContain(product!.id);
      } finally {
        await w.stack.erpClient.write('product.product', [product!.id], { default_code: sku });
      }
    });

    it('a refund of part of a line\'s price (goodwill): the credit line carries exactly the refunded amount, posted', async () => {
      const o = w.take();
      const invoice = await w.invoiceAndShip(o);
      const r = await w.refund(o, { lines: [{ sku: o.skus[0], quantity: 1, amount: '1.07' }] });
      await w.sweep();
      expect(await openConflictCodes(w.stack, r.refundId)).toEqual([]);
      const notes = await w.creditNotesOf(invoice.id);
      expect(notes.map((n) => n.state)).toEqual(['posted']);
      expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits(String(-r.total)));
      expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits('1.07'));
      const lines = await w.stack.erpClient.read('account.move.line', notes[0]!.invoice_line_ids as number[], ['product_id', 'quantity', 'price_unit']);
      expect(lines.map((l) => [Number(l.quantity), toUnits(String(l.price_unit))])).toEqual([[1, toUnits('1.07')]]);
      expect(await paymentState(invoice.id)).toBe('partial');
      // Retried: the same credit note, never a second one.
      await taskList(w.stack.env)[RefundTasks.credit]!({ backendId: w.stack.backendId, refundId: r.refundId }, undefined as never);
      expect((await w.creditNotesOf(invoice.id)).map((n) => n.id)).toEqual([notes[0]!.id]);
    });

    it('a goodwill refund the ERP taxes otherwise (its line given a tax on top of the price): still REFUND_AMOUNT_UNMATCHED, the draft waits', async () => {
      const o = w.take();
      const invoice = await w.invoiceAndShip(o);
      const r = await w.refund(o, { lines: [{ sku: o.skus[0], quantity: 1, amount: '1.07' }] });
      // The wizard's draft (as a crashed run leaves it), its lines edited by a person: a 15 % tax added on top.
      const gw = creditNoteGateway(w.stack.erpClient);
      const [draft] = await gw.reverse((await gw.readMove(invoice.id))!, `Amazon refund ${r.refundId} (refund)`);
      const [tax] = await w.stack.erpClient.searchRead('account.tax', [['name', '=', '15%'], ['type_tax_use', '=', 'sale'], ['country_id.code', '=', 'DE']], ['id']);
      const lines = (await gw.linesOf(draft!)).filter((l) => l.displayType === 'product');
      await w.stack.erpClient.write('account.move', [draft!], { invoice_line_ids: lines.map((l) => [1, l.id, { tax_ids: [[6, 0, [tax!.id]]] }]) });
      await w.sweep();
      expect(await openConflictCodes(w.stack, r.refundId)).toEqual(['REFUND_AMOUNT_UNMATCHED']);
      const { rows } = await w.stack.env.db.pool.query(`select diff from sync_conflict where amazon_key = $1 and status = 'open'`, [r.refundId]);
      expect(rows[0].diff).toMatchObject({ amazonMinor: '107' });
      expect(rows[0].diff.erpMinor).not.toBe('107');
      expect((await w.creditNotesOf(invoice.id)).map((n) => [n.id, n.state])).toEqual([[draft, 'draft']]);
    });

    it('a crash after the goodwill draft was adjusted, before posting: the next run posts it as it is', async () => {
      const o = w.take();
      const invoice = await w.invoiceAndShip(o);
      const r = await w.refund(o, { lines: [{ sku: o.skus[0], quantity: 1, amount: '2.03' }] });
      // What a crashed run left: the wizard's draft, cut and priced to the refund, not posted.
      const gw = creditNoteGateway(w.stack.erpClient);
      const [draft] = await gw.reverse((await gw.readMove(invoice.id))!, `Amazon refund ${r.refundId} (refund)`);
      const lines = await gw.linesOf(draft!);
      const [keep, ...rest] = lines.filter((l) => l.displayType === 'product');
      await gw.writeLines(draft!, new Map([[keep!.id, { quantity: 1, price_unit: 2.03 }]]), rest.map((l) => l.id));
      await w.sweep();
      const notes = await w.creditNotesOf(invoice.id);
      expect(notes.map((n) => [n.id, n.state])).toEqual([[draft, 'posted']]);
      expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits('2.03'));
    });

    it('a crash after the wizard made the credit note, before the binding: found by its refund id, never a second one', async () => {
      const o = w.take();
      const invoice = await w.invoiceAndShip(o);
      const r = await w.refund(o);
      const gw = creditNoteGateway(w.stack.erpClient);
      await gw.reverse((await gw.readMove(invoice.id))!, `Amazon refund ${r.refundId}`);
      await w.sweep();
      const notes = await w.creditNotesOf(invoice.id);
      expect(notes.map((n) => n.state)).toEqual(['posted']);
      expect((await w.stack.env.core.binder.toErp(w.stack.backendId, 'refund', r.refundId))?.erpId).toBe(notes[0]!.id);
    });

    it('two workers on one refund at once: one credit note (the other finds the refund locked and is retried)', async () => {
      const o = w.take();
      const invoice = await w.invoiceAndShip(o);
      const r = await w.refund(o);
      await taskList(w.stack.env)[RefundTasks.sweep]!({ backendId: w.stack.backendId }, undefined as never);
      const credit = () => taskList(w.stack.env)[RefundTasks.credit]!({ backendId: w.stack.backendId, refundId: r.refundId }, undefined as never);
      const runs = await Promise.allSettled([credit(), credit()]);
      for (const run of runs) if (run.status === 'rejected') expect((run.reason as { code?: string }).code).toBe('LOCK_BUSY');
      await credit();
      expect((await w.creditNotesOf(invoice.id)).map((n) => n.state)).toEqual(['posted']);
    });

    it('the sweep keeps a durable cursor and reads the last 48 hours again, changing nothing', async () => {
      const { rows } = await w.stack.env.db.pool.query(`select last_updated_after as at from sweep_cursor where backend_id = $1 and flow = 'refunds'`, [w.stack.backendId]);
      expect(Date.now() - new Date(rows[0].at).getTime()).toBeLessThan(10 * 60_000);
      const before = await w.stack.env.core.binder.count(w.stack.backendId, 'refund');
      await w.sweep();
      expect(await w.stack.env.core.binder.count(w.stack.backendId, 'refund')).toBe(before);
      const { rows: queued } = await w.stack.env.db.pool.query(`select count(*)::int as n from record_state where backend_id = $1 and flow = 'refunds' and state = 'queued'`, [w.stack.backendId]);
      expect(queued[0].n).toBe(0);
    });

    it('a refund of an order never invoiced: a visible REFUND_WITHOUT_INVOICE conflict; once an invoice appears, the re-check credits it', async () => {
      const o = w.take();
      w.stack.amazon.updateOrder(o.id, { fulfillmentStatus: 'SHIPPED' });
      const r = await w.refund(o);
      await w.sweep();
      expect(await openConflictCodes(w.stack, r.refundId)).toEqual(['REFUND_WITHOUT_INVOICE']);
      expect(await w.stack.env.core.binder.toErp(w.stack.backendId, 'refund', r.refundId)).toBeNull();
      const { rows } = await w.stack.env.db.pool.query(`select state, code from record_state where backend_id = $1 and flow = 'refunds' and key = $2`, [w.stack.backendId, r.refundId]);
      expect(rows).toEqual([{ state: 'conflict', code: 'REFUND_WITHOUT_INVOICE' }]);
      const recheck = () => taskList(w.stack.env)[RefundTasks.recheck]!({ backendId: w.stack.backendId }, undefined as never);
      // Nothing invoiced yet: the re-check queues nothing.
      await recheck();
      expect(await runTasks(w.stack, [RefundTasks.creditBatch, RefundTasks.credit])).toBe(0);
      // Later the order is delivered and invoiced: the periodic re-check retries the credit note, which posts.
      const invoice = await w.invoiceAndShip(o);
      await recheck();
      await runTasks(w.stack, [RefundTasks.creditBatch, RefundTasks.credit]);
      expect((await w.creditNotesOf(invoice.id)).map((n) => n.state)).toEqual(['posted']);
      expect(await openConflictCodes(w.stack, r.refundId)).toEqual([]);
    });

    it('a refund of a shipped order whose invoice is still to make: the invoice made first, then its credit note', async () => {
      const o = w.take();
      await validateDelivery(w.stack, o.soId);
      await request(w.stack, o.id, `mfn:${o.soId}`, SHIP_DATE);
      w.stack.amazon.updateOrder(o.id, { fulfillmentStatus: 'SHIPPED' });
      expect(await invoicesOf(w.stack, o.soId)).toEqual([]);
      const r = await w.refund(o);
      await w.sweep();
      const { rows } = await w.stack.env.db.pool.query(`select state, code from record_state where backend_id = $1 and flow = 'refunds' and key = $2`, [w.stack.backendId, r.refundId]);
      expect(rows).toEqual([{ state: 'awaiting_invoice', code: null }]);
      expect(await openConflictCodes(w.stack, r.refundId)).toEqual([]);
      // The invoice job is due (within its gathering second); the credit note's task waits in the queue for after it.
      const { rows: jobs } = await w.stack.env.db.pool.query(`select t.identifier as task, j.run_at > now() + interval '5 seconds' as later from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
          where j.key = any($1::text[]) order by 1`,
        [[`invoices:invoice:${w.stack.backendId}`, `${RefundTasks.credit}:${w.stack.backendId}:${r.refundId}`]]);
      expect(jobs).toEqual([{ task: 'invoices:invoice', later: false }, { task: RefundTasks.credit, later: true }]);
      await runInvoiceJobs(w.stack);
      const [invoice] = await invoicesOf(w.stack, o.soId);
      expect(invoice?.state).toBe('posted');
      // The queued retry, run as the worker will once due.
      await taskList(w.stack.env)[RefundTasks.credit]!({ backendId: w.stack.backendId, refundId: r.refundId }, undefined as never);
      const notes = await w.creditNotesOf(invoice!.id);
      expect(notes.map((n) => n.state)).toEqual(['posted']);
      expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits(String(-r.total)));
    });
  });
}
