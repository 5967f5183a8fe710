/**
 * The read-back that settles an unknown outcome (no compensation: a read): Amazon's order with its packages
 * (getOrder, FULFILLMENT + PACKAGES). Our package is the one with our package reference or, failing that, our
 * tracking number; without it, the order's status says whether sending again can still make sense.
 */
import type { OrderPackage } from '../../../amazon/models/orders-v2026.ts';
import type { CallOptions } from '../../../amazon/call.ts';
import type { BackendRuntime } from '../../frame/backend-runtime.ts';
import type { ShipmentState } from '../shipment-records.ts';

export type ReadBack =
  | { kind: 'has'; pkg: OrderPackage }
  | { kind: 'cancelled' }
  /** Shipped in full by packages that are not ours. */
  | { kind: 'shipped_by_other'; packages: number }
  | { kind: 'absent'; status: string | null };

/** What Amazon holds of the package `state` describes. */
export async function readBack(rt: BackendRuntime, state: ShipmentState, options: CallOptions = {}): Promise<ReadBack> {
  const { packageReferenceId, trackingNumber } = state.request.packageDetail;
  const o = await rt.amazon.shipments.orderPackages(state.amazonOrderId, options);
  const pkg = o.packages.find((p) => p.packageReferenceId === packageReferenceId) ?? o.packages.find((p) => p.trackingNumber === trackingNumber);
  if (pkg) return { kind: 'has', pkg };
  if (o.fulfillmentStatus === 'CANCELLED') return { kind: 'cancelled' };
  if (o.fulfillmentStatus === 'SHIPPED') return { kind: 'shipped_by_other', packages: o.packages.length };
  return { kind: 'absent', status: o.fulfillmentStatus };
}
