import { describe, expect, it } from 'vitest';
import type { Order } from '../../amazon/models/orders-v2026.ts';
import { modelExample, order } from './mapping/order.fixtures.ts';
import { orderContentHash } from './order-content-hash.ts';

const base = () => order('DE', [
  { id: 'H1', sku: 'MUG-CER-BLUE', qty: 2, unit: 1290, rate: 19, shipping: 490 },
  { id: 'H2', sku: 'TEA-EARLGREY-100', qty: 1, unit: 850, rate: 7 },
]);

/** The same object with every key order reversed, as another JSON parser or serializer might give it. */
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)]));
  return v;
}

describe('orderContentHash', () => {
  it('is stable under key order, item order and fields the ERP does not hold', () => {
    const h = orderContentHash(base());
    expect(orderContentHash(reverseKeys(base()) as Order)).toBe(h);
    const o = base();
    o.orderItems.reverse();
    o.lastUpdatedTime = '2026-02-01T00:00:00Z';
    o.fulfillment!.fulfillmentStatus = 'SHIPPED'; // UNSHIPPED -> SHIPPED changes nothing the ERP holds
    o.packages = [{ packageReferenceId: 'P1', trackingNumber: '1Z999', packageItems: [{ orderItemId: 'H1', quantity: 2 }] }];
    o.orderItems[0]!.fulfillment = { quantityFulfilled: 1, quantityUnfulfilled: 0 };
    (o.buyer as Record<string, unknown>).someNewAmazonField = 'x';
    expect(orderContentHash(o)).toBe(h);
  });

  it('changes with a price, a quantity, the address, or a move out of PENDING', () => {
    const h = orderContentHash(base());
    const price = base();
    price.orderItems[0]!.proceeds!.breakdowns![0]!.subtotal.amount = '21.00';
    expect(orderContentHash(price)).not.toBe(h);
    const qty = base();
    qty.orderItems[1]!.quantityOrdered = 2;
    expect(orderContentHash(qty)).not.toBe(h);
    const addr = base();
    addr.recipient!.deliveryAddress!.postalCode = '10117';
    expect(orderContentHash(addr)).not.toBe(h);
    const pending = base();
    pending.fulfillment!.fulfillmentStatus = 'PENDING';
    expect(orderContentHash(pending)).not.toBe(h);
    const cancelled = base();
    cancelled.fulfillment!.fulfillmentStatus = 'CANCELLED';
    expect(orderContentHash(cancelled)).not.toBe(h);
  });

  it('changes when Amazon ships an FBA order (it waited unimported until then), not when a shipped one moves on', () => {
    const fba = (status: string) => {
      const o = base();
      o.fulfillment = { ...o.fulfillment!, fulfilledBy: 'AMAZON', fulfillmentStatus: status as never };
      return orderContentHash(o);
    };
    expect(fba('UNSHIPPED')).toBe(fba('PENDING'));
    expect(fba('SHIPPED')).not.toBe(fba('UNSHIPPED'));
    expect(fba('SHIPPED')).not.toBe(fba('PARTIALLY_SHIPPED'));
    expect(fba('SHIPPED')).toBe(fba('CANCELLED'));
  });
});

describe('orderContentHash is persisted', () => {
  it('keeps the hashes stored by earlier versions (pinned; a change would re-import every stored order)', () => {
    // Computed with the flow's own canonicalJson before it was merged into core/stable-hash.ts.
    expect(orderContentHash(base())).toBe('fab101745a76ecf5cf45e5d339444820ca7a540501d1c2d6b6e78757ef2741a0');
    expect(orderContentHash(modelExample('250-1234567-8901234'))).toBe('3041b73e2cc481ab197f68f0dc238d86ba6c4fca8334a1484acc20b579dcff0b');
  });
});
