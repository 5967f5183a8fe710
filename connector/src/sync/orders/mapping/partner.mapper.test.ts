import { describe, expect, it } from 'vitest';
import { context, order } from './order.fixtures.ts';
import { ProblemList } from './order-map-context.ts';
import { mapCustomer, mapDelivery } from './partner.mapper.ts';

const specs = [{ id: 'C1', sku: 'MUG-CER-BLUE', qty: 1, unit: 1290, rate: 19 }];

describe('partner mapper', () => {
  it('keys the customer by a keyed hash of the buyer e-mail: two orders, one customer, no e-mail in the key', () => {
    const ctx = context();
    const a = mapCustomer(order('DE', specs, '028-0000001-0000001'), ctx, new ProblemList());
    const b = order('DE', specs, '028-0000002-0000002');
    b.buyer!.buyerEmail = '  ABC123@marketplace.amazon.de ';
    const bb = mapCustomer(b, ctx, new ProblemList());
    expect(a.key).toMatch(/^email:[0-9a-f]{32}$/);
    expect(bb.key).toBe(a.key);
    expect(a.key).not.toContain('abc123');
    expect(a.vals).toEqual({
      name: 'Jörg Müller', is_company: false, email: 'abc123@marketplace.amazon.de', street: 'Hauptstraße 5',
      street2: 'Hinterhaus', city: 'Berlin', zip: '10115', phone: '+49 30 1234567', country_id: 57, state_id: 501,
    });
  });

  it('makes one customer per order with the per-order strategy, or when the e-mail is missing', () => {
    const perOrder = context({ customerStrategy: 'per-order' });
    expect(mapCustomer(order('DE', specs, '028-0000001-0000001'), perOrder, new ProblemList()).key).toBe('order:028-0000001-0000001');
    const noEmail = order('DE', specs, '028-0000003-0000003');
    delete noEmail.buyer!.buyerEmail;
    expect(mapCustomer(noEmail, context(), new ProblemList()).key).toBe('order:028-0000003-0000003');
  });

  it('maps a business order to a company with its VAT number and registered address', () => {
    const o = order('DE', specs);
    o.buyer!.buyerCompanyName = 'Kaffee Kontor GmbH';
    o.tax = {
      taxRegistrations: [
        { entityType: 'MARKETPLACE', taxRegistrationType: 'VAT', taxRegistrationNumber: 'DE814584193' },
        {
          entityType: 'BUYER', taxRegistrationType: 'VAT', taxRegistrationNumber: 'DE123456789', legalName: 'Kaffee Kontor GmbH',
          taxRegistrationAddress: { addressLine1: 'Speicherstadt 1', city: 'Hamburg', postalCode: '20457', countryCode: 'DE' },
        },
      ],
    };
    const c = mapCustomer(o, context(), new ProblemList());
    expect(c.vals).toMatchObject({ name: 'Kaffee Kontor GmbH', is_company: true, vat: 'DE123456789', street: 'Speicherstadt 1', city: 'Hamburg', country_id: 57 });
  });

  it('maps the delivery address as a delivery contact reused when identical, and reports an unknown country', () => {
    const ctx = context();
    const key = 'email:x';
    const d1 = mapDelivery(order('DE', specs, '1'), key, ctx, new ProblemList());
    const d2 = mapDelivery(order('DE', specs, '2'), key, ctx, new ProblemList());
    expect(d1).toEqual({ key: d2!.key, vals: expect.objectContaining({ type: 'delivery', name: 'Jörg Müller', country_id: 57, state_id: 501 }) });
    const moved = order('DE', specs, '3');
    moved.recipient!.deliveryAddress!.addressLine1 = 'Hauptstraße 7';
    expect(mapDelivery(moved, key, ctx, new ProblemList())!.key).not.toBe(d1!.key);
    expect(mapDelivery(order('DE', specs, '4'), 'email:y', ctx, new ProblemList())!.key).not.toBe(d1!.key);

    const abroad = order('DE', specs);
    abroad.recipient!.deliveryAddress!.countryCode = 'CH';
    const problems = new ProblemList();
    mapDelivery(abroad, key, ctx, problems);
    expect(problems.items).toEqual([{ code: 'COUNTRY_UNKNOWN', message: 'Country CH is not in the ERP', details: { countryCode: 'CH' } }]);
    const none = order('DE', specs);
    delete none.recipient;
    expect(mapDelivery(none, key, ctx, new ProblemList())).toBeNull();
  });
});
