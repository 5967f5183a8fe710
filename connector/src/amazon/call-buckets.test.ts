// Which bucket each call takes its token from, and with which override: Amazon counts a usage plan per application
// and seller, grantless operations per application; the backend's own override travels with the call.
import { describe, expect, it } from 'vitest';
import { SpApiCaller, type SpApiOperation } from './call.ts';
import { GET_ORDER } from './orders-api.ts';
import { MemoryQuotaGate } from './testing/memory-quota-gate.ts';
import type { SpApiTransportLike } from './transport.ts';

const GET_DESTINATIONS: SpApiOperation = { name: 'getDestinations', clientOperation: 'notifications.getDestinations', version: 'v1', idempotent: true };

describe('SpApiCaller buckets', () => {
  it('takes seller operations from the seller bucket and grantless ones from the application bucket, each with its override', async () => {
    const gate = new MemoryQuotaGate();
    const sent: string[] = [];
    const transport: SpApiTransportLike = {
      send: async (r) => {
        sent.push(r.clientOperation);
        return { statusCode: 200, headers: { 'x-amzn-ratelimit-limit': '1' }, body: '{}' };
      },
      refreshToken: async () => {},
    };
    const caller = new SpApiCaller({
      transport,
      gate,
      sellerKey: 'eu:app:A:seller:S',
      applicationKey: 'eu:app:A',
      rateOverrides: { getOrder: { rate: 3, burst: 6 } },
    });
    await caller.call(GET_ORDER, { path: { orderId: '028-1234567-8901234' } });
    await caller.call(GET_DESTINATIONS);
    expect(gate.of('acquire').map((c) => [c.sellerKey, c.operation, c.override])).toEqual([
      ['eu:app:A:seller:S', 'getOrder', { rate: 3, burst: 6 }],
      ['eu:app:A', 'getDestinations', undefined],
    ]);
    expect(gate.of('observeRate').map((c) => c.sellerKey)).toEqual(['eu:app:A:seller:S', 'eu:app:A']);
    expect(sent).toEqual(['orders.getOrder', 'notifications.getDestinations']);
  });
});
