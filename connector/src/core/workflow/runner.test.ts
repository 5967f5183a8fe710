import { describe, expect, it } from 'vitest';
import { ConflictError, PermanentError, RetryableError, SkipError } from '../errors.ts';
import { runWorkflow, type Step } from './index.ts';

interface OrderWork {
  key: string;
  sku: string;
  partnerId?: number;
  orderId?: number;
}

/** A fake ERP that remembers what exists, so compensation is visible as records removed. */
function fakeErp() {
  const partners = new Set<number>();
  const orders = new Set<number>();
  let calls = 0;
  let next = 1;
  return { partners, orders, get calls() { return calls; }, call: () => calls++, id: () => next++ };
}

function steps(erp: ReturnType<typeof fakeErp>, opts: { confirmThrows?: Error } = {}): Step<OrderWork>[] {
  return [
    {
      name: 'check-state',
      noCompensation: 'reads only',
      async invoke(records, ctx) {
        for (const r of records) if (r.sku === 'PENDING') ctx.fail(r, new SkipError('ORDER_PENDING', 'pending'));
      },
    },
    {
      name: 'create-partners',
      async invoke(records) {
        erp.call(); // one call for the whole batch
        for (const r of records) erp.partners.add((r.partnerId = erp.id()));
      },
      async compensate(records) {
        erp.call();
        for (const r of records) erp.partners.delete(r.partnerId!);
      },
    },
    {
      name: 'map-skus',
      noCompensation: 'reads only',
      async invoke(records, ctx) {
        for (const r of records) {
          if (r.sku === 'UNKNOWN') ctx.fail(r, new ConflictError('SKU_UNMAPPED', `SKU ${r.sku} has no product`));
          if (r.sku === 'BROKEN') ctx.fail(r, new TypeError('cannot read properties of undefined'));
        }
      },
    },
    {
      name: 'create-orders',
      async invoke(records) {
        erp.call();
        for (const r of records) erp.orders.add((r.orderId = erp.id()));
      },
      async compensate(records) {
        erp.call();
        for (const r of records) erp.orders.delete(r.orderId!);
      },
    },
    {
      name: 'confirm',
      noCompensation: 'irreversible, and last: nothing after it can fail',
      async invoke() {
        if (opts.confirmThrows) throw opts.confirmThrows;
      },
    },
  ];
}

describe('workflow runner', () => {
  it('isolates each failing record, compensates only its completed steps, and goes on with the others', async () => {
    const erp = fakeErp();
    const records: OrderWork[] = ['MUG', 'PENDING', 'UNKNOWN', 'BROKEN', 'CUP'].map((sku, i) => ({ key: `o${i}`, sku }));
    const written: unknown[] = [];
    const result = await runWorkflow(steps(erp), records, { writeSteps: async (e) => void written.push(...e) });

    expect(result.outcomes.map((o) => [o.record.key, o.status, o.error?.code ?? null])).toEqual([
      ['o0', 'ok', null],
      ['o1', 'skipped', 'ORDER_PENDING'],
      ['o2', 'conflict', 'SKU_UNMAPPED'],
      ['o3', 'failed', 'INTERNAL'],
      ['o4', 'ok', null],
    ]);
    expect(result.counts).toEqual({ ok: 2, skipped: 1, retry: 0, failed: 1, conflict: 1 });
    // The two that failed after their partner was created lost it again; the others keep theirs and an order.
    expect([...erp.partners].sort()).toEqual([records[0]!.partnerId, records[4]!.partnerId].sort());
    expect(erp.orders.size).toBe(2);
    // Batched: one create-partners, one compensation for both failures, one create-orders.
    expect(erp.calls).toBe(3);
    expect(written).toEqual(result.steps);
    expect(result.steps.filter((s) => s.recordKey === 'o2').map((s) => [s.step, s.status])).toEqual([
      ['check-state', 'ok'],
      ['create-partners', 'ok'],
      ['map-skus', 'conflict'],
      ['create-partners', 'compensated'],
    ]);
  });

  it('a step that throws fails its whole batch; a failing compensation is recorded, not hidden', async () => {
    const erp = fakeErp();
    const records: OrderWork[] = [{ key: 'a', sku: 'MUG' }, { key: 'b', sku: 'CUP' }];
    const all = steps(erp, { confirmThrows: new RetryableError('ERP_TIMEOUT', 'timed out') });
    const orders = all[3]!;
    if (orders.compensate) orders.compensate = async () => { throw new PermanentError('ERP_ACCESS_DENIED', 'unlink refused'); };
    const result = await runWorkflow(all, records);
    expect(result.outcomes.map((o) => o.status)).toEqual(['retry', 'retry']);
    expect(result.outcomes[0]!.failedStep).toBe('confirm');
    expect(result.outcomes[0]!.compensationErrors?.map((e) => e.code)).toEqual(['ERP_ACCESS_DENIED']);
    // Partners were still compensated after the order compensation failed.
    expect(erp.partners.size).toBe(0);
    expect(result.steps.filter((s) => s.recordKey === 'a').map((s) => s.status)).toEqual([
      'ok', 'ok', 'ok', 'ok', 'retry', 'compensation_failed', 'compensated',
    ]);
  });
});
