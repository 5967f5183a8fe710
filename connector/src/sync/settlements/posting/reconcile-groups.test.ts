import { describe, expect, it } from 'vitest';
import { isExact, oneWay, reconcileCalls, type OrderToReconcile, type ReconcileItem } from './reconcile-groups.ts';

let nextId = 1;
const item = (residualMinor: bigint, partnerId: number | null, over: Partial<ReconcileItem> = {}): ReconcileItem =>
  ({ id: nextId++, accountId: 7, partnerId, currencyId: 1, residualMinor, ...over });
/** An order: its settlement line (a credit: money received) and its open items. */
const order = (orderId: string, partner: number, line: bigint, open: bigint[], over: Partial<ReconcileItem> = {}): OrderToReconcile =>
  ({ orderId, line: item(line, partner), open: open.map((r) => item(r, partner, over)) });
const limits = { maxOrders: 150, maxItems: 400 };

describe('which orders share a reconcile call', () => {
  it('an order is exact when its line and open items add up to zero under one partner, currency and account', () => {
    expect(isExact(order('A', 1, -11900n, [11900n]))).toBe(true);
    // a partly refunded order: invoice residual after its credit note, and a credit note still open
    expect(isExact(order('B', 1, -6000n, [7000n, -1000n]))).toBe(true);
    expect(isExact(order('C', 1, -11800n, [11900n]))).toBe(false);
    expect(isExact(order('D', 1, -11900n, [11900n], { partnerId: 2 }))).toBe(false);
    expect(isExact(order('E', 1, -11900n, [11900n], { currencyId: 2 }))).toBe(false);
    expect(isExact(order('F', 1, -11900n, [11900n], { accountId: 8 }))).toBe(false);
    expect(isExact({ orderId: 'G', line: item(-100n, null), open: [item(100n, null)] })).toBe(false);
  });

  it('exact orders of different partners share calls of at most maxOrders; others get one call each, after', () => {
    const exact = Array.from({ length: 400 }, (_, i) => order(`X${i}`, 100 + i, -1000n - BigInt(i), [1000n + BigInt(i)]));
    const off = order('OFF', 9, -900n, [1000n]);
    const calls = reconcileCalls([off, ...exact], { maxOrders: 150, maxItems: 10_000 });
    expect(calls.map((c) => [c.orderIds.length, c.exact])).toEqual([[150, true], [150, true], [100, true], [1, false]]);
    expect(calls.at(-1)).toEqual({ orderIds: ['OFF'], itemIds: [off.line.id, off.open[0]!.id], exact: false });
    // every order's items in exactly one call
    const ids = calls.flatMap((c) => c.itemIds);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(802);
  });

  it('two orders of one partner share a call only when both are one-way alike (never an invoice with another order\'s credit note); items are capped', () => {
    // invoices only against their lines (FBA orders on one customer): one call
    const a = order('A', 5, -100n, [100n]);
    const b = order('B', 5, -200n, [200n]);
    const c = order('C', 6, -300n, [300n]);
    expect(reconcileCalls([a, b, c], limits).map((x) => x.orderIds)).toEqual([['A', 'B', 'C']]);
    // a partly refunded order (invoice and credit note) keeps its partner's block to itself
    const refunded = order('R', 5, -60n, [100n, -40n]);
    expect(oneWay(refunded)).toBeNull();
    expect(reconcileCalls([a, refunded, b], limits).map((x) => x.orderIds)).toEqual([['A', 'B'], ['R']]);
    // a credit note the settlement clears (its line a debit) never meets another order's invoice of the partner
    const credit = order('K', 5, 40n, [-40n]);
    expect(oneWay(credit)).toBe('credits');
    expect(reconcileCalls([a, credit, b], limits).map((x) => x.orderIds)).toEqual([['A', 'B'], ['K']]);
    const many = Array.from({ length: 10 }, (_, i) => order(`M${i}`, 200 + i, -300n, [100n, 100n, 100n]));
    expect(reconcileCalls(many, { maxOrders: 150, maxItems: 12 }).map((x) => x.orderIds.length)).toEqual([3, 3, 3, 1]);
  });

  it('calls per account and currency; an order with nothing open is left', () => {
    const eur = order('E', 1, -100n, [100n]);
    const usd = { orderId: 'U', line: item(-100n, 2, { currencyId: 2 }), open: [item(100n, 2, { currencyId: 2 })] };
    const other = { orderId: 'O', line: item(-100n, 3, { accountId: 9 }), open: [item(100n, 3, { accountId: 9 })] };
    const none = order('N', 4, -100n, []);
    expect(reconcileCalls([eur, usd, other, none], limits).map((x) => x.orderIds)).toEqual([['E'], ['U'], ['O']]);
  });
});
