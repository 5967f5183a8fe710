import { describe, expect, it } from 'vitest';
import type { BackendRecord } from '../../../core/backend/index.ts';
import { routeNotification, typesFor } from './route-notification.ts';

const flows = [
  { name: 'orders', goLive: { enabledByDefault: true }, amazonNotifications: [{ type: 'ORDER_CHANGE', task: 'order-changed' }] },
  { name: 'stock', amazonNotifications: [{ type: 'FBA_INVENTORY_AVAILABILITY_CHANGES', task: 'fba-changed' }] },
];
const backend = (id: number, sellerId: string, enabled = true) => ({ id, sellerId, enabled, settings: {} }) as unknown as BackendRecord;

describe('routeNotification', () => {
  it("sends a notification to every enabled backend of its seller, to the flows that declared its type", () => {
    const backends = [backend(1, 'S1'), backend(2, 'S2'), backend(3, 'S1'), backend(4, 'S1', false)];
    expect(routeNotification(flows, backends, 'S1', 'ORDER_CHANGE')).toEqual({
      tasks: [{ task: 'orders:order-changed', backendId: 1 }, { task: 'orders:order-changed', backendId: 3 }],
    });
  });

  it('says why there is nowhere to send it: an unknown seller, or no switched-on flow wants the type', () => {
    expect(routeNotification(flows, [backend(1, 'S1')], 'S9', 'ORDER_CHANGE')).toEqual({ reason: 'UNKNOWN_SELLER' });
    // The stock flow is off by default.
    expect(routeNotification(flows, [backend(1, 'S1')], 'S1', 'FBA_INVENTORY_AVAILABILITY_CHANGES')).toEqual({ reason: 'NOT_SUBSCRIBED' });
  });

  it('subscribes a backend to the types of its switched-on flows only', () => {
    expect(typesFor(flows, backend(1, 'S1'))).toEqual(['ORDER_CHANGE']);
  });
  it('a need that is not wanted for the backend (no flow reading reports on) is not subscribed', () => {
    const core = { name: 'reports', goLive: { enabledByDefault: true }, amazonNotifications: [{ type: 'REPORT_PROCESSING_FINISHED', task: 'finished', wanted: (s: { goLive?: unknown }) => s.goLive !== undefined }] };
    expect(typesFor([...flows, core] as never, backend(1, 'S1'))).toEqual(['ORDER_CHANGE']);
    expect(typesFor([...flows, core] as never, { settings: { goLive: {} } } as never)).toEqual(['ORDER_CHANGE', 'REPORT_PROCESSING_FINISHED']);
  });
});
