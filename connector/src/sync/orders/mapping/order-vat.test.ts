import { describe, expect, it } from 'vitest';
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { mapOrder, type MapOrderResult, type MappedOrder } from './order.mapper.ts';
import { context, DE_SELLER, noFiscalPositions, order, TAX_ROWS } from './order.fixtures.ts';
import { buildTaxTable, type TaxRow } from './tax-table.ts';

/** The seller's table after a set-up by regime: OSS taxes of Germany at French rates, 0 % by meaning. */
const ROWS: TaxRow[] = [
  ...TAX_ROWS,
  { regime: 'domestic', countryCode: 'DE', rate: '0', taxId: 100, priceIncluded: true },
  { regime: 'oss', countryCode: 'FR', rate: '20', taxId: 120, priceIncluded: true },
  { regime: 'any', countryCode: 'FR', rate: '20', taxId: 220, priceIncluded: true },
  { regime: 'any', countryCode: 'FR', rate: '0', taxId: 200, priceIncluded: true },
  { regime: 'intra_eu_b2b', countryCode: 'IT', rate: '0', taxId: 131, priceIncluded: true },
  { regime: 'export', countryCode: 'CH', rate: '0', taxId: 141, priceIncluded: true },
  { regime: 'any', countryCode: 'PL', rate: '23', taxId: 150, priceIncluded: true },
];
const POSITIONS = new Map<string, number | null>([
  ...noFiscalPositions(['DE', 'US', 'IT', 'FR']),
  ['oss|FR', 12],
  ['intra_eu_b2b|IT', 13],
  ['export|CH', 15],
  ['foreign_vat|PL', 14],
]);
const ctx = (over: Parameters<typeof context>[0] = {}) =>
  context({ taxes: buildTaxTable(ROWS), fiscalPositions: POSITIONS, countryIdByCode: new Map([['DE', 57], ['FR', 75], ['IT', 109], ['CH', 43], ['PL', 172], ['GB', 231], ['US', 233]]), ...over });

/** A German marketplace order of one mug shipped to `to` at `rate` % VAT. */
function sale(to: string, rate: number, edit: (o: Order) => void = () => {}): Order {
  const o = order('DE', [{ id: 'V1', sku: 'MUG-CER-BLUE', qty: 1, unit: 1190, rate, shipping: 490 }]);
  o.recipient!.deliveryAddress!.countryCode = to;
  edit(o);
  return o;
}

const business = (vat: string) => (o: Order) => {
  o.tax = { taxRegistrations: [{ entityType: 'BUYER', taxRegistrationType: 'VAT', taxRegistrationNumber: vat, legalName: 'Caffè Roma Srl' }] };
};

function ok(r: MapOrderResult): MappedOrder {
  if (!r.ok) throw new Error(`not mapped: ${JSON.stringify(r.problems)}`);
  return r;
}
const taxesOf = (r: MappedOrder) => r.lines.map((l) => l.vals.tax_ids);

describe('mapOrder: the VAT model decides the regime, the taxes and the fiscal position of each order', () => {
  it('domestic: Germany to Germany with the company\'s taxes and its explicit "no fiscal position"', () => {
    const r = ok(mapOrder(sale('DE', 19), ctx()));
    expect(r.vat).toEqual({ regime: 'domestic', taxCountry: 'DE', shipTo: 'DE', fiscalPositionId: false });
    expect(r.saleOrder.vals.fiscal_position_id).toBe(false);
    expect(taxesOf(r)).toEqual([[[6, 0, [101]]], [[6, 0, [101]]]]);
  });

  it('OSS: a B2C sale to France takes the OSS tax row and the OSS fiscal position, not the French tax of the any row', () => {
    const r = ok(mapOrder(sale('FR', 20), ctx()));
    expect(r.vat).toEqual({ regime: 'oss', taxCountry: 'DE', shipTo: 'FR', fiscalPositionId: 12 });
    expect(r.saleOrder.vals.fiscal_position_id).toBe(12);
    expect(taxesOf(r)).toEqual([[[6, 0, [120]]], [[6, 0, [120]]]]);
  });

  it('reverse charge: 0 % to an Italian business with a VAT number is the intra-EU 0 % tax', () => {
    const r = ok(mapOrder(sale('IT', 0, business('IT00743110157')), ctx()));
    expect(r.vat).toMatchObject({ regime: 'intra_eu_b2b', shipTo: 'IT', fiscalPositionId: 13 });
    expect(taxesOf(r)).toEqual([[[6, 0, [131]]], [[6, 0, [131]]]]);
  });

  it('export: 0 % to Switzerland is the export 0 % tax', () => {
    const r = ok(mapOrder(sale('CH', 0), ctx()));
    expect(r.vat).toMatchObject({ regime: 'export', shipTo: 'CH', fiscalPositionId: 15 });
    expect(taxesOf(r)).toEqual([[[6, 0, [141]]], [[6, 0, [141]]]]);
  });

  it('foreign VAT: FBA stock in Poland, where the seller is registered, sold to a Polish buyer', () => {
    const fba = (o: Order) => {
      o.fulfillment = { ...o.fulfillment!, fulfilledBy: 'AMAZON' };
    };
    const registered = { ...DE_SELLER, registrations: { PL: 'PL5260250274' } };
    const r = ok(mapOrder(sale('PL', 23, fba), ctx({ vat: registered })));
    expect(r.vat).toEqual({ regime: 'foreign_vat', taxCountry: 'PL', shipTo: 'PL', fiscalPositionId: 14 });
    expect(taxesOf(r)).toEqual([[[6, 0, [150]]], [[6, 0, [150]]]]);
    // The ship-from address of a package wins over the guess: merchant-fulfilled from Polish stock.
    const fromPl = (o: Order) => {
      o.packages = [{ packageReferenceId: 'P1', shipFromAddress: { countryCode: 'PL' } }];
    };
    expect(ok(mapOrder(sale('PL', 23, fromPl), ctx({ vat: registered }))).vat.regime).toBe('foreign_vat');
  });

  it('missing registration: VAT charged in Great Britain without a GB number is a conflict, never a guess', () => {
    const r = mapOrder(sale('GB', 20), ctx());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      {
        code: 'VAT_REGISTRATION_MISSING',
        message: expect.stringContaining('vat.registrations'),
        details: { shipFrom: 'DE', shipTo: 'GB', country: 'GB' },
      },
    ]);
  });

  it('a sales-tax marketplace bills no tax and names its fiscal position explicitly', () => {
    const us = order('US', [{ id: 'U1', sku: 'MUG-CER-BLUE', qty: 1, unit: 1290, rate: 8.875 }]);
    const r = ok(mapOrder(us, ctx()));
    expect(r.vat).toMatchObject({ regime: 'sales_tax', shipTo: 'US', fiscalPositionId: false });
    expect(taxesOf(r)).toEqual([[[6, 0, []]]]);
  });

  it('an unmappable 0 % is a TAX_UNMAPPED conflict naming regime, country and rate (a generic 0 % row is no answer)', () => {
    // Reverse charge to France: the table has only an `any|FR|0` row, which says nothing of what the 0 % means.
    const r = mapOrder(sale('FR', 0, business('FR40303265045')), ctx());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      {
        code: 'TAX_UNMAPPED',
        message: expect.stringContaining('intra_eu_b2b|FR|0'),
        details: { regime: 'intra_eu_b2b', countryCode: 'FR', taxCountry: 'DE', rate: '0', standardRate: false, orderItemId: 'V1', component: 'ITEM' },
      },
    ]);
    expect(JSON.stringify(r.problems)).not.toContain('FR40303265045');
  });

  it('a zero-rated good at home (its tax class says so) takes the domestic 0 % row', () => {
    // Tax 0.00 at home is a gross whose tax Amazon left out unless the product's class says 0 % (issue 8).
    const r = ok(mapOrder(sale('DE', 0), ctx({ taxClasses: new Map([['MUG-CER-BLUE', { class: 'zero' as const }]]) })));
    expect(r.vat.regime).toBe('domestic');
    expect(taxesOf(r)).toEqual([[[6, 0, [100]]], [[6, 0, [100]]]]);
  });

  it('a missing fiscal position row is a FISCAL_POSITION_UNMAPPED conflict asking for the set-up', () => {
    const r = mapOrder(sale('FR', 20), ctx({ fiscalPositions: noFiscalPositions(['DE']) }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      {
        code: 'FISCAL_POSITION_UNMAPPED',
        message: expect.stringContaining('run the set-up'),
        details: { regime: 'oss', countryCode: 'FR', taxCountry: 'DE', key: 'oss|FR' },
      },
    ]);
  });

  it('an unknown company country is a set-up problem, except on a sales-tax marketplace', () => {
    const none = { ...DE_SELLER, companyCountry: '', merchantShipFrom: '' };
    const r = mapOrder(sale('DE', 19), ctx({ vat: none }));
    expect(r.ok ? [] : r.problems.map((p) => p.code)).toEqual(['SETUP_INCOMPLETE']);
    expect(mapOrder(order('US', [{ id: 'U1', sku: 'MUG-CER-BLUE', qty: 1, unit: 1290, rate: 8.875 }]), ctx({ vat: none })).ok).toBe(true);
  });
});
