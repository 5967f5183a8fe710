/**
 * Step 2 (pure, no compensation: it only decides): the confirmShipment body of one delivery, or why it cannot be
 * sent. Checked here, before any package reference is spent or anything leaves: the order not cancelled, the
 * carrier mapped, the tracking number valid for it, every moved unit matched to an Amazon order item.
 */
import type { ConfirmShipmentRequest } from '../../../amazon/shipments-api.ts';
import type { ErrorCode } from '../../../core/errors.ts';
import { carrierFor, validateTracking, type CarrierOverrides } from '../carriers/index.ts';
import { packageItems } from '../mapping/package-items.mapper.ts';
import type { Delivery } from './load-deliveries.step.ts';

export interface PackageRefusal {
  code: ErrorCode;
  message: string;
  diff: Record<string, unknown>;
}

export type BuiltPackage = { ok: true; build: (packageRef: string) => ConfirmShipmentRequest } | { ok: false; refusal: PackageRefusal };

/** The package of `d` (the body for a package reference still to be drawn), or the conflict it is. */
export function buildPackage(d: Delivery, overrides: CarrierOverrides): BuiltPackage {
  const status = d.order.fulfillment?.fulfillmentStatus;
  if (status === 'CANCELLED') {
    return refuse('SHIPMENT_ORDER_CANCELLED', `Amazon order ${d.amazonOrderId} is cancelled: delivery ${d.picking.name ?? d.picking.id} was not confirmed to Amazon`, {});
  }
  const carrier = carrierFor(d.picking.carrierName, overrides);
  const tracking = d.picking.trackingRef ?? '';
  const verdict = tracking ? validateTracking(carrier.carrierCode, tracking) : { ok: false as const, reason: 'the delivery has no tracking number' };
  if (!verdict.ok) {
    return refuse('TRACKING_INVALID', `tracking number "${tracking}" of delivery ${d.picking.name ?? d.picking.id} (${carrier.carrierName}): ${verdict.reason}`, {
      carrierCode: carrier.carrierCode,
      carrierName: carrier.carrierName,
      trackingNumber: tracking,
      reason: verdict.reason,
    });
  }
  const mapped = packageItems({ moves: d.picking.moves, items: d.items, productsBySku: d.productsBySku, alreadyShipped: d.alreadyShipped });
  if (!mapped.ok) return refuse(mapped.problem.code, `delivery ${d.picking.name ?? d.picking.id}: ${mapped.problem.message}`, mapped.problem.detail);
  const marketplaceId = d.order.salesChannel.marketplaceId ?? '';
  return {
    ok: true,
    build: (packageReferenceId) => ({
      marketplaceId,
      packageDetail: {
        packageReferenceId,
        carrierCode: carrier.carrierCode,
        carrierName: carrier.carrierName,
        ...(carrier.shippingMethod ? { shippingMethod: carrier.shippingMethod } : {}),
        // As the carrier prints it, without the spaces and hyphens people type between groups.
        trackingNumber: verdict.normalized,
        shipDate: d.picking.dateDone!,
        orderItems: mapped.items,
      },
    }),
  };
}

const refuse = (code: ErrorCode, message: string, diff: Record<string, unknown>): BuiltPackage => ({ ok: false, refusal: { code, message, diff } });
