import { describe, expect, it } from 'vitest';
import { joinPii, splitPii } from './order-pii.ts';

const business = {
  orderId: '302-1',
  buyer: { buyerName: 'Jana Novak', buyerCompanyName: 'Kaffee Kontor GmbH' },
  recipient: { deliveryAddress: { name: 'Jana Novak', city: 'Hamburg' } },
  tax: {
    taxRegistrations: [
      { entityType: 'MARKETPLACE', taxRegistrationType: 'VAT', taxRegistrationNumber: 'DE814584193' },
      { entityType: 'BUYER', taxRegistrationType: 'VAT', taxRegistrationNumber: 'DE123456789', legalName: 'Kaffee Kontor GmbH', taxRegistrationAddress: { city: 'Hamburg' } },
    ],
    taxInvoicing: { buyerInvoicePreference: 'BUSINESS' },
  },
  orderItems: [{ orderItemId: '1' }],
};

describe('order PII split', () => {
  it("cuts the buyer's tax registrations out with the buyer and recipient, keeping the marketplace's in clear", () => {
    const { payload, pii } = splitPii(business);
    const clear = JSON.stringify(payload);
    for (const secret of ['DE123456789', 'Kaffee Kontor', 'Jana Novak', 'Hamburg']) expect(clear).not.toContain(secret);
    expect(payload.tax).toEqual({ taxRegistrations: [business.tax.taxRegistrations[0]], taxInvoicing: { buyerInvoicePreference: 'BUSINESS' } });
    expect(JSON.stringify(pii)).toContain('DE123456789');
    // Put back, the order is exactly the one fetched (same registrations in the same order).
    expect(joinPii(payload, pii)).toEqual(business);
    // Redacted (no PII any more): the marketplace's registration is all that is left.
    expect(joinPii(payload, null)).toEqual(payload);
  });

  it('seals a registration of an unknown entity type, and a malformed list whole', () => {
    const odd = { orderId: '1', tax: { taxRegistrations: [{ taxRegistrationNumber: 'GB999' }] } };
    expect(splitPii(odd).payload).toEqual({ orderId: '1', tax: {} });
    expect(joinPii(splitPii(odd).payload, splitPii(odd).pii)).toEqual(odd);
    const malformed = { orderId: '2', tax: { taxRegistrations: 'FR12345678901' } };
    expect(JSON.stringify(splitPii(malformed).payload)).not.toContain('FR123');
    expect(joinPii(splitPii(malformed).payload, splitPii(malformed).pii)).toEqual(malformed);
  });

  it('leaves an order without buyer data or personal registrations untouched, with no PII part', () => {
    const plain = { orderId: '3', tax: { taxRegistrations: [{ entityType: 'SELLER', taxRegistrationNumber: 'DE1' }] } };
    expect(splitPii(plain)).toEqual({ payload: plain, pii: null });
  });

  it('seals gift messages (they name people) and keeps the wrap level readable; the caller\'s order is not changed', () => {
    const gift = {
      orderId: '4',
      orderItems: [
        { orderItemId: '1', fulfillment: { packing: { giftOption: { giftMessage: 'Für Oma Hilde', giftWrapLevel: 'Classic' } } } },
        { orderItemId: '2' },
        { orderItemId: '3', fulfillment: { packing: { giftOption: { giftMessage: 'Love, Jan' } } } },
      ],
    };
    const before = JSON.stringify(gift);
    const { payload, pii } = splitPii(gift);
    expect(JSON.stringify(gift)).toBe(before);
    expect(JSON.stringify(payload)).not.toMatch(/Hilde|Jan/);
    expect(JSON.stringify(payload)).toContain('Classic');
    expect(pii).toEqual({ giftMessages: [[0, 'Für Oma Hilde'], [2, 'Love, Jan']] });
    expect(joinPii(payload, pii)).toEqual(gift);
    // Redacted: the messages are gone, the rest of the order stays.
    expect(joinPii(payload, null)).toEqual(payload);
  });
});
