/**
 * Step 3, the irreversible write (recovers forward, no compensation): one delivery's package confirmed to Amazon
 * exactly once. The delivery's lock is held by the caller. A binding already `confirmed` ends it; one left
 * `sending` (a timeout, a crash after sending, a worker killed between Amazon's answer and the binding) is
 * settled by reading the order back before anything is sent again; otherwise the package is built, bound
 * `sending` with a fresh reference, and sent. A 400 is read back too (a resend of a package Amazon already has
 * is refused), then becomes a conflict with Amazon's message. A delivery with a Buy Shipping label is never confirmed.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { GoLive } from '../../frame/flow.ts';
import type { BackendRuntime } from '../../frame/backend-runtime.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import type { CarrierOverrides } from '../carriers/index.ts';
import { markConfirmed, markConflict, markSending, markSkipped, shipmentOf, type ShipmentBinding } from '../shipment-records.ts';
import { onPackageConfirmed } from '../package-confirmed.ts';
import { shipmentKey } from '../shipments.payloads.ts';
import { buildPackage } from './build-package.step.ts';
import type { Delivery } from './load-deliveries.step.ts';
import { readBack, type ReadBack } from './read-back.step.ts';

export interface ConfirmContext {
  env: Pick<TaskEnv, 'db' | 'core' | 'log'>;
  rt: BackendRuntime;
  goLive: GoLive | null;
  overrides: CarrierOverrides;
  /** Proves the delivery's lock is still held right before the send. */
  ensureHeld(): Promise<void>;
  signal?: AbortSignal;
}

export type ConfirmOutcome = 'confirmed' | 'already_confirmed' | 'conflict' | 'dry_run' | 'before_cutover' | 'label_bought';

/** Confirms the package of `d` (see the file's comment). Throws a RetryableError when the outcome is still open. */
export async function confirmDelivery(ctx: ConfirmContext, d: Delivery): Promise<ConfirmOutcome> {
  const { env, rt } = ctx;
  const backendId = rt.backend.id;
  const pickingId = d.picking.id;
  let sb = await shipmentOf(env, backendId, pickingId);
  if (sb?.state.status === 'confirmed') return 'already_confirmed';
  if (sb) {
    // Sent before with an unknown outcome: Amazon's word first.
    const seen = await readBack(rt, sb.state, call(ctx));
    if (seen.kind !== 'absent') return settle(ctx, pickingId, sb, seen);
    env.log.info('shipment not on Amazon after an unknown outcome: sending it again', { backendId, pickingId, amazonOrderId: sb.state.amazonOrderId });
  } else {
    // A Buy Shipping label was bought for this delivery (the labels flow's `shipping_label` binding): Amazon knows
    // the shipment and its tracking by itself; a confirmation would be a second package on the order.
    const label = await env.core.binder.toAmazon(backendId, 'shipping_label', 'stock.picking', pickingId);
    if (label) {
      // The package left all the same: its invoice is asked for as for a confirmed one (idempotent per key).
      await onPackageConfirmed(env.db.pool, { backendId, amazonOrderId: d.amazonOrderId, shipmentKey: shipmentKey(pickingId), shipDate: d.picking.dateDone! });
      await markSkipped(env, backendId, pickingId, 'label_bought', null, { amazonOrderId: d.amazonOrderId, labelShipmentId: label.amazonKey });
      return 'label_bought';
    }
    if (ctx.goLive?.cutoverAt && new Date(d.picking.dateDone!) < ctx.goLive.cutoverAt) {
      await markSkipped(env, backendId, pickingId, 'before_cutover', 'BEFORE_CUTOVER', { amazonOrderId: d.amazonOrderId });
      return 'before_cutover';
    }
    const built = buildPackage(d, ctx.overrides);
    if (!built.ok) {
      await markConflict(env, backendId, pickingId, { ...built.refusal, erpSnapshot: snapshot(d) });
      return 'conflict';
    }
    if (ctx.goLive?.dryRun) {
      await markSkipped(env, backendId, pickingId, 'dry_run', 'DRY_RUN', { amazonOrderId: d.amazonOrderId, wouldSend: built.build('0').packageDetail });
      return 'dry_run';
    }
    sb = await markSending(env, backendId, pickingId, d.amazonOrderId, built.build);
  }
  return send(ctx, pickingId, sb);
}

async function send(ctx: ConfirmContext, pickingId: number, sb: ShipmentBinding): Promise<ConfirmOutcome> {
  const { env, rt } = ctx;
  await ctx.ensureHeld();
  try {
    await rt.amazon.shipments.confirmShipment(sb.state.amazonOrderId, sb.state.request, call(ctx));
  } catch (e) {
    // Anything but Amazon's refusal leaves the binding `sending`: the retried job reads the order back first.
    if (!(e instanceof PermanentError) || e.code !== 'AMAZON_INVALID_REQUEST') throw e;
    const refused = { amazonCode: e.details.amazonCode, amazonMessage: e.details.amazonMessage, problems: e.details.problems };
    // Refused before sending (the body did not match the model): nothing to read back.
    const seen: ReadBack = e.details.status === undefined ? { kind: 'absent', status: null } : await readBack(rt, sb.state, call(ctx));
    return settle(ctx, pickingId, sb, seen, refused);
  }
  await markConfirmed(env, rt.backend.id, pickingId, sb, 'answer');
  return 'confirmed';
}

/** What Amazon holds decides: our package bound, or a conflict (the binding removed: Amazon has no package of it). */
async function settle(
  ctx: ConfirmContext,
  pickingId: number,
  sb: ShipmentBinding,
  seen: ReadBack,
  refused?: Record<string, unknown>,
): Promise<ConfirmOutcome> {
  const { env, rt } = ctx;
  const backendId = rt.backend.id;
  const orderId = sb.state.amazonOrderId;
  if (seen.kind === 'has') {
    // Found on the order: whether after an unknown outcome or behind a refused resend, Amazon has it.
    await markConfirmed(env, backendId, pickingId, sb, 'read_back');
    return 'confirmed';
  }
  const base = { unbind: sb.binding.amazonKey, diff: { amazonOrderId: orderId, packageReferenceId: sb.state.request.packageDetail.packageReferenceId, ...refused } };
  if (seen.kind === 'cancelled') {
    await markConflict(env, backendId, pickingId, { ...base, code: 'SHIPMENT_ORDER_CANCELLED', message: `Amazon order ${orderId} is cancelled: the delivery was not confirmed to Amazon` });
  } else if (seen.kind === 'shipped_by_other') {
    await markConflict(env, backendId, pickingId, { ...base, code: 'SHIPMENT_ALREADY_SHIPPED', message: `Amazon order ${orderId} is already shipped by ${seen.packages} package(s) the connector did not send` });
  } else {
    const said = typeof refused?.amazonMessage === 'string' ? refused.amazonMessage : 'no message';
    await markConflict(env, backendId, pickingId, { ...base, code: 'SHIPMENT_REFUSED', message: `Amazon refused the shipment of order ${orderId}: ${said}` });
  }
  return 'conflict';
}

const call = (ctx: ConfirmContext) => (ctx.signal ? { signal: ctx.signal } : {});

/** What a person checking the conflict needs of the delivery (no buyer data). */
const snapshot = (d: Delivery) => ({
  pickingId: d.picking.id,
  // The order the refusal concerns (account health lists refused tracking numbers by order).
  amazonOrderId: d.amazonOrderId,
  name: d.picking.name,
  carrier: d.picking.carrierName,
  trackingRef: d.picking.trackingRef,
  dateDone: d.picking.dateDone,
  moves: d.picking.moves,
});
