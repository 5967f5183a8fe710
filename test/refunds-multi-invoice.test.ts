/**
 * Refunds of orders with several invoices, end to end against both sandboxes over HTTP and both ERP faces: an
 * order of two SKUs delivered in two parts (the second a backorder), each part invoiced by the invoices flow on its
 * own (products invoiced on delivered quantities), so each SKU is on its own invoice and the shipping on the first.
 * What an accountant checks: a refund of one SKU credits the invoice that carries it; a refund of both makes one
 * credit note per invoice, each posted, together Amazon's amount to the cent; nothing twice (run again, a crash
 * between a wizard and its binding).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { request, runInvoiceJobs, validateDelivery, invoicesOf } from './support/invoicing.ts';
import { toUnits } from './support/money.ts';
import { startRefundsWorld, type Order, type RefundsWorld } from './support/refunds.ts';
import type { ErpRecord } from '../connector/src/erp/erp-port.ts';
import { refundKind, type RefundDocument } from '../connector/src/sync/refunds/refund-document.ts';

for (const erpTransport of ['json2', 'jsonrpc'] as const) {
  describe(`refunds of orders with several invoices (ERP over ${erpTransport})`, () => {
    let w: RefundsWorld;
    beforeAll(async () => {
      w = await startRefundsWorld(inject('pgAdminUrl'), `refunds-multi-${erpTransport}`, erpTransport, 24, 6);
    }, 240_000);
    afterAll(async () => w?.close());

    /** The order's first SKU delivered and invoiced, then the rest (a backorder) and its invoice: two invoices. */
    async function invoiceInTwo(o: Order): Promise<[ErpRecord, ErpRecord]> {
      const erp = w.stack.erpClient;
      const [so] = await erp.read('sale.order', [o.soId], ['order_line']);
      const lines = await erp.read('sale.order.line', so!.order_line as number[], ['product_id']);
      const goods = (await erp.searchRead('product.product', [['id', 'in', lines.map((l) => (l.product_id as [number, string])[0])], ['type', '=', 'consu']], ['id', 'default_code']));
      await erp.write('product.product', goods.map((g) => g.id), { invoice_policy: 'delivery' });
      const first = goods.find((g) => g.default_code === o.skus[0])!.id;
      const [picking] = await erp.searchRead('stock.picking', [['sale_id', '=', o.soId], ['state', 'not in', ['done', 'cancel']]], ['move_ids'], { order: 'id asc', limit: 1 });
      const moves = await erp.read('stock.move', picking!.move_ids as number[], ['product_id', 'product_uom_qty']);
      for (const m of moves) {
        const mine = (m.product_id as [number, string])[0] === first;
        await erp.write('stock.move', [m.id], { quantity: mine ? Number(m.product_uom_qty) : 0, picked: mine });
      }
      const answer = await erp.call('stock.picking', 'button_validate', [picking!.id]);
      if (answer !== true) {
        const ctx = (answer as { context: Record<string, unknown> }).context;
        const [wizard] = await erp.create('stock.backorder.confirmation', [{}], { context: ctx });
        await erp.call('stock.backorder.confirmation', 'process', [wizard!], { context: ctx });
      }
      await request(w.stack, o.id, `mfn:${picking!.id}`, '2026-11-27T10:00:00Z');
      await runInvoiceJobs(w.stack);
      const second = await validateDelivery(w.stack, o.soId);
      await request(w.stack, o.id, `mfn:${second}`, '2026-11-28T10:00:00Z');
      await runInvoiceJobs(w.stack);
      w.stack.amazon.updateOrder(o.id, { fulfillmentStatus: 'SHIPPED' });
      const invoices = (await invoicesOf(w.stack, o.soId)).filter((i) => i.state === 'posted');
      expect(invoices).toHaveLength(2);
      return [invoices[0]!, invoices[1]!];
    }
    const skusOn = async (move: ErpRecord) => {
      const lines = await w.stack.erpClient.read('account.move.line', move.invoice_line_ids as number[], ['product_id']);
      const ids = lines.map((l) => (Array.isArray(l.product_id) ? (l.product_id as [number, string])[0] : 0)).filter((x) => x > 0);
      return (await w.stack.erpClient.read('product.product', ids, ['default_code'])).map((p) => p.default_code);
    };
    const twoSkus = (x: Order) => new Set(x.skus).size === 2 && x.skus.length === 2;

    it('a refund of the second SKU credits the invoice carrying it; then the first SKU, the other invoice', async () => {
      const o = w.take(twoSkus);
      const [inv1, inv2] = await invoiceInTwo(o);
      expect(await skusOn(inv2)).toContain(o.skus[1]);
      const r = await w.refund(o, { lines: [{ sku: o.skus[1] }] });
      await w.sweep();
      const state = await w.recordState(r.refundId);
      expect(state?.state, JSON.stringify(state)).toBe('credited');
      const on2 = await w.creditNotesOf(inv2.id);
      expect(on2.map((n) => n.state)).toEqual(['posted']);
      expect(await skusOn(on2[0]!)).toEqual([o.skus[1]]);
      // Its shipping share, when Amazon refunded some, is credited on the invoice carrying the shipping line alone.
      const stored = (await w.stack.env.core.documents.of(refundKind).getMany(w.stack.backendId, [r.refundId])).get(r.refundId)!.document as unknown as RefundDocument;
      const shipping = stored.items.some((i) => BigInt(i.parts['productcharges/shipping'] ?? '0') !== 0n);
      const on1 = await w.creditNotesOf(inv1.id);
      expect(on1.map((n) => n.state)).toEqual(shipping ? ['posted'] : []);
      if (shipping) expect(await skusOn(on1[0]!)).not.toContain(o.skus[1]);
      const total = [...on1, ...on2].reduce((s, n) => s + toUnits(String(n.amount_total)), 0n);
      expect(total).toBe(toUnits(String(-r.total)));
      console.log(`refund of the second SKU: ${on1.length + on2.length} credit note(s), shipping refunded: ${shipping}`);
      const r2 = await w.refund(o, { lines: [{ sku: o.skus[0] }] });
      await w.sweep();
      expect((await w.recordState(r2.refundId))?.state).toBe('credited');
      const notes1 = (await w.creditNotesOf(inv1.id)).filter((n) => String(n.ref).includes(r2.refundId));
      expect(notes1.map((n) => n.state)).toEqual(['posted']);
      expect(await skusOn(notes1[0]!)).toContain(o.skus[0]);
      expect((await w.creditNotesOf(inv2.id)).length).toBe(1);
    });

    it('a refund of both SKUs: one credit note per invoice, each posted, together Amazon\'s amount; run again or after a lost binding, still two', async () => {
      const o = w.take(twoSkus);
      const [inv1, inv2] = await invoiceInTwo(o);
      const r = await w.refund(o);
      await w.sweep();
      const state = await w.recordState(r.refundId);
      expect(state?.state, JSON.stringify(state)).toBe('credited');
      const notes = [...(await w.creditNotesOf(inv1.id)), ...(await w.creditNotesOf(inv2.id))];
      expect(notes.map((n) => n.state)).toEqual(['posted', 'posted']);
      for (const n of notes) expect(String(n.ref)).toContain(r.refundId);
      expect(notes.reduce((s, n) => s + toUnits(String(n.amount_total)), 0n)).toBe(toUnits(String(-r.total)));
      expect(state!.detail.moveIds).toEqual(notes.map((n) => n.id));
      // Bound per (refund, invoice).
      for (const [inv, n] of [[inv1, notes[0]!], [inv2, notes[1]!]] as const) {
        expect((await w.stack.env.core.binder.toErp(w.stack.backendId, 'refund', `${r.refundId}@${inv.id}`))?.erpId).toBe(n.id);
      }
      // Run again, and again after losing a binding (a crash between a wizard and its binding): found, not made twice.
      await w.credit(r.refundId);
      await w.stack.env.core.binder.unbind(w.stack.backendId, 'refund', `${r.refundId}@${inv2.id}`);
      await w.credit(r.refundId);
      expect((await w.stack.env.core.binder.toErp(w.stack.backendId, 'refund', `${r.refundId}@${inv2.id}`))?.erpId).toBe(notes[1]!.id);
      expect((await w.creditNotesOf(inv1.id)).length + (await w.creditNotesOf(inv2.id)).length).toBe(2);
    });
  });
}
