/**
 * One package's label through Merchant Fulfillment v0, for marketplaces Shipping v2 does not serve (the lock of the
 * delivery held by the caller). v0 has no idempotency key, so exactly once rests on the row:
 * - `rating`: getEligibleShipmentServices, the backend's rule (`choose-rate.ts`, v0's services seen as rates), the
 *   choice and the createShipment request stored (`buying`);
 * - `buying`: the order's packages read (getOrder PACKAGES), then `purchase_sent_at` and those packages written
 *   BEFORE createShipment is sent; the answer stored the moment it comes (`bought`) and the mark cleared;
 * - a row found with the mark set (a timeout, a 5xx, a killed worker): the outcome is unknown. v0 reads a
 *   shipment only by its id, which was in the lost answer; what Amazon does show is the order: a label bought
 *   through Buy Shipping ships the order with a package. After `mfnReadBackAfterSeconds` the order is read back:
 *   a package that was not there before is the lost label -> conflict `LABEL_OUTCOME_UNKNOWN` (never a second
 *   purchase; its retry reads back again, and buys only once that package is gone, voided in Seller Central); no
 *   new package -> nothing was bought, the mark cleared and the label rated and bought again.
 */
import { PermanentError, RetryableError, type ErrorCode } from '../../core/errors.ts';
import type { MfnShippingService, MfnRejected } from '../../amazon/merchant-fulfillment-v0.ts';
import type { IneligibleRate, Rate } from '../../amazon/shipping-api.ts';
import { orderDocuments } from '../orders/index.ts';
import type { BuyContext, BuyOutcome } from './buy-label.ts';
import { chooseRate } from './choose-rate.ts';
import type { LabelDelivery } from './label-delivery.ts';
import { markBought, markBuying, markRating, type LabelRow } from './label-store.ts';
import { mfnDetailsOf } from './mfn-request.ts';
import type { PackageSpec } from './package-of.ts';
import { clearSent, markSent, mfnColumns, storeMfnRequest } from './mfn-store.ts';

type Conflict = (ctx: BuyContext, d: LabelDelivery, row: LabelRow, code: ErrorCode, message: string, detail: Record<string, unknown>) => Promise<BuyOutcome>;

/** v0's service as the rule's rate: the carrier's ship date ends the pickup, the latest estimate ends the delivery. */
export function rateOfService(s: MfnShippingService): Rate {
  return { rateId: s.ShippingServiceOfferId, carrierId: s.CarrierName, carrierName: s.CarrierName, serviceId: s.ShippingServiceId, serviceName: s.ShippingServiceName,
    totalCharge: { value: s.Rate.Amount, unit: s.Rate.CurrencyCode },
    promise: { pickupWindow: { end: s.ShipDate }, ...(s.LatestEstimatedDeliveryDate ? { deliveryWindow: { ...(s.EarliestEstimatedDeliveryDate ? { start: s.EarliestEstimatedDeliveryDate } : {}), end: s.LatestEstimatedDeliveryDate } } : {}) },
    supportedDocumentSpecifications: [], requiresAdditionalInputs: s.RequiresAdditionalSellerInputs };
}

export function ineligibleOf(list: MfnRejected[]): IneligibleRate[] {
  const by = new Map<string, IneligibleRate>();
  for (const r of list) {
    const i = by.get(r.ShippingServiceId) ?? { serviceId: r.ShippingServiceId, serviceName: r.ShippingServiceName, carrierName: r.CarrierName, carrierId: r.CarrierName, ineligibilityReasons: [] };
    i.ineligibilityReasons.push({ code: r.RejectionReasonCode, message: r.RejectionReasonMessage ?? r.RejectionReasonCode });
    by.set(r.ShippingServiceId, i);
  }
  return [...by.values()];
}

const refusal = (e: unknown) => e instanceof PermanentError && e.code === 'AMAZON_INVALID_REQUEST';

/** Advances the v0 attempt until bought (null: the caller finishes the ERP side) or a conflict. */
export async function buyMfn(ctx: BuyContext, d: LabelDelivery, pkg: PackageSpec, row: LabelRow, conflict: Conflict, rerates = 1): Promise<BuyOutcome | null> {
  const { env, rt, settings: s } = ctx;
  const db = env.db.pool;
  const backendId = rt.backend.id;
  const key = row.idempotencyKey;
  if (row.state === 'bought') return null;
  const cols = await mfnColumns(db, backendId, key);
  let state = row.state;
  if (cols.purchaseSentAt || (state === 'refused' && row.code === 'LABEL_OUTCOME_UNKNOWN')) {
    const lost = await readBack(ctx, d, cols.purchaseSentAt, cols.packagesBefore ?? []);
    if (lost) {
      return conflict(ctx, d, row, 'LABEL_OUTCOME_UNKNOWN', `order ${d.amazonOrderId}: a Merchant Fulfillment label was bought (tracking ${lost.tracking ?? 'unknown'}, ${lost.carrier ?? 'carrier unknown'}) but its answer was lost; `
        + 'void it in Seller Central, then retry (or use it there): nothing is bought again while it stands', { packageReferenceId: lost.id, trackingId: lost.tracking, carrier: lost.carrier });
    }
    // Nothing was bought with this attempt: rated and bought again (the offer may have expired meanwhile).
    await clearSent(db, backendId, key);
    await markRating(db, backendId, key);
    state = 'rating';
  }
  if (state === 'refused') {
    await markRating(db, backendId, key);
    state = 'rating';
  }
  if (state === 'rating') {
    if (!s.shipFrom) return conflict(ctx, d, row, 'LABEL_SHIP_FROM_MISSING', 'the backend has no ship-from address (labels.shipFrom)', {});
    const order = (await orderDocuments(env.core.documents).getMany(backendId, [d.amazonOrderId])).found.get(d.amazonOrderId)?.order;
    if (!order) throw new RetryableError('LABEL_REFUSED', `Amazon order ${d.amazonOrderId} is not stored`, {});
    const built = mfnDetailsOf(s.shipFrom, d, pkg, order);
    if (!built.ok) return conflict(ctx, d, row, built.why.includes('labels.shipFrom') ? 'LABEL_SHIP_FROM_MISSING' : 'LABEL_REFUSED', built.why, {});
    let eligible;
    try {
      eligible = await rt.amazon.merchantFulfillment.getEligibleShipmentServices(built.details);
    } catch (e) {
      if (!refusal(e)) throw e;
      const err = e as PermanentError;
      const amazonCode = String(err.details.amazonCode ?? '');
      return conflict(ctx, d, row, amazonCode === 'InvalidAddress' ? 'LABEL_ADDRESS_INVALID' : 'LABEL_REFUSED',
        `Amazon refused the eligible services of order ${d.amazonOrderId}: ${String(err.details.amazonMessage ?? amazonCode)}`, { amazonCode });
    }
    const choice = chooseRate(eligible.ShippingServiceList.map(rateOfService), ineligibleOf(eligible.RejectedShippingServiceList ?? []), d.windows, s);
    if (!choice.ok) return conflict(ctx, d, row, choice.code, `order ${d.amazonOrderId}: ${choice.message}`, choice.detail);
    const r = choice.rate;
    await storeMfnRequest(db, backendId, key, { details: built.details, shippingServiceId: r.serviceId, shippingServiceOfferId: r.rateId });
    await markBuying(db, backendId, key, { requestToken: r.rateId, rateId: r.rateId, carrierId: r.carrierId, carrierName: r.carrierName,
      serviceId: r.serviceId, serviceName: r.serviceName, chargeMinor: choice.chargeMinor, currency: r.totalCharge.unit, weightGrams: pkg.weightGrams });
  }
  const req = (await mfnColumns(db, backendId, key)).mfnRequest!;
  // The order as it is before the purchase: after an unknown outcome, a package not in this list is the lost label.
  const before = await rt.amazon.shipments.orderPackages(d.amazonOrderId);
  await ctx.ensureHeld();
  await markSent(db, backendId, key, before.packages.map((p) => p.packageReferenceId));
  let bought;
  try {
    bought = await rt.amazon.merchantFulfillment.createShipment({ details: req.details, shippingServiceId: req.shippingServiceId, shippingServiceOfferId: req.shippingServiceOfferId });
  } catch (e) {
    if (e instanceof RetryableError && e.details.untouched === true) {
      await clearSent(db, backendId, key); // Amazon certainly did nothing (a 429): the same request may go again
      throw e;
    }
    if (!refusal(e)) throw e; // unknown outcome: the mark stays, the next run reads the order back
    await clearSent(db, backendId, key);
    const err = e as PermanentError;
    const said = String(err.details.amazonMessage ?? err.details.amazonCode ?? '');
    if (/expired|not an offer/i.test(said) && rerates > 0) {
      await markRating(db, backendId, key);
      return buyMfn(ctx, d, pkg, { ...row, state: 'rating' }, conflict, rerates - 1);
    }
    return conflict(ctx, d, row, 'LABEL_REFUSED', `Amazon refused the label of order ${d.amazonOrderId}: ${said}`, { amazonCode: err.details.amazonCode });
  }
  if (!bought.trackingId || !bought.label) throw new PermanentError('AMAZON_BAD_PAYLOAD', `createShipment answered shipment ${bought.shipmentId} without a tracking id or label`, {});
  await markBought(db, env.core.keyring, backendId, key, { shipmentId: bought.shipmentId, trackingId: bought.trackingId, pdf: bought.label.bytes, zpl: null });
  await clearSent(db, backendId, key);
  await env.core.binder.bind(backendId, { kind: 'shipping_label', amazonKey: bought.shipmentId, erpModel: 'stock.picking', erpId: d.picking.id });
  return null;
}

/** The order read back after an unknown outcome: the package that was not there before the purchase, if any. */
async function readBack(ctx: BuyContext, d: LabelDelivery, sentAt: Date | null, before: string[]): Promise<{ id: string; tracking: string | null; carrier: string | null } | null> {
  const waitMs = ctx.settings.mfnReadBackAfterSeconds * 1000 - (sentAt ? Date.now() - sentAt.getTime() : Number.POSITIVE_INFINITY);
  if (waitMs > 0) {
    const e = new RetryableError('LABEL_OUTCOME_UNKNOWN', `the label purchase of order ${d.amazonOrderId} has an unknown outcome: the order is read back in ${Math.ceil(waitMs / 1000)} s`, {});
    e.retryAfterMs = waitMs;
    throw e;
  }
  const now = await ctx.rt.amazon.shipments.orderPackages(d.amazonOrderId);
  const known = new Set(before);
  // Another delivery of the same order may have got its label meanwhile (its own lock): its tracking is ours, not lost.
  const ours = new Set((await ctx.env.db.pool.query<{ t: string }>(`select tracking_id as t from shipping_label where backend_id = $1 and amazon_order_id = $2 and tracking_id is not null`,
    [ctx.rt.backend.id, d.amazonOrderId])).rows.map((r) => r.t));
  const p = now.packages.find((x) => !known.has(x.packageReferenceId) && !(x.trackingNumber && ours.has(x.trackingNumber)));
  return p ? { id: p.packageReferenceId, tracking: p.trackingNumber ?? null, carrier: p.carrier ?? null } : null;
}
