import { describe, expect, it } from 'vitest';
import { shippedPlan } from './shipped-plan.ts';

const move = (id: number, productId: number, demand: number, state = 'assigned') => ({ id, productId, demand, state });

describe("the done quantities of an FBA delivery from Amazon's shipped units", () => {
  it('gives each move what Amazon shipped of its product, summing SKUs of one product', () => {
    const plan = shippedPlan(new Map([['MUG', 2], ['MUG-FBA', 1], ['TEA', 1]]), new Map([['MUG', 10], ['MUG-FBA', 10], ['TEA', 11]]), [move(1, 10, 3), move(2, 11, 1)]);
    expect(plan).toEqual({ ok: true, done: new Map([[1, 3], [2, 1]]), short: false });
  });

  it('says when Amazon shipped fewer than the delivery asks (no backorder then)', () => {
    const plan = shippedPlan(new Map([['MUG', 1]]), new Map([['MUG', 10]]), [move(1, 10, 3), move(2, 11, 1)]);
    expect(plan).toEqual({ ok: true, done: new Map([[1, 1]]), short: true });
  });

  it('fills the moves of one product in order, each up to its demand', () => {
    const plan = shippedPlan(new Map([['MUG', 4]]), new Map([['MUG', 10]]), [move(1, 10, 3), move(2, 10, 3), move(3, 10, 1, 'done')]);
    expect(plan).toEqual({ ok: true, done: new Map([[1, 3], [2, 1]]), short: true });
  });

  it('refuses to guess: a SKU without product or move, or nothing shipped', () => {
    expect(shippedPlan(new Map([['X', 1]]), new Map(), [move(1, 10, 1)])).toMatchObject({ ok: false, reason: 'SKU X has no ERP product' });
    expect(shippedPlan(new Map([['MUG', 1]]), new Map([['MUG', 12]]), [move(1, 10, 1)])).toMatchObject({ ok: false });
    expect(shippedPlan(new Map([['MUG', 0]]), new Map([['MUG', 10]]), [move(1, 10, 1)])).toMatchObject({ ok: false, reason: 'Amazon reports no unit shipped' });
  });
});
