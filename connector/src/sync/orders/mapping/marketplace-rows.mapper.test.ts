/** The order mapping with the Marketplaces screen's rows: the carrier map, and tax and fiscal position rows of one marketplace. */
import { describe, expect, it } from 'vitest';
import { context, order, TAX_ROWS } from './order.fixtures.ts';
import { mapOrder, type MappedOrder, type MapOrderResult } from './order.mapper.ts';
import { buildCarrierTable } from './carrier-table.ts';
import { buildTaxTable } from './tax-table.ts';

const DE = 'A1PA6795UKMFR9';
function ok(r: MapOrderResult): MappedOrder {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.problems)}`);
  return r;
}
const deOrder = (level?: string) => {
  const o = order('DE', [{ id: 'A1', sku: 'MUG-CER-BLUE', qty: 1, unit: 1290, rate: 19, shipping: 490 }]);
  o.fulfillment = { ...o.fulfillment!, fulfilledBy: 'MERCHANT', ...(level ? { fulfillmentServiceLevel: level } : {}) };
  return o;
};
const carriers = buildCarrierTable([
  { serviceLevel: 'NEXT_DAY', marketplaceId: DE, carrierId: 7 },
  { serviceLevel: 'STANDARD', carrierId: 8 },
]);

describe('mapOrder with the carrier map', () => {
  it("sets the carrier of the order's service level on a new merchant order, the most specific row winning", () => {
    expect(ok(mapOrder(deOrder('NEXT_DAY'), context({ carriers }))).saleOrder.vals.carrier_id).toBe(7);
    expect(ok(mapOrder(deOrder('STANDARD'), context({ carriers }))).saleOrder.vals.carrier_id).toBe(8);
  });

  it('sets no carrier when no row matches, when the map is absent (ERP without the field), on updates and on FBA orders', () => {
    expect(ok(mapOrder(deOrder('EXPEDITED'), context({ carriers }))).saleOrder.vals).not.toHaveProperty('carrier_id');
    expect(ok(mapOrder(deOrder('NEXT_DAY'), context())).saleOrder.vals).not.toHaveProperty('carrier_id');
    expect(ok(mapOrder(deOrder('NEXT_DAY'), context({ carriers, creating: false }))).saleOrder.vals).not.toHaveProperty('carrier_id');
    const fba = deOrder('NEXT_DAY');
    fba.fulfillment = { ...fba.fulfillment!, fulfilledBy: 'AMAZON', fulfillmentStatus: 'SHIPPED' };
    expect(ok(mapOrder(fba, context({ carriers }))).saleOrder.vals).not.toHaveProperty('carrier_id');
  });
});

describe('mapOrder with rows of one marketplace', () => {
  it("takes the marketplace's own tax row over the any-marketplace row, and leaves other marketplaces' orders alone", () => {
    const taxes = buildTaxTable([...TAX_ROWS, { regime: 'domestic', countryCode: 'DE', rate: '19', marketplaceId: DE, taxId: 191, priceIncluded: true }]);
    const r = ok(mapOrder(deOrder(), context({ taxes })));
    expect(r.lines.map((l) => l.tax?.taxId)).toEqual([191, 191]);
    const other = buildTaxTable([...TAX_ROWS, { regime: 'domestic', countryCode: 'DE', rate: '19', marketplaceId: 'A13V1IB3VIYZZH', taxId: 191, priceIncluded: true }]);
    expect(ok(mapOrder(deOrder(), context({ taxes: other }))).lines.map((l) => l.tax?.taxId)).toEqual([101, 101]);
  });

  it("takes the marketplace's own fiscal position row over the any-marketplace row", () => {
    const base = context().fiscalPositions;
    const fiscalPositions = new Map([...base, [`domestic|DE|${DE}`, 44]]);
    expect(ok(mapOrder(deOrder(), context({ fiscalPositions }))).saleOrder.vals.fiscal_position_id).toBe(44);
    expect(ok(mapOrder(deOrder(), context())).saleOrder.vals.fiscal_position_id).toBe(false);
    // A marketplace row saying "none" wins too.
    const none = new Map([...base, ['domestic|DE', 45], [`domestic|DE|${DE}`, null]]);
    expect(ok(mapOrder(deOrder(), context({ fiscalPositions: none }))).saleOrder.vals.fiscal_position_id).toBe(false);
  });
});
