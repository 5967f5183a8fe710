/**
 * The demo's odd orders reach the Amazon sandbox over its admin API as described: the very characters (a NUL, a
 * lone surrogate), a grand total 1.00 off, no recipient, a huge gift message; each a copy of a priced merchant order.
 * What the connector makes of them is checked by test/odd-text-orders.test.ts and test/order-money-checks.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SELLERS, startAmazonSandbox, type AmazonSandbox } from '../sandbox/amazon/src/index.ts';
import { addOddOrders, oddOrderHints } from './demo-odd-orders.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw sandbox orders

describe('the demo odd orders', () => {
  let sandbox: AmazonSandbox;
  beforeAll(async () => {
    sandbox = await startAmazonSandbox({ port: 0, seed: 3, seedOrders: 0 });
  });
  afterAll(async () => sandbox?.close());

  it('adds the five odd orders through /_sandbox/orders', async () => {
    const odd = await addOddOrders(sandbox.url, DEFAULT_SELLERS[0]!.sellerId);
    expect(odd).toHaveLength(5);
    const [nul, surrogate, total, noAddress, gift] = odd.map((o) => sandbox.getOrder(o.orderId).order as Obj);
    expect(nul!.orderItems[0].product.title).toContain('\u0000');
    expect(surrogate!.orderItems[0].product.sellerSku).toMatch(/\uD800$/);
    expect(Number(total!.proceeds.grandTotal.amount) - Number(nul!.proceeds.grandTotal.amount)).toBeCloseTo(1, 2);
    expect(noAddress!.recipient).toBeUndefined();
    expect(nul!.recipient).toBeDefined();
    expect(nul!.fulfillment.fulfilledBy).toBe('MERCHANT');
    expect(gift!.orderItems[0].fulfillment.packing.giftOption.giftMessage.length).toBeGreaterThan(100_000);
    expect(new Set(odd.map((o) => o.orderId)).size).toBe(5);
    expect(oddOrderHints(odd).join('\n')).toContain(odd[0]!.orderId);
  });
});
