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
import { startStack, type Stack } from './support/connector-stack.ts';
import { amazonAdmin } from './support/amazon.ts';
import { openConflictCodes, runTasks, sweepAndImport, theErpOrder } from './support/lifecycle.ts';
import { invoicesOf, request, runInvoiceJobs, validateDelivery } from './support/invoicing.ts';
import { toUnits } from './support/money.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { RefundTasks } from '../connector/src/sync/refunds/index.ts';
import { creditNoteGateway } from '../connector/src/sync/refunds/erp/credit-note.gateway.ts';
import type { ErpRecord } from '../connector/src/erp/erp-port.ts';

const DE = 'A1PA6795UKMFR9';
const SHIP_DATE = '2026-11-28T16:30:00Z';
interface Order { id: string; soId: number; skus: string[] }
interface RefundAnswer { transaction: { totalAmount: { currencyAmount: number }; relatedIdentifiers: Array<{ relatedIdentifierName: string; relatedIdentifierValue: string }> } }

for (const erpTransport of ['json2', 'jsonrpc'] as const) {
  describe(`refunds as credit notes (ERP over ${erpTransport})`, () => {
    let stack: Stack;
    let orders: Order[];
    // Amazon's clock, moved back while a refund is made: the sweep sees only what was posted more than three
    // minutes ago (Amazon hides the last two), and a test must not wait for that.
    let skewMs = 0;
    const take = (pick: (o: Order) => boolean = () => true) => {
      const o = orders.find(pick);
      if (!o) throw new Error('no order left for this test');
      orders = orders.filter((x) => x !== o);
      return o;
    };

    beforeAll(async () => {
      stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: `refunds-${erpTransport}`, erpTransport, amazon: { now: () => Date.now() + skewMs, returnShare: 0, refundShare: 0 } });
      const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 14, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
      await sweepAndImport(stack);
      orders = [];
      for (const id of ids) {
        const so = await theErpOrder(stack, id).catch(() => null);
        if (so?.state !== 'sale') continue;
        const items = (stack.amazon.getOrder(id).order as { orderItems: Array<{ product: { sellerSku: string } }> }).orderItems;
        orders.push({ id, soId: so.id, skus: items.map((i) => i.product.sellerSku) });
      }
      expect(orders.length).toBeGreaterThan(5);
      await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { refunds: { enabled: true } } } });
    }, 240_000);
    afterAll(async () => stack?.close());

    /** Invoiced in the ERP as the shipments flow would have it, shipped on Amazon. */
    async function invoiceAndShip(o: Order): Promise<ErpRecord> {
      await validateDelivery(stack, o.soId);
      await request(stack, o.id, `mfn:${o.soId}`, SHIP_DATE);
      await runInvoiceJobs(stack);
      stack.amazon.updateOrder(o.id, { fulfillmentStatus: 'SHIPPED' });
      const [inv] = await invoicesOf(stack, o.soId);
      return inv!;
    }
    /** A refund on Amazon (admin route), posted ten minutes ago; answers its id and what the seller credits. */
    async function refund(o: Order, body: object = {}): Promise<{ refundId: string; total: number }> {
      skewMs = -10 * 60_000;
      try {
        const { transaction: t } = await amazonAdmin<RefundAnswer>(stack.amazon, `orders/${o.id}/refund`, body);
        return { refundId: t.relatedIdentifiers.find((r) => r.relatedIdentifierName === 'REFUND_ID')!.relatedIdentifierValue, total: t.totalAmount.currencyAmount };
      } finally {
        skewMs = 0;
      }
    }
    /** The sweep, then every credit-note job it queued. */
    async function sweep(): Promise<void> {
      await taskList(stack.env)[RefundTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
      await runTasks(stack, [RefundTasks.credit]);
    }
    const creditNotesOf = (invoiceId: number) =>
      stack.erpClient.searchRead('account.move', [['move_type', '=', 'out_refund'], ['reversed_entry_id', '=', invoiceId]], ['state', 'amount_total', 'ref', 'invoice_line_ids', 'payment_state']);
    const paymentState = async (moveId: number) => (await stack.erpClient.read('account.move', [moveId], ['payment_state']))[0]!.payment_state;

    it('a full refund: one posted credit note reversing the invoice, with Amazon\'s amount; the invoice reversed; swept twice, still one', async () => {
      const o = take();
      const invoice = await invoiceAndShip(o);
      const r = await refund(o);
      await sweep();
      const notes = await creditNotesOf(invoice.id);
      expect(notes.map((n) => n.state)).toEqual(['posted']);
      expect(String(notes[0]!.ref)).toContain(r.refundId);
      // No tax withheld on a domestic German sale: the seller credits Amazon's whole refund, the invoice's total.
      expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits(String(-r.total)));
      expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits(String(invoice.amount_total)));
      // Odoo matches the wizard's credit note with the still open invoice: settled by credit notes only, "reversed".
      expect(await paymentState(invoice.id)).toBe('reversed');
      const binding = await stack.env.core.binder.toErp(stack.backendId, 'refund', r.refundId);
      expect(binding?.erpId).toBe(notes[0]!.id);
      await sweep();
      expect((await creditNotesOf(invoice.id)).length).toBe(1);
      await taskList(stack.env)[RefundTasks.credit]!({ backendId: stack.backendId, refundId: r.refundId }, undefined as never);
      expect((await creditNotesOf(invoice.id)).length).toBe(1);
    });

    it('a partial refund of one whole line credits only that line; the invoice stays partly open', async () => {
      const o = take((x) => new Set(x.skus).size >= 2);
      const invoice = await invoiceAndShip(o);
      const r = await refund(o, { lines: [{ sku: o.skus[0] }] });
      await sweep();
      const notes = await creditNotesOf(invoice.id);
      const { rows: why } = await stack.env.db.pool.query(`select message, diff from sync_conflict where amazon_key = $1`, [r.refundId]);
      expect(notes.map((n) => n.state), JSON.stringify(why)).toEqual(['posted']);
      expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits(String(-r.total)));
      const lines = await stack.erpClient.read('account.move.line', notes[0]!.invoice_line_ids as number[], ['product_id']);
      const codes = await stack.erpClient.read('product.product', lines.map((l) => (l.product_id as [number, string])[0]), ['default_code']);
      expect(codes.map((c) => c.default_code).filter((c) => o.skus.includes(c as string))).toEqual([o.skus[0]]);
      expect(await paymentState(invoice.id)).toBe('partial');
    });

    it('a refund of a SKU the SKU table maps to a product of another internal reference: credited on that product\'s line', async () => {
      const o = take((x) => new Set(x.skus).size >= 2);
      const invoice = await invoiceAndShip(o);
      const sku = o.skus[0]!;
      const [product] = await stack.erpClient.searchRead('product.product', [['default_code', '=', sku]], ['id']);
      await stack.env.core.lookups.put(stack.backendId, 'sku_map', [{ key: sku, value: { productId: product!.id } }]);
      // The ERP's reference is not the Amazon SKU (an FBA listing's SKU sold as the ERP's product, say).
      await stack.erpClient.write('product.product', [product!.id], { default_code: `ERP-${sku}` });
      try {
        const r = await refund(o, { lines: [{ sku }] });
        await sweep();
        const notes = await creditNotesOf(invoice.id);
        const { rows: why } = await stack.env.db.pool.query(`select message from sync_conflict where amazon_key = $1`, [r.refundId]);
        expect(notes.map((n) => n.state), JSON.stringify(why)).toEqual(['posted']);
        expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits(String(-r.total)));
        const lines = await stack.erpClient.read('account.move.line', notes[0]!.invoice_line_ids as number[], ['product_id']);
        expect(lines.map((l) => (l.product_id as [number, string] | false) && (l.product_id as [number, string])[0])).toContain(product!.id);
      } finally {
        await stack.erpClient.write('product.product', [product!.id], { default_code: sku });
      }
    });

    it('a refund of part of a line\'s price (goodwill): the credit line carries exactly the refunded amount, posted', async () => {
      const o = take();
      const invoice = await invoiceAndShip(o);
      const r = await refund(o, { lines: [{ sku: o.skus[0], quantity: 1, amount: '1.07' }] });
      await sweep();
      expect(await openConflictCodes(stack, r.refundId)).toEqual([]);
      const notes = await creditNotesOf(invoice.id);
      expect(notes.map((n) => n.state)).toEqual(['posted']);
      expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits(String(-r.total)));
      expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits('1.07'));
      const lines = await stack.erpClient.read('account.move.line', notes[0]!.invoice_line_ids as number[], ['product_id', 'quantity', 'price_unit']);
      expect(lines.map((l) => [Number(l.quantity), toUnits(String(l.price_unit))])).toEqual([[1, toUnits('1.07')]]);
      expect(await paymentState(invoice.id)).toBe('partial');
      // Retried: the same credit note, never a second one.
      await taskList(stack.env)[RefundTasks.credit]!({ backendId: stack.backendId, refundId: r.refundId }, undefined as never);
      expect((await creditNotesOf(invoice.id)).map((n) => n.id)).toEqual([notes[0]!.id]);
    });

    it('a goodwill refund the ERP taxes otherwise (its line given a tax on top of the price): still REFUND_AMOUNT_UNMATCHED, the draft waits', async () => {
      const o = take();
      const invoice = await invoiceAndShip(o);
      const r = await refund(o, { lines: [{ sku: o.skus[0], quantity: 1, amount: '1.07' }] });
      // The wizard's draft (as a crashed run leaves it), its lines edited by a person: a 15 % tax added on top.
      const gw = creditNoteGateway(stack.erpClient);
      const [draft] = await gw.reverse((await gw.readMove(invoice.id))!, `Amazon refund ${r.refundId} (refund)`);
      const [tax] = await stack.erpClient.searchRead('account.tax', [['name', '=', '15%'], ['type_tax_use', '=', 'sale'], ['country_id.code', '=', 'DE']], ['id']);
      const lines = (await gw.linesOf(draft!)).filter((l) => l.displayType === 'product');
      await stack.erpClient.write('account.move', [draft!], { invoice_line_ids: lines.map((l) => [1, l.id, { tax_ids: [[6, 0, [tax!.id]]] }]) });
      await sweep();
      expect(await openConflictCodes(stack, r.refundId)).toEqual(['REFUND_AMOUNT_UNMATCHED']);
      const { rows } = await stack.env.db.pool.query(`select diff from sync_conflict where amazon_key = $1 and status = 'open'`, [r.refundId]);
      expect(rows[0].diff).toMatchObject({ amazonMinor: '107' });
      expect(rows[0].diff.erpMinor).not.toBe('107');
      expect((await creditNotesOf(invoice.id)).map((n) => [n.id, n.state])).toEqual([[draft, 'draft']]);
    });

    it('a crash after the goodwill draft was adjusted, before posting: the next run posts it as it is', async () => {
      const o = take();
      const invoice = await invoiceAndShip(o);
      const r = await refund(o, { lines: [{ sku: o.skus[0], quantity: 1, amount: '2.03' }] });
      // What a crashed run left: the wizard's draft, cut and priced to the refund, not posted.
      const gw = creditNoteGateway(stack.erpClient);
      const [draft] = await gw.reverse((await gw.readMove(invoice.id))!, `Amazon refund ${r.refundId} (refund)`);
      const lines = await gw.linesOf(draft!);
      const [keep, ...rest] = lines.filter((l) => l.displayType === 'product');
      await gw.writeLines(draft!, new Map([[keep!.id, { quantity: 1, price_unit: 2.03 }]]), rest.map((l) => l.id));
      await sweep();
      const notes = await creditNotesOf(invoice.id);
      expect(notes.map((n) => [n.id, n.state])).toEqual([[draft, 'posted']]);
      expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits('2.03'));
    });

    it('a crash after the wizard made the credit note, before the binding: found by its refund id, never a second one', async () => {
      const o = take();
      const invoice = await invoiceAndShip(o);
      const r = await refund(o);
      const gw = creditNoteGateway(stack.erpClient);
      await gw.reverse((await gw.readMove(invoice.id))!, `Amazon refund ${r.refundId}`);
      await sweep();
      const notes = await creditNotesOf(invoice.id);
      expect(notes.map((n) => n.state)).toEqual(['posted']);
      expect((await stack.env.core.binder.toErp(stack.backendId, 'refund', r.refundId))?.erpId).toBe(notes[0]!.id);
    });

    it('two workers on one refund at once: one credit note (the other finds the refund locked and is retried)', async () => {
      const o = take();
      const invoice = await invoiceAndShip(o);
      const r = await refund(o);
      await taskList(stack.env)[RefundTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
      const credit = () => taskList(stack.env)[RefundTasks.credit]!({ backendId: stack.backendId, refundId: r.refundId }, undefined as never);
      const runs = await Promise.allSettled([credit(), credit()]);
      for (const run of runs) if (run.status === 'rejected') expect((run.reason as { code?: string }).code).toBe('LOCK_BUSY');
      await credit();
      expect((await creditNotesOf(invoice.id)).map((n) => n.state)).toEqual(['posted']);
    });

    it('the sweep keeps a durable cursor and reads the last 48 hours again, changing nothing', async () => {
      const { rows } = await stack.env.db.pool.query(`select last_updated_after as at from sweep_cursor where backend_id = $1 and flow = 'refunds'`, [stack.backendId]);
      expect(Date.now() - new Date(rows[0].at).getTime()).toBeLessThan(10 * 60_000);
      const before = await stack.env.core.binder.count(stack.backendId, 'refund');
      await sweep();
      expect(await stack.env.core.binder.count(stack.backendId, 'refund')).toBe(before);
      const { rows: queued } = await stack.env.db.pool.query(`select count(*)::int as n from record_state where backend_id = $1 and flow = 'refunds' and state = 'queued'`, [stack.backendId]);
      expect(queued[0].n).toBe(0);
    });

    it('a refund of an order never invoiced: a visible REFUND_WITHOUT_INVOICE conflict; once an invoice appears, the re-check credits it', async () => {
      const o = take();
      stack.amazon.updateOrder(o.id, { fulfillmentStatus: 'SHIPPED' });
      const r = await refund(o);
      await sweep();
      expect(await openConflictCodes(stack, r.refundId)).toEqual(['REFUND_WITHOUT_INVOICE']);
      expect(await stack.env.core.binder.toErp(stack.backendId, 'refund', r.refundId)).toBeNull();
      const { rows } = await stack.env.db.pool.query(`select state, code from record_state where backend_id = $1 and flow = 'refunds' and key = $2`, [stack.backendId, r.refundId]);
      expect(rows).toEqual([{ state: 'conflict', code: 'REFUND_WITHOUT_INVOICE' }]);
      const recheck = () => taskList(stack.env)[RefundTasks.recheck]!({ backendId: stack.backendId }, undefined as never);
      // Nothing invoiced yet: the re-check queues nothing.
      await recheck();
      expect(await runTasks(stack, [RefundTasks.credit])).toBe(0);
      // Later the order is delivered and invoiced: the periodic re-check retries the credit note, which posts.
      const invoice = await invoiceAndShip(o);
      await recheck();
      await runTasks(stack, [RefundTasks.credit]);
      expect((await creditNotesOf(invoice.id)).map((n) => n.state)).toEqual(['posted']);
      expect(await openConflictCodes(stack, r.refundId)).toEqual([]);
    });

    it('a refund of a shipped order whose invoice is still to make: the invoice made first, then its credit note', async () => {
      const o = take();
      await validateDelivery(stack, o.soId);
      await request(stack, o.id, `mfn:${o.soId}`, SHIP_DATE);
      stack.amazon.updateOrder(o.id, { fulfillmentStatus: 'SHIPPED' });
      expect(await invoicesOf(stack, o.soId)).toEqual([]);
      const r = await refund(o);
      await sweep();
      const { rows } = await stack.env.db.pool.query(`select state, code from record_state where backend_id = $1 and flow = 'refunds' and key = $2`, [stack.backendId, r.refundId]);
      expect(rows).toEqual([{ state: 'awaiting_invoice', code: null }]);
      expect(await openConflictCodes(stack, r.refundId)).toEqual([]);
      // The invoice job is due (within its gathering second); the credit note's task waits in the queue for after it.
      const { rows: jobs } = await stack.env.db.pool.query(`select t.identifier as task, j.run_at > now() + interval '5 seconds' as later from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
          where j.key = any($1::text[]) order by 1`,
        [[`invoices:invoice:${stack.backendId}`, `${RefundTasks.credit}:${stack.backendId}:${r.refundId}`]]);
      expect(jobs).toEqual([{ task: 'invoices:invoice', later: false }, { task: RefundTasks.credit, later: true }]);
      await runInvoiceJobs(stack);
      const [invoice] = await invoicesOf(stack, o.soId);
      expect(invoice?.state).toBe('posted');
      // The queued retry, run as the worker will once due.
      await taskList(stack.env)[RefundTasks.credit]!({ backendId: stack.backendId, refundId: r.refundId }, undefined as never);
      const notes = await creditNotesOf(invoice!.id);
      expect(notes.map((n) => n.state)).toEqual(['posted']);
      expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits(String(-r.total)));
    });
  });
}
