import { describe, expect, it } from 'vitest';
import { parseOrder, type OrderMalformed } from './parse-order.ts';
import { modelExamples } from './testing/reference.ts';

type RawOrder = Record<string, unknown> & { orderId: string; orderItems: Array<Record<string, unknown>> };
const searchExamples = (modelExamples('searchOrders', '200') as Array<{ orders: RawOrder[] }>).flatMap((p) => p.orders);
const getExamples = (modelExamples('getOrder', '200') as Array<{ order: RawOrder }>).map((r) => r.order);
const allExamples = [...searchExamples, ...getExamples];
const sample = () => structuredClone(searchExamples[0]!);

function problemsOf(raw: unknown): OrderMalformed {
  const parsed = parseOrder(raw);
  if (parsed.ok) throw new Error('expected the order to be rejected');
  return parsed.error;
}

describe('parseOrder', () => {
  it('accepts every sandbox example order of the official model', () => {
    expect(allExamples.length).toBeGreaterThanOrEqual(6);
    for (const raw of allExamples) {
      const parsed = parseOrder(raw);
      expect(parsed, raw.orderId).toEqual({ ok: true, order: raw });
    }
  });

  it('keeps the typed fields the mapper reads', () => {
    const parsed = parseOrder(sample());
    if (!parsed.ok) throw new Error(parsed.error.problems.join('; '));
    const item = parsed.order.orderItems[0]!;
    expect(typeof item.product.price?.unitPrice?.amount).toBe('string');
    expect(item.product.price?.unitPrice?.currencyCode).toMatch(/^[A-Z]{3}$/);
    expect(parsed.order.salesChannel.marketplaceId).toBeTruthy();
  });

  it('tolerates fields Amazon adds later', () => {
    const raw = { ...sample(), brandNewField: { anything: true } };
    expect(parseOrder(raw).ok).toBe(true);
  });

  it('names a missing required field, with the order id when it can be read', () => {
    const { orderItems: _drop, ...raw } = sample();
    const error = problemsOf(raw);
    expect(error.code).toBe('ORDER_MALFORMED');
    expect(error.orderId).toBe(searchExamples[0]!.orderId);
    expect(error.problems.join('\n')).toContain('orderItems');
  });

  it('rejects amounts that are numbers or not plain decimals, and bad currency codes', () => {
    const raw = sample();
    const price = (raw.orderItems[0]!.product as { price: { unitPrice: Record<string, unknown> } }).price.unitPrice;
    price.amount = 49.99;
    expect(problemsOf(raw).problems).toContain('/orderItems/0/product/price/unitPrice/amount: must be string');

    price.amount = '4.999e1';
    expect(problemsOf(raw).problems).toEqual(['/orderItems/0/product/price/unitPrice/amount: must be a decimal string']);

    price.amount = '49,99';
    price.currencyCode = 'eur';
    expect(problemsOf(raw).problems).toEqual([
      '/orderItems/0/product/price/unitPrice/amount: must be a decimal string',
      '/orderItems/0/product/price/unitPrice/currencyCode: must be a three-letter ISO 4217 code',
    ]);

    price.amount = '-5.00';
    price.currencyCode = 'EUR';
    expect(parseOrder(raw).ok).toBe(true);
  });

  it('rejects timestamps the sweep could not order by, and duplicate or negative items', () => {
    const raw = sample();
    raw.lastUpdatedTime = 'yesterday';
    raw.orderItems.push({ ...structuredClone(raw.orderItems[0]!), quantityOrdered: -1 });
    expect(problemsOf(raw).problems).toEqual([
      '/lastUpdatedTime: must be an ISO 8601 date-time',
      `/orderItems/${raw.orderItems.length - 1}/orderItemId: duplicate`,
      `/orderItems/${raw.orderItems.length - 1}/quantityOrdered: must not be negative`,
    ]);
  });

  it('rejects things that are not orders at all, and never quotes values (buyer data) in problems', () => {
    expect(problemsOf(null).problems).toEqual(['/: must be object']);
    expect(problemsOf('028-1234567-8901234')).toEqual({ code: 'ORDER_MALFORMED', problems: ['/: must be object'] });

    const raw = sample();
    raw.buyer = { buyerEmail: ['secret-buyer@marketplace.amazon.de'], buyerName: 'Jörg Müller' };
    const error = problemsOf(raw);
    expect(error.problems).toEqual(['/buyer/buyerEmail: must be string']);
    expect(JSON.stringify(error)).not.toContain('secret-buyer');
  });

  it('reports a bounded number of problems', () => {
    const raw = sample();
    raw.orderItems = Array.from({ length: 40 }, () => ({ ...structuredClone(raw.orderItems[0]!), quantityOrdered: -1 }));
    const { problems } = problemsOf(raw);
    expect(problems).toHaveLength(20);
    expect(problems[0]).toBe('/orderItems/0/quantityOrdered: must not be negative');
  });
});
