/**
 * Refunds credited in batches (connector/src/sync/refunds/credit-batch.ts), against both sandboxes over HTTP: the
 * refunds of several orders, queued by one sweep, become their posted credit notes through ONE reversal wizard
 * (one draft per invoice, Odoo's `refund_moves` over several moves) and one posting call, each with its own
 * reference; a crash in the middle of a batch (the wizard ran, the answer naming its drafts lost; then a crash
 * after some drafts were finished) leaves the refunds queued, and the job run again finds each draft by its
 * refund id and its invoice (`ref` / `reversed_entry_id`): never a second credit note, none left unposted.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runTasks } from './support/lifecycle.ts';
import { clearFaults, erpFaultRule } from './support/faults.ts';
import { startRefundsWorld, type Order, type RefundsWorld } from './support/refunds.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { RefundTasks } from '../connector/src/sync/refunds/index.ts';
import type { ErpRecord } from '../connector/src/erp/erp-port.ts';

describe('refunds credited in batches (ERP over JSON-2)', () => {
  let w: RefundsWorld;
  beforeAll(async () => {
    w = await startRefundsWorld(inject('pgAdminUrl'), 'refunds-batch', 'json2', 14, 7);
  }, 240_000);
  afterAll(async () => w?.close());

  const wizards = () => w.stack.erpClient.searchCount('account.move.reversal', []);
  const batch = () => taskList(w.stack.env)[RefundTasks.creditBatch]!({ backendId: w.stack.backendId }, undefined as never);
  /** Orders invoiced and shipped, each refunded in full on Amazon, their refunds stored and queued by one sweep. */
  async function refunded(n: number): Promise<Array<{ o: Order; invoice: ErpRecord; refundId: string }>> {
    const out = [];
    for (let i = 0; i < n; i++) {
      const o = w.take();
      const invoice = await w.invoiceAndShip(o);
      out.push({ o, invoice, refundId: (await w.refund(o)).refundId });
    }
    await taskList(w.stack.env)[RefundTasks.sweep]!({ backendId: w.stack.backendId }, undefined as never);
    return out;
  }
  /** Each refund: exactly one credit note of its invoice, posted, bound, named by its own refund alone. */
  async function creditedOnce(rs: Array<{ invoice: ErpRecord; refundId: string }>): Promise<void> {
    for (const r of rs) {
      const notes = await w.creditNotesOf(r.invoice.id);
      expect(notes.map((n) => n.state)).toEqual(['posted']);
      expect(notes[0]!.ref).toBe(`Reversal of: ${String(r.invoice.name)}, Amazon refund ${r.refundId}`);
      expect((await w.stack.env.core.binder.toErp(w.stack.backendId, 'refund', r.refundId))?.erpId).toBe(notes[0]!.id);
      expect((await w.recordState(r.refundId))?.state).toBe('credited');
    }
  }

  it('three refunds queued by one sweep: one job, one reversal wizard for the three invoices, each credit note its own', async () => {
    const rs = await refunded(3);
    const before = await wizards();
    expect(await runTasks(w.stack, [RefundTasks.creditBatch, RefundTasks.credit])).toBe(1);
    expect(await wizards()).toBe(before + 1);
    await creditedOnce(rs);
  });

  it('a crash mid-batch, twice: the retried job binds the drafts it finds by refund id and invoice, never a second credit note', async () => {
    const rs = await refunded(3);
    const before = await wizards();
    // The wizard makes the drafts, then the read naming them fails: the job stops with nothing bound.
    await erpFaultRule(w.stack.erp.sandbox, { target: 'account.move.reversal.read', percent: 100, kinds: ['502'], count: 1 });
    await expect(batch()).rejects.toThrow(/ERP_UNAVAILABLE/);
    for (const r of rs) {
      expect((await w.creditNotesOf(r.invoice.id)).map((n) => n.state)).toEqual(['draft']);
      expect(await w.stack.env.core.binder.toErp(w.stack.backendId, 'refund', r.refundId)).toBeNull();
      expect((await w.recordState(r.refundId))?.state).toBe('queued');
    }
    // Run again: the drafts are found and bound; then the write of their own references fails (a crash after the binding).
    await erpFaultRule(w.stack.erp.sandbox, { target: 'account.move.load', percent: 100, kinds: ['502'], count: 1 });
    await expect(batch()).rejects.toThrow(/ERP_UNAVAILABLE/);
    for (const r of rs) expect((await w.stack.env.core.binder.toErp(w.stack.backendId, 'refund', r.refundId))?.erpId).toBe((await w.creditNotesOf(r.invoice.id))[0]!.id);
    await clearFaults(w.stack.erp.sandbox);
    await batch();
    expect(await wizards()).toBe(before + 1);
    await creditedOnce(rs);
    // And run once more: nothing queued, nothing made.
    await batch();
    for (const r of rs) expect(await w.creditNotesOf(r.invoice.id)).toHaveLength(1);
  });

  it('a lone refund is a batch of one: the wizard\'s reason is its own, credited by the first run', async () => {
    const rs = await refunded(1);
    await batch();
    await creditedOnce(rs);
  });
});
