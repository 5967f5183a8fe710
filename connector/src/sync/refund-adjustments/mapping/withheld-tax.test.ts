import { describe, expect, it } from 'vitest';
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { withheldTaxOf } from './withheld-tax.ts';

const FACILITATOR = { taxCollections: [{ model: 'MARKETPLACE_FACILITATOR', responsibleParty: 'Amazon EU S.a.r.l., UK Branch' }] };
const item = (orderItemId: string, paid: string, tax: Record<string, unknown> | undefined, taxShown?: string) => ({
  orderItemId, tax, proceeds: { proceedsTotal: { amount: paid, currencyCode: 'GBP' },
    breakdowns: [{ type: 'ITEM', subtotal: { amount: paid, currencyCode: 'GBP' } }, ...(taxShown ? [{ type: 'TAX', subtotal: { amount: taxShown, currencyCode: 'GBP' } }] : [])] },
});
const order = (...orderItems: unknown[]) => ({ orderId: '202-1', orderItems }) as unknown as Order;

describe('the tax Amazon withheld on an order, per item', () => {
  it('withheld items only, from the import\'s record: the seller\'s net, inside the gross or apart', () => {
    const r = withheldTaxOf(order(item('A', '10.40', FACILITATOR), item('B', '5.00', undefined), item('C', '21.65', FACILITATOR, '1.65')),
      { A: { amount: '1.73', currency: 'GBP' }, C: { amount: '1.65', currency: 'GBP' } });
    expect(r.ok && [...r.items]).toEqual([['A', { withheldMinor: 173n, sellerNetMinor: 867n, inTax: false }], ['C', { withheldMinor: 165n, sellerNetMinor: 2000n, inTax: true }]]);
  });
  it('a withheld item the import recorded nothing for: not ok (never the net sent as if nothing were withheld)', () => {
    expect(withheldTaxOf(order(item('A', '10.40', FACILITATOR)), {})).toMatchObject({ ok: false });
  });
});
