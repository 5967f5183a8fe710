/**
 * Deferred refunds and the kind of a refund, end to end against both sandboxes over HTTP. A refund Amazon defers
 * (a B2B invoiced order's) is recorded `pending` with its maturity date and makes no credit note; its release (a
 * transaction of its own, linked by DEFERRED_TRANSACTION_ID) makes exactly one, however often both are read.
 * The kind of a refund (refund, chargeback, A-to-z guarantee claim) read from the Finances v0 events, shown.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { amazonAdmin } from './support/amazon.ts';
import { startRefundsWorld, type RefundsWorld } from './support/refunds.ts';
import { toUnits } from './support/money.ts';
import { recordStateCounts } from '../connector/src/core/record-state/index.ts';

for (const erpTransport of ['json2', 'jsonrpc'] as const) {
  describe(`deferred refunds and kinds (ERP over ${erpTransport})`, () => {
    let w: RefundsWorld;
    beforeAll(async () => {
      w = await startRefundsWorld(inject('pgAdminUrl'), `refunds-deferred-${erpTransport}`, erpTransport, 8);
    }, 240_000);
    afterAll(async () => w?.close());

    it('a deferred refund is pending with its maturity date, no credit note; its release makes exactly one', async () => {
      const o = w.take();
      const invoice = await w.invoiceAndShip(o);
      const maturityDate = new Date(Date.now() + 3 * 86_400_000).toISOString();
      const r = await w.refund(o, { deferred: { reason: 'B2B', maturityDate } });
      expect(r.status).toBe('DEFERRED');
      await w.sweep();
      expect(await w.creditNotesOf(invoice.id)).toEqual([]);
      const pending = await w.recordState(r.refundId);
      expect(pending).toMatchObject({ state: 'pending', code: null, detail: { orderId: o.id, deferralReason: 'B2B' } });
      expect(Date.parse(String(pending!.detail.maturityDate))).toBe(Date.parse(maturityDate));
      expect((await recordStateCounts(w.stack.env.db.pool, 'refunds', [w.stack.backendId])).get(w.stack.backendId)).toMatchObject({ pending: 1 });
      // Run again while deferred (a retry, a conflict's re-run): still no credit note.
      await w.credit(r.refundId);
      expect(await w.creditNotesOf(invoice.id)).toEqual([]);

      // Amazon releases it: the release is a transaction of its own, pointing back at the deferred one.
      const { release } = await w.posted(() => amazonAdmin<{ release: { transactionId: string; relatedIdentifiers: Array<{ relatedIdentifierName: string; relatedIdentifierValue: string }> } }>(
        w.stack.amazon, `finances/${w.stack.sellerId}/transactions/${r.transactionId}/release`, {}));
      expect(release.relatedIdentifiers).toContainEqual({ relatedIdentifierName: 'DEFERRED_TRANSACTION_ID', relatedIdentifierValue: r.transactionId });
      await w.sweep();
      const notes = await w.creditNotesOf(invoice.id);
      expect(notes.map((n) => n.state)).toEqual(['posted']);
      expect(toUnits(String(notes[0]!.amount_total))).toBe(toUnits(String(-r.total)));
      expect(await w.recordState(r.refundId)).toMatchObject({ state: 'credited', detail: { moveId: notes[0]!.id, maturityDate: pending!.detail.maturityDate } });
      // Both transactions read again (the sweep's overlap) and the task run again: still one credit note.
      await w.sweep();
      await w.credit(r.refundId);
      expect((await w.creditNotesOf(invoice.id)).length).toBe(1);
      const { rows } = await w.stack.env.db.pool.query(`select count(*)::int as n from fetched_document where backend_id = $1 and kind = 'refund' and payload->>'orderId' = $2`, [w.stack.backendId, o.id]);
      expect(rows[0].n).toBe(1);
    });

    it('the kind: a chargeback and an A-to-z guarantee claim told apart by the v0 events, shown in the record and the credit note\'s reference', async () => {
      const seen: Record<string, { ref: string; kind: unknown }> = {};
      for (const kind of ['refund', 'chargeback', 'guarantee_claim'] as const) {
        const o = w.take();
        const invoice = await w.invoiceAndShip(o);
        const r = await w.refund(o, { kind });
        await w.sweep();
        const [note] = await w.creditNotesOf(invoice.id);
        expect(note?.state).toBe('posted');
        seen[kind] = { ref: String(note!.ref), kind: (await w.recordState(r.refundId))?.detail.kind };
        expect(seen[kind]!.ref).toContain(`Amazon refund ${r.refundId}`);
      }
      expect(seen.refund).toMatchObject({ kind: 'refund' });
      expect(seen.refund!.ref).toMatch(/\(refund\)$/);
      expect(seen.chargeback).toMatchObject({ kind: 'chargeback' });
      expect(seen.chargeback!.ref).toMatch(/\(chargeback\)$/);
      expect(seen.guarantee_claim).toMatchObject({ kind: 'guarantee_claim' });
      expect(seen.guarantee_claim!.ref).toMatch(/\(guarantee claim\)$/);
    });

    it('with the v0 look-up off, the kind stays unknown, and says so', async () => {
      await w.stack.env.core.backends.update(w.stack.backendId, { settings: { refunds: { kindFromFinancialEvents: false } } });
      try {
        const o = w.take();
        const invoice = await w.invoiceAndShip(o);
        const r = await w.refund(o, { kind: 'chargeback' });
        await w.sweep();
        const [note] = await w.creditNotesOf(invoice.id);
        expect(String(note!.ref)).toMatch(new RegExp(`Amazon refund ${r.refundId} \\(unknown\\)$`));
        expect((await w.recordState(r.refundId))?.detail.kind).toBe('unknown');
      } finally {
        await w.stack.env.core.backends.update(w.stack.backendId, { settings: { refunds: { kindFromFinancialEvents: true } } });
      }
    });
  });
}
