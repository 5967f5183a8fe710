// The drafts' totals are read in ONE call per batch before anything is confirmed: a draft at Amazon's total and
// tax goes on, one that is not fails as a conflict with both figures (it stays a draft); a draft an earlier run left
// that disagrees is rewritten from the mapping (its old lines deleted) and read again, nothing else is written.
import { describe, expect, it } from 'vitest';
import type { LockSession } from '../../../core/lock.ts';
import { pipeline } from '../../../core/workflow/typed-step.ts';
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';
import type { ImportDeps, OrderRecord } from '../import-records.ts';
import type { MappedOrder } from '../mapping/order.mapper.ts';
import { checkDraftTotalsStep } from './check-draft-totals.step.ts';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const mapped = (total: string, tax: string) =>
  ({ currency: 'EUR', expectedTotal: eur(total), expectedTax: eur(tax), saleOrder: { vals: { note: 'n' } }, lines: [{ vals: { product_id: 1 } }] }) as unknown as MappedOrder;

/** A fake ERP holding sale orders by id: reads answer them, a write replaces the totals with `afterWrite`. */
function fakeErp(orders: Map<number, ErpRecord>, afterWrite: { amount_total: number; amount_tax: number }) {
  const calls: Array<[string, unknown]> = [];
  const erp = {
    read: async (_model: string, ids: readonly number[]) => {
      calls.push(['read', [...ids]]);
      return ids.flatMap((id) => (orders.has(id) ? [orders.get(id)!] : []));
    },
    write: async (_model: string, ids: readonly number[], vals: Record<string, unknown>) => {
      calls.push(['write', { ids: [...ids], vals }]);
      for (const id of ids) orders.set(id, { ...orders.get(id)!, ...afterWrite });
      return true;
    },
  } as unknown as ErpPort;
  return { erp, calls };
}

const so = (id: number, total: number, tax: number, state = 'draft'): ErpRecord =>
  ({ id, name: `S${id}`, state, amount_total: total, amount_tax: tax, write_date: '2026-12-01 10:00:00', date_order: '2026-12-01 09:00:00', order_line: [id * 10] });

async function run(orders: Map<number, ErpRecord>, records: Array<{ key: string; id: number; found: boolean; mapped: MappedOrder }>) {
  const { erp, calls } = fakeErp(orders, { amount_total: 11.9, amount_tax: 1.9 });
  const locks = { ensureHeld: async () => {} } as unknown as LockSession;
  const deps = { core: {}, rt: { erp, backend: { id: 1 } }, batchSize: 200, locks } as unknown as ImportDeps;
  const byKey = new Map(records.map((r) => [r.key, r]));
  const result = await pipeline<OrderRecord>()
    .then<{ saleOrder: { id: number; state: string }; mapped: MappedOrder; existing: { id: number; state: string } | null }>({
      name: 'seed',
      noCompensation: 'test',
      invoke: async (rs, ctx) => rs.forEach((r) => {
        const x = byKey.get(r.key)!;
        ctx.done(r, { saleOrder: { id: x.id, state: 'draft' }, mapped: x.mapped, existing: x.found ? { id: x.id, state: 'draft' } : null });
      }),
    })
    .then(checkDraftTotalsStep(deps))
    .run(records.map((r) => ({ key: r.key, stored: {}, order: {} }) as unknown as OrderRecord));
  return { outcomes: result.outcomes.map((o) => [o.record.key, o.status, o.error?.code ?? null]), calls, result };
}

describe('check-draft-totals', () => {
  it("one read for the batch; only drafts at Amazon's total and tax pass, the others are conflicts with both figures", async () => {
    const orders = new Map([[1, so(1, 11.9, 1.9)], [2, so(2, 10.71, 1.71)], [3, so(3, 11.9, 1.89)]]);
    const { outcomes, calls, result } = await run(orders, [
      { key: 'A', id: 1, found: false, mapped: mapped('11.90', '1.90') },
      { key: 'B', id: 2, found: false, mapped: mapped('11.90', '1.90') },
      { key: 'C', id: 3, found: false, mapped: mapped('11.90', '1.90') },
    ]);
    expect(outcomes).toEqual([['A', 'ok', null], ['B', 'conflict', 'TOTAL_MISMATCH'], ['C', 'conflict', 'TAX_MISMATCH']]);
    expect(calls).toEqual([['read', [1, 2, 3]]]);
    const b = result.outcomes[1]!;
    expect(b.error?.details).toMatchObject({ erpTotal: '10.71', amazonTotal: '11.90', currency: 'EUR' });
    expect(b.error?.message).toContain('unconfirmed draft');
  });

  it('a draft an earlier run left that disagrees is rewritten (old lines deleted) and read again before it may pass', async () => {
    const orders = new Map([[5, so(5, 10.71, 1.71)], [6, so(6, 11.9, 1.9)]]);
    const { outcomes, calls } = await run(orders, [
      { key: 'E', id: 5, found: true, mapped: mapped('11.90', '1.90') },
      { key: 'F', id: 6, found: true, mapped: mapped('11.90', '1.90') },
    ]);
    expect(outcomes).toEqual([['E', 'ok', null], ['F', 'ok', null]]);
    expect(calls).toEqual([
      ['read', [5, 6]],
      ['write', { ids: [5], vals: { note: 'n', order_line: [[2, 50], [0, 0, { product_id: 1 }]] } }],
      ['read', [5]],
    ]);
  });

  it('a draft gone from the ERP is ORDER_EDITED_IN_ERP; one confirmed meanwhile goes on to verify', async () => {
    const orders = new Map([[8, so(8, 1, 0, 'sale')]]);
    const { outcomes } = await run(orders, [
      { key: 'G', id: 7, found: false, mapped: mapped('11.90', '1.90') },
      { key: 'H', id: 8, found: false, mapped: mapped('11.90', '1.90') },
    ]);
    expect(outcomes).toEqual([['G', 'conflict', 'ORDER_EDITED_IN_ERP'], ['H', 'ok', null]]);
  });
});
