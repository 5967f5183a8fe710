import { describe, expect, it } from 'vitest';
import { order } from './order.fixtures.ts';
import { cleanedTextNote, screenOrderText } from './order-text.ts';

const euOrder = () =>
  order('DE', [
    { id: 'A1', sku: 'MUG-CER-BLUE', qty: 2, unit: 1290, rate: 19, shipping: 490, giftWrap: 299, discount: -200 },
    { id: 'A2', sku: 'TEA-EARLGREY-100', qty: 1, unit: 850, rate: 7 },
  ]);

describe('NUL and lone surrogates in an order', () => {
  it('free text a person reads is cleaned (U+FFFD) and listed; the stored order is left as it was', () => {
    const o = euOrder();
    o.orderItems[0]!.product.title = 'Tea\u0000 tin';
    o.buyer!.buyerName = 'Jana\uD800';
    o.recipient!.deliveryAddress!.addressLine1 = 'Hauptstr. 1\u0000';
    const r = screenOrderText(o);
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.replaced).toEqual(['buyer.buyerName', 'recipient.deliveryAddress.addressLine1', 'orderItems[0].product.title']);
    expect(r.order.orderItems[0]!.product.title).toBe('Tea\uFFFD tin');
    expect(r.order.buyer!.buyerName).toBe('Jana\uFFFD');
    expect(o.orderItems[0]!.product.title).toBe('Tea\u0000 tin');
    expect(cleanedTextNote(r.replaced)).toContain('orderItems[0].product.title');
  });

  it('a field that identifies something is an INVALID_TEXT problem naming the fields, never their values', () => {
    for (const set of [
      (o: ReturnType<typeof euOrder>) => (o.orderItems[0]!.product.sellerSku = 'TEA\u0000'),
      (o: ReturnType<typeof euOrder>) => (o.orderItems[0]!.orderItemId = '1\uDC00'),
      (o: ReturnType<typeof euOrder>) => (o.recipient!.deliveryAddress!.postalCode = '2\u00000'),
      (o: ReturnType<typeof euOrder>) => (o.buyer!.buyerEmail = 'a\uD800@b'),
    ]) {
      const o = euOrder();
      set(o);
      o.orderItems[0]!.product.title = 'x\u0000';
      const r = screenOrderText(o);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.problem.code).toBe('INVALID_TEXT');
      expect(r.problem.details.freeTextFields).toEqual(['orderItems[0].product.title']);
      expect(r.problem.message.includes('\u0000')).toBe(false);
      expect(r.problem.message).not.toMatch(/[\uD800-\uDFFF]/);
    }
  });

  it('leaves a clean order alone', () => {
    const o = euOrder();
    expect(screenOrderText(o)).toEqual({ ok: true, order: o, replaced: [] });
  });
});
