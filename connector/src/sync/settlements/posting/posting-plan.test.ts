import { describe, expect, it } from 'vitest';
import { defaultRole, destinationOf, feeType } from './posting-accounts.ts';
import { amountsByKey, BILL_KEY, billType, chunk, DEPOSIT_KEY, difference, planVersion, postedSum, vatSplit, type SettlementAmount } from './posting-plan.ts';

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

  describe('fees as vendor bills', () => {
    const fbaRows = [
      row('A', 'ItemPrice', 'Principal', 10000n), row('A', 'ItemFees', 'Commission', -1500n), row('A', 'ItemFees', 'FBAPerUnitFulfillmentFee', -310n),
      row('B', 'ItemPrice', 'Principal', 5000n), row('B', 'ItemFees', 'Commission', -750n), row('B', 'ItemFees', 'RefundCommission', -150n, true, 'Refund'),
      row(null, 'other-transaction', 'Subscription Fee', -3900n, null, 'other-transaction'),
      row(null, 'other-transaction', 'Storage Fee', -120n, null, 'other-transaction'),
      row(null, 'Cost of Advertising', 'TransactionTotalAmount', -2000n, null, 'ServiceFee'),
      row(null, 'other-transaction', 'FBA Inbound Placement Service Fee', -99n, null, 'other-transaction'),
      row(null, 'FBA Inventory Reimbursement', 'WAREHOUSE_DAMAGE', 800n, null, 'other-transaction'),
    ];
    const fbaTotal = fbaRows.reduce((a, r) => a + r.amountMinor, 0n);

    it('names the fee types: referral, FBA fulfilment, storage, subscription, advertising, refund administration, others by description', () => {
      expect(fbaRows.filter((r) => defaultRole(r) === 'fees').map(feeType)).toEqual(['Referral fees', 'FBA fulfilment fees', 'Referral fees',
        'Refund administration fees', 'Subscription fees', 'FBA storage fees', 'Advertising', 'FBA Inbound Placement Service Fee']);
    });

    it('sums the fees per type and account into one bill; the entries carry its total on the payable (bill), still balanced through clearing', () => {
      const wanted = amountsByKey(fbaRows, fbaTotal, { 'other-transaction/Subscription Fee': '623000' }, 'vendorBills');
      const plan = planVersion(difference(wanted, new Map()), 4);
      expect(plan.bill).toEqual(new Map([
        ['fee:role:fees|Referral fees', 2250n], ['fee:role:fees|FBA fulfilment fees', 310n], ['fee:role:fees|Refund administration fees', 150n],
        ['fee:code:623000|Subscription fees', 3900n], ['fee:role:fees|FBA storage fees', 120n], ['fee:role:fees|Advertising', 2000n],
        ['fee:role:fees|FBA Inbound Placement Service Fee', 99n],
      ]));
      const entryKeys = plan.entries.flatMap((e) => [...e.amounts.keys()]);
      expect(entryKeys.filter((k) => k.startsWith('fee:') || k === 'role:fees')).toEqual([]);
      expect(plan.entries.flatMap((e) => [...e.amounts]).find(([k]) => k === BILL_KEY)?.[1]).toBe(2250n + 310n + 150n + 3900n + 120n + 2000n + 99n);
      for (const e of plan.entries) expect([...e.amounts.values()].reduce((a, v) => a + v, e.clearingMinor)).toBe(0n);
      expect(plan.entries.reduce((a, e) => a + e.clearingMinor, 0n)).toBe(0n);
      expect(billType(plan.bill!)).toBe('in_invoice');
      // journal lines (the option): the same fees on the fee accounts, no bill
      const lines = planVersion(difference(amountsByKey(fbaRows, fbaTotal, {}, 'journalLines'), new Map()), 200);
      expect(lines.bill).toBeNull();
      expect(lines.entries[0]!.amounts.get('role:fees')).toBe(2250n + 310n + 150n + 3900n + 120n + 2000n + 99n);
    });

    it('a version whose fees net to a credit for the seller is an in_refund; a changed settlement bills only the difference, the same one nothing', () => {
      const wanted = amountsByKey(fbaRows, fbaTotal, {}, 'vendorBills');
      const v1 = planVersion(difference(wanted, new Map()), 200);
      const stored = (m: ReadonlyMap<string, bigint>) => Object.fromEntries([...m].map(([k, v]) => [k, v.toString()]));
      const posted = postedSum([...v1.entries.map((e) => stored(e.amounts)), stored(v1.bill!)]);
      expect(difference(wanted, posted).size).toBe(0);
      // Amazon gives back 30.00 of referral fees (a fee reversal) and charges 1.00 more storage
      const more = [...fbaRows, row(null, 'ItemFees', 'Commission', 3000n, null, 'other-transaction'), row(null, 'other-transaction', 'Storage Fee', -100n, null, 'other-transaction')];
      const v2 = planVersion(difference(amountsByKey(more, fbaTotal + 2900n, {}, 'vendorBills'), posted), 200);
      expect(v2.bill).toEqual(new Map([['fee:role:fees|Referral fees', -3000n], ['fee:role:fees|FBA storage fees', 100n]]));
      expect(billType(v2.bill!)).toBe('in_refund');
      expect(v2.entries).toHaveLength(1);
      expect(v2.entries[0]!.amounts).toEqual(new Map([[BILL_KEY, -2900n], [DEPOSIT_KEY, 2900n]]));
      expect(v2.entries[0]!.clearingMinor).toBe(0n);
    });

    it('splits VAT-inclusive fees into net and tax to the cent (half away from zero), net + tax = gross', () => {
      expect(vatSplit(1200n, 20)).toEqual({ netMinor: 1000n, taxMinor: 200n });
      expect(vatSplit(1000n, 20)).toEqual({ netMinor: 833n, taxMinor: 167n }); // 166.67 -> 167
      expect(vatSplit(-1000n, 20)).toEqual({ netMinor: -833n, taxMinor: -167n });
      expect(vatSplit(1n, 20)).toEqual({ netMinor: 1n, taxMinor: 0n });
      expect(vatSplit(3n, 20)).toEqual({ netMinor: 2n, taxMinor: 1n }); // 0.5 -> 1
      expect(vatSplit(3900n, 17)).toEqual({ netMinor: 3333n, taxMinor: 567n }); // 566.67
      expect(vatSplit(999n, 8.1)).toEqual({ netMinor: 924n, taxMinor: 75n }); // 74.85
      expect(vatSplit(12345n, 0)).toEqual({ netMinor: 12345n, taxMinor: 0n });
      for (let g = -2000n; g <= 2000n; g += 7n) {
        const { netMinor, taxMinor } = vatSplit(g, 20);
        expect(netMinor + taxMinor).toBe(g);
        expect(Math.abs(Number(taxMinor) - Number(g) / 6)).toBeLessThanOrEqual(0.5);
      }
    });
  });
});
