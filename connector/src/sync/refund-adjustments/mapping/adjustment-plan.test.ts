import { describe, expect, it } from 'vitest';
import { planAdjustment, type PlanInput } from './adjustment-plan.ts';

const line = (id: number, productId: number, sku: string | null, quantity: number, subtotal: number, total: number) => ({ id, productId, sku, quantity, subtotal, total });
const input = (lines: PlanInput['creditNote']['lines'], amountTotal: number): PlanInput => ({
  creditNote: { id: 7, moveType: 'out_refund', state: 'posted', ref: 'AMAZON:CustomerReturn', reversedEntryId: 3, currency: 'EUR', amountTotal, lines },
  adjustmentId: 'CN7', reason: 'CustomerReturn', amazonOrderId: '302-1234567-1234567', currency: 'EUR',
  items: [{ orderItemId: 'A', sku: 'MUG', sold: 2 }, { orderItemId: 'B', sku: 'CUP', sold: 1 }],
  serviceProducts: new Map([[90, 'shipping'], [91, 'promotion']]),
});

describe('a marked credit note as a payment adjustment', () => {
  it('one item per SKU with its units, Principal and Tax; shipping on the first item, a promotion lowering it', () => {
    const plan = planAdjustment(input([line(1, 10, 'MUG', 2, 20.0, 23.8), line(2, 90, null, 1, 4.2, 5.0), line(3, 91, null, 1, -1.0, -1.19)], 27.61));
    expect(plan).toMatchObject({ ok: true, totalMinor: 2761n });
    if (!plan.ok) return;
    expect(plan.body.items).toEqual([{ orderItemId: 'A', merchantAdjustmentItemId: 'CN7-1', reason: 'CustomerReturn', quantity: 2,
      components: [{ type: 'Principal', amount: '19.00' }, { type: 'Tax', amount: '3.61' }, { type: 'Shipping', amount: '4.20' }, { type: 'ShippingTax', amount: '0.80' }] }]);
    expect(plan.items).toEqual([{ orderItemId: 'A', merchantAdjustmentItemId: 'CN7-1', sku: 'MUG', quantity: 2, amountMinor: '2761' }]);
  });
  it('an order-wide promotion larger than the first item is taken from the largest items first', () => {
    const plan = planAdjustment(input([line(1, 10, 'MUG', 1, 2.0, 2.0), line(2, 12, 'CUP', 1, 10.0, 10.0), line(3, 91, null, 1, -3.0, -3.0)], 9.0));
    expect(plan.ok && plan.items.map((i) => [i.sku, i.amountMinor])).toEqual([['MUG', '200'], ['CUP', '700']]);
  });
  it('refuses what Amazon could not take: a SKU on no item, more units than sold, a total that does not add up', () => {
    expect(planAdjustment(input([line(1, 11, 'PLATE', 1, 5, 5)], 5))).toMatchObject({ ok: false, problems: ['SKU PLATE is on 0 items of Amazon order 302-1234567-1234567'] });
    expect(planAdjustment(input([line(1, 12, 'CUP', 2, 5, 5)], 5))).toMatchObject({ ok: false, problems: ['SKU CUP: 2 units credited, 1 sold on Amazon'] });
    expect(planAdjustment(input([line(1, 12, 'CUP', 1, 5, 5)], 6))).toMatchObject({ ok: false, problems: ['the lines add up to 5.00, the credit note totals 6.00'] });
  });
  it('an item whose VAT Amazon withheld: its share on top of the net credit note, inside the gross Principal or apart as Tax', () => {
    // UK deemed supplier: the invoice billed 8.67 net of the 1.73 VAT inside the buyer's 10.40.
    const uk = planAdjustment({ ...input([line(1, 10, 'MUG', 2, 8.67, 8.67)], 8.67), withheld: new Map([['A', { withheldMinor: 173n, sellerNetMinor: 867n, inTax: false }]]) });
    expect(uk).toMatchObject({ ok: true, totalMinor: 1040n, creditNoteMinor: 867n });
    expect(uk.ok && uk.body.items[0]!.components).toEqual([{ type: 'Principal', amount: '10.40' }]);
    // Half of a US item (sales tax shown apart): half the tax, as Tax.
    const us = planAdjustment({ ...input([line(1, 10, 'MUG', 1, 10.0, 10.0)], 10.0), withheld: new Map([['A', { withheldMinor: 165n, sellerNetMinor: 2000n, inTax: true }]]) });
    expect(us.ok && us.body.items[0]!.components).toEqual([{ type: 'Principal', amount: '10.00' }, { type: 'Tax', amount: '0.83' }]);
    expect(us).toMatchObject({ totalMinor: 1083n, creditNoteMinor: 1000n });
  });
});
