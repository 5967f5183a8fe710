import { describe, expect, it } from 'vitest';
import { mapOrder } from './order.mapper.ts';
import { context, order } from './order.fixtures.ts';
import { GIFT_MESSAGE_MAX, boundedGiftMessage } from './sale-order.mapper.ts';

const euOrder = () =>
  order('DE', [
    { id: 'A1', sku: 'MUG-CER-BLUE', qty: 2, unit: 1290, rate: 19, shipping: 490, giftWrap: 299, discount: -200 },
    { id: 'A2', sku: 'TEA-EARLGREY-100', qty: 1, unit: 850, rate: 7 },
  ]);

describe('gift messages in the ERP order', () => {
  it('a 1 MiB gift message goes into the note bounded, with a clear truncation mark', () => {
    const o = euOrder();
    const huge = 'Happy birthday! '.repeat(65_536);
    o.orderItems[1]!.fulfillment!.packing = { giftOption: { giftMessage: huge } };
    const r = mapOrder(o, context());
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const note = String(r.saleOrder.vals.note);
    expect(note.length).toBeLessThan(GIFT_MESSAGE_MAX + 300);
    expect(note).toContain(`[…truncated by the connector: ${huge.trim().length - GIFT_MESSAGE_MAX} of ${huge.trim().length} characters left out]`);
  });

  it('keeps a short message whole and never cuts a surrogate pair in two', () => {
    expect(boundedGiftMessage('Alles Gute!')).toBe('Alles Gute!');
    const emoji = '😀'.repeat(GIFT_MESSAGE_MAX + 5);
    const bounded = boundedGiftMessage(emoji);
    expect(bounded.startsWith('😀'.repeat(GIFT_MESSAGE_MAX) + ' […truncated')).toBe(true);
    expect(bounded).toContain('5 of 1005 characters left out');
  });
});
