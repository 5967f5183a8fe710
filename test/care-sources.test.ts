/**
 * Customer care from the money side, end to end: orders invoiced and shipped, then refunded on Amazon (the
 * sandbox's admin route) as a plain refund, a chargeback and an A-to-z guarantee claim; the refunds flow's sweep
 * credits them and reads each kind from the v0 financial events; the care sweep then makes an ERP activity for the
 * chargeback and the claim on their sales orders, none for the plain refund, and none twice.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startRefundsWorld, type RefundsWorld } from './support/refunds.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { CareTasks, careMarker } from '../connector/src/sync/care/index.ts';

describe('customer care: chargebacks and A-to-z claims from the refunds flow', () => {
  let w: RefundsWorld;

  beforeAll(async () => {
    w = await startRefundsWorld(inject('pgAdminUrl'), 'care_refunds', 'json2', 8);
    await w.stack.env.core.backends.update(w.stack.backendId, { settings: { goLive: { care: { enabled: true } }, care: { claimUser: 'admin', chargebackUser: 'admin' } } });
  }, 180_000);
  afterAll(async () => w?.close());

  it('one activity per chargeback or claim once the refunds flow knows its kind; a plain refund makes none', async () => {
    const made: Array<{ soId: number; orderId: string; reason: 'chargeback' | 'a_to_z_claim' | null }> = [];
    for (const [kind, reason] of [['refund', null], ['chargeback', 'chargeback'], ['guarantee_claim', 'a_to_z_claim']] as const) {
      const o = w.take();
      await w.invoiceAndShip(o);
      await w.refund(o, { kind });
      made.push({ soId: o.soId, orderId: o.id, reason });
    }
    await w.sweep();
    const sweep = () => taskList(w.stack.env)[CareTasks.sweep]!({ backendId: w.stack.backendId }, undefined as never);
    await sweep();
    await sweep();
    for (const m of made) {
      const acts = await w.stack.erpClient.searchRead('mail.activity', [['res_model', '=', 'sale.order'], ['res_id', '=', m.soId]], ['summary', 'user_id'], { context: { active_test: false } });
      if (m.reason === null) {
        expect(acts).toEqual([]);
        continue;
      }
      expect(acts).toHaveLength(1);
      expect(acts[0]).toMatchObject({ summary: expect.stringContaining(careMarker(m.orderId, m.reason)), user_id: [2, expect.any(String)] });
    }
    const { rows } = await w.stack.env.db.pool.query(`select amazon_order_id, reason, state from care_activity where backend_id = $1 order by reason`, [w.stack.backendId]);
    expect(rows).toEqual([
      { amazon_order_id: made[2]!.orderId, reason: 'a_to_z_claim', state: 'open' },
      { amazon_order_id: made[1]!.orderId, reason: 'chargeback', state: 'open' },
    ]);
  });
});
