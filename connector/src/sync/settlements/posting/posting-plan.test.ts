import { describe, expect, it } from 'vitest';
import { defaultRole, destinationOf } from './posting-accounts.ts';
import { amountsByKey, chunk, DEPOSIT_KEY, difference, postedSum, type SettlementAmount } from './posting-plan.ts';

const row = (orderId: string | null, amountType: string, amountDescription: string, amountMinor: bigint, orderKnown: boolean | null = orderId ? true : null,
  transactionType = 'Order'): SettlementAmount => ({ orderId, amountType, amountDescription, amountMinor, orderKnown, transactionType });

describe('settlement posting plan', () => {
  const rows = [
    row('A', 'ItemPrice', 'Principal', 10000n), row('A', 'ItemPrice', 'Tax', 1900n), row('A', 'ItemFees', 'Commission', -1785n),
    row('A', 'ItemPrice', 'Principal', -10000n, true, 'Refund'), row('B', 'ItemPrice', 'Principal', 5000n), row('F', 'ItemPrice', 'Principal', 3000n, false),
    row(null, 'other-transaction', 'Subscription Fee', -3900n, null, 'other-transaction'),
    row(null, 'other-transaction', 'Current Reserve Amount', -1500n, null, 'Current Reserve Amount'),
    row(null, 'other-transaction', 'Previous Reserve Amount Balance', 1000n, null, 'Previous Reserve Amount Balance'),
    row(null, 'FBA Inventory Reimbursement', 'WAREHOUSE_DAMAGE', 800n, null, 'other-transaction'),
  ];
  const total = rows.reduce((a, r) => a + r.amountMinor, 0n);

  it('sums per destination, ERP-signed: a sale credits the receivable, a fee debits its account, the deposit debits transfers; all add up to zero', () => {
    const a = amountsByKey(rows, total, {});
    expect(a.get('order:A')).toBe(-1900n);
    expect(a.get('order:B')).toBe(-5000n);
    expect(a.get('role:unmatched')).toBe(-3000n);
    expect(a.get('role:fees')).toBe(1785n + 3900n);
    expect(a.get('role:reserve')).toBe(500n);
    expect(a.get('role:reimbursements')).toBe(-800n);
    expect(a.get(DEPOSIT_KEY)).toBe(total);
    expect([...a.values()].reduce((x, y) => x + y, 0n)).toBe(0n);
  });

  it('overrides by type/description then by type; a known order\'s sale stays on its receivable', () => {
    const o = { 'other-transaction/Subscription Fee': '623000', ItemFees: '622000', ItemPrice: '700000' };
    expect(destinationOf(rows[6]!, o)).toEqual({ kind: 'code', code: '623000' });
    expect(destinationOf(rows[2]!, o)).toEqual({ kind: 'code', code: '622000' });
    expect(destinationOf(rows[0]!, o)).toEqual({ kind: 'order' });
    expect(defaultRole({ transactionType: 'Order', amountType: 'ItemWithheldTax', amountDescription: 'MarketplaceFacilitatorTax-Principal', orderKnown: true })).toBe('withheldTax');
    expect(defaultRole({ transactionType: 'other-transaction', amountType: 'Cost of Advertising', amountDescription: 'TransactionTotalAmount', orderKnown: null })).toBe('fees');
  });

  it('cuts into entries of at most maxLines lines, each balanced by its clearing line; the clearing lines add up to zero', () => {
    const many = new Map<string, bigint>(Array.from({ length: 450 }, (_, i) => [`order:${String(i).padStart(4, '0')}`, -100n]));
    many.set(DEPOSIT_KEY, 45000n);
    const entries = chunk(many, 200);
    expect(entries.map((e) => e.amounts.size + 1)).toEqual([200, 200, 54]);
    for (const e of entries) expect([...e.amounts.values()].reduce((a, v) => a + v, e.clearingMinor)).toBe(0n);
    expect(entries.reduce((a, e) => a + e.clearingMinor, 0n)).toBe(0n);
    expect([...entries.at(-1)!.amounts.keys()].at(-1)).toBe(DEPOSIT_KEY);
    expect(chunk(many, 200)).toEqual(entries);
  });

  it('a changed settlement posts only the difference; the same one nothing', () => {
    const first = amountsByKey(rows, total, {});
    const posted = postedSum(chunk(first, 4).map((e) => Object.fromEntries([...e.amounts].map(([k, v]) => [k, v.toString()]))));
    expect(difference(first, posted).size).toBe(0);
    const more = [...rows, row('B', 'ItemPrice', 'Shipping', 495n)];
    const d = difference(amountsByKey(more, total + 495n, {}), posted);
    expect(d).toEqual(new Map([['order:B', -495n], [DEPOSIT_KEY, 495n]]));
  });
});
