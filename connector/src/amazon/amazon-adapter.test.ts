import { afterEach, describe, expect, it } from 'vitest';
import { createAmazonAdapter } from './amazon-adapter.ts';
import { parseOrder } from './parse-order.ts';
import { FakeAmazon } from './testing/fake-amazon.ts';
import { MemoryQuotaGate } from './testing/memory-quota-gate.ts';
import { modelExamples } from './testing/reference.ts';

describe('createAmazonAdapter', () => {
  let fake: FakeAmazon | undefined;
  afterEach(async () => fake?.close());

  it('wires transport, quota gate and Orders API for one backend, end to end', async () => {
    fake = await FakeAmazon.start();
    const page = (modelExamples('searchOrders', '200') as unknown[])[0];
    fake.reply = () => ({ status: 200, headers: { 'x-amzn-RateLimit-Limit': '0.0056' }, body: page });
    const gate = new MemoryQuotaGate();
    const amazon = createAmazonAdapter({
      region: 'fe',
      credentials: { clientId: 'c', clientSecret: 's', refreshToken: 'Atzr|jp-seller' },
      endpoint: { host: '127.0.0.1', port: fake.port },
      gate,
      sellerKey: 'backend-jp',
    });
    try {
      const result = await amazon.orders.searchOrders({ createdAfter: '2024-12-25T00:00:00Z', marketplaceIds: ['A1VC38T7YXB528'] });
      expect(result.orders.map((o) => parseOrder(o).ok)).toEqual(result.orders.map(() => true));
      expect(result.orders.length).toBeGreaterThan(0);
      expect(fake.requests[0]).toMatchObject({ host: 'sellingpartnerapi-fe.amazon.com', accessToken: 'Atza|token-1' });
      expect(fake.lwaCalls[0]?.body.refresh_token).toBe('Atzr|jp-seller');
      expect(gate.calls.map((c) => [c.kind, c.sellerKey, c.operation])).toEqual([
        ['acquire', 'backend-jp', 'searchOrders'],
        ['observeRate', 'backend-jp', 'searchOrders'],
      ]);
    } finally {
      amazon.close();
    }
  });
});
