/**
 * Deferred refunds and the kind of a refund, end to end against both sandboxes over HTTP. A refund Amazon defers
 * (a B2B invoiced order's) is recorded `pending` with its maturity date and makes no credit note; its release (a
 * transaction of its own, linked by DEFERRED_TRANSACTION_ID) makes exactly one, however often both are read.
 * The kind of a refund (refund, chargeback, A-to-z guarantee claim) read from the Finances v0 events after its credit
 * note (paced jobs, out of its path), shown in the record and, for the kinds booked otherwise, the reference.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { amazonAdmin } from './support/amazon.ts';
import { startRefundsWorld, type RefundsWorld } from './support/refunds.ts';
import { toUnits } from './support/money.ts';
import { recordStateCounts } from '../connector/src/core/record-state/index.ts';
import { runTasks } from './support/lifecycle.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { RefundTasks } from '../connector/src/sync/refunds/index.ts';

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

    it('the kind: read after the credit note, paced; a chargeback and an A-to-z claim told apart by the v0 events, named in the record and the credit note\'s reference', async () => {
      const v0Calls = () => w.stack.amazon.calls().operations.filter((o) => o.operation === 'listFinancialEventsByOrderId').reduce((n, o) => n + o.calls, 0);
      await runTasks(w.stack, [RefundTasks.kind]); // the earlier test's refund
      const before = v0Calls();
      const made: Array<{ kind: 'refund' | 'chargeback' | 'guarantee_claim'; refundId: string; invoiceId: number }> = [];
      for (const kind of ['refund', 'chargeback', 'guarantee_claim'] as const) {
        const o = w.take();
        const invoice = await w.invoiceAndShip(o);
        made.push({ kind, refundId: (await w.refund(o, { kind })).refundId, invoiceId: invoice.id });
      }
      await w.sweep();
      // The credit notes are posted before any kind is read: no v0 call in their path, the reference names none yet.
      expect(v0Calls()).toBe(before);
      for (const m of made) {
        const notes = await w.creditNotesOf(m.invoiceId);
        expect(notes.map((n) => n.state)).toEqual(['posted']);
        expect(String(notes[0]!.ref)).toMatch(new RegExp(`Amazon refund ${m.refundId}$`));
        expect(await w.recordState(m.refundId)).toMatchObject({ state: 'credited', detail: { kind: 'unknown' } });
      }
      // One kind job per credited refund, in the backend's one queue (one at a time, paced by the v0 quota).
      const queued = async () => (await w.stack.env.db.pool.query(`select j.queue_name as queue, count(*)::int as n from graphile_worker.jobs j
          where j.task_identifier = $1 group by 1`, [RefundTasks.kind])).rows;
      expect(await queued()).toEqual([{ queue: `${RefundTasks.kind}:${w.stack.backendId}`, n: 3 }]);
      expect(await runTasks(w.stack, [RefundTasks.kind])).toBe(3);
      expect(v0Calls()).toBe(before + 3);

      const seen = async (m: (typeof made)[number]) => ({ ref: String((await w.creditNotesOf(m.invoiceId))[0]!.ref), state: await w.recordState(m.refundId) });
      const [refund, chargeback, claim] = await Promise.all(made.map(seen));
      // A plain refund's reference stays "Amazon refund <id>"; a chargeback's and an A-to-z claim's name it.
      expect(refund!.ref).toMatch(new RegExp(`Amazon refund ${made[0]!.refundId}$`));
      expect(refund!.state).toMatchObject({ state: 'credited', detail: { kind: 'refund' } });
      expect(chargeback!.ref).toMatch(new RegExp(`Amazon refund ${made[1]!.refundId} \\(chargeback\\)$`));
      expect(chargeback!.state).toMatchObject({ state: 'credited', detail: { kind: 'chargeback' } });
      expect(claim!.ref).toMatch(new RegExp(`Amazon refund ${made[2]!.refundId} \\(guarantee claim\\)$`));
      expect(claim!.state).toMatchObject({ state: 'credited', detail: { kind: 'guarantee_claim' } });
      expect(chargeback!.state!.detail.kindReadAt).toEqual(expect.any(String));

      // The credit task and the kind job run again: no second look-up queued, the reference written once.
      await w.credit(made[1]!.refundId);
      expect(await queued()).toEqual([]);
      await taskList(w.stack.env)[RefundTasks.kind]!({ backendId: w.stack.backendId, refundId: made[1]!.refundId }, undefined as never);
      expect((await seen(made[1]!)).ref).toBe(chargeback!.ref);
      expect((await w.creditNotesOf(made[1]!.invoiceId)).length).toBe(1);
    });

    it('with the v0 look-up off, the kind stays unknown and no look-up is queued', async () => {
      await w.stack.env.core.backends.update(w.stack.backendId, { settings: { refunds: { kindFromFinancialEvents: false } } });
      try {
        const o = w.take();
        const invoice = await w.invoiceAndShip(o);
        const r = await w.refund(o, { kind: 'chargeback' });
        await w.sweep();
        const [note] = await w.creditNotesOf(invoice.id);
        expect(note?.state).toBe('posted');
        expect(String(note!.ref)).toMatch(new RegExp(`Amazon refund ${r.refundId}$`));
        expect((await w.recordState(r.refundId))?.detail.kind).toBe('unknown');
        expect(await runTasks(w.stack, [RefundTasks.kind])).toBe(0);
      } finally {
        await w.stack.env.core.backends.update(w.stack.backendId, { settings: { refunds: { kindFromFinancialEvents: true } } });
      }
    });
  });
}
