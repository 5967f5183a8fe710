/**
 * One delivery's labels, one per package (`package-of.ts`), each bought exactly once (the delivery's lock held by
 * the caller); the ERP side is written once every package has its label. Per package: the row of the current attempt comes
 * first (`label-store.ts`): bought already -> only the ERP side finished; `buying` -> the purchase is sent again
 * with the same idempotency key and body (Amazon answers the same shipment, no second label); else rates are asked
 * for, the rule chooses (`choose-rate.ts`), the choice is stored, and only then the purchase is sent. The answer is
 * stored and bound (`shipping_label` binding: the shipments flow sends no confirmation for this delivery) before
 * anything is written to the ERP; the ERP side (the ZPL fetched when configured, attachments, tracking, carrier) is
 * then written and looked up again on a retry, never twice.
 */
import { PermanentError, type ErrorCode } from '../../core/errors.ts';
import type { BackendRuntime } from '../frame/backend-runtime.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { chooseRate } from './choose-rate.ts';
import { ratesRequestOf } from './rates-request.ts';
import { finishErpSide, trackingRefOf } from './erp-side.ts';
import type { LabelDelivery } from './label-delivery.ts';
import { currentAttempt, markBought, markBuying, markRating, markRefused, type LabelRow } from './label-store.ts';
import { LABEL_KIND, LABELS_FLOW, labelKey } from './labels.payloads.ts';
import type { LabelsSettings } from './labels.settings.ts';
import { buyMfn } from './mfn-buy.ts';
import { transportOf } from './mfn-transport.ts';
import type { PackageSpec } from './package-of.ts';

type Env = Pick<TaskEnv, 'core' | 'db' | 'log'>;
export type BuyOutcome = { state: 'labelled'; trackingId: string; already: boolean } | { state: 'conflict'; code: ErrorCode };

export interface BuyContext {
  env: Env;
  rt: BackendRuntime;
  settings: LabelsSettings;
  batchId: string | null;
  /** Proves the delivery's lock is still held right before the purchase. */
  ensureHeld(): Promise<void>;
}

/**
 * Buys (or finishes) the labels of `d`'s packages, in package order, then writes the ERP side. A refused package
 * stops there (its conflict names it); the packages bought stay bought and its retry goes on from it.
 * Throws a RetryableError while an outcome is open.
 */
export async function buyLabel(ctx: BuyContext, d: LabelDelivery): Promise<BuyOutcome> {
  const { env, rt } = ctx;
  const backendId = rt.backend.id;
  const rows: LabelRow[] = [];
  for (const pkg of d.packages) {
    const r = await buyPackage(ctx, d, pkg);
    if ('state' in r) return r;
    rows.push(r.row);
  }
  const already = rows.every((r) => r.attachmentIds.length > 0);
  await finishErpSide(ctx, d.picking, rows);
  const trackingId = trackingRefOf(rows);
  const one = rows[0]!;
  await env.core.states.set(backendId, LABELS_FLOW, [{ key: labelKey(d.picking.id), state: 'labelled', code: null,
    detail: { amazonOrderId: d.amazonOrderId, packages: rows.length, shipmentId: one.shipmentId, shipmentIds: rows.map((r) => r.shipmentId), trackingId, carrier: one.carrierName, service: one.serviceName,
      chargeMinor: rows.reduce((n, r) => n + (r.chargeMinor ?? 0), 0), currency: one.currency } }]);
  await env.core.conflicts.resolveOpenForMany(backendId, LABEL_KIND, [labelKey(d.picking.id)], { action: 'synced', by: LABELS_FLOW });
  return { state: 'labelled', trackingId, already };
}

/** One package's label bought (or found bought): its row, or the refusal as the delivery's conflict. */
async function buyPackage(ctx: BuyContext, d: LabelDelivery, pkg: PackageSpec, rerates = 1): Promise<{ row: LabelRow } | BuyOutcome> {
  const { env, rt } = ctx;
  const backendId = rt.backend.id;
  let row = await currentAttempt(env.db.pool, backendId, d.picking.id, pkg.no, d.amazonOrderId, ctx.batchId);
  if ((await transportOf(ctx, d, row)) === 'merchantFulfillment') {
    // Marketplaces Shipping v2 does not serve: v0, exactly once without an idempotency key (mfn-buy.ts). A v0
    // label ships every unit still open on the order (its ItemList), so a delivery is one package there.
    if (d.packages.length > 1) {
      return conflict(ctx, d, row, 'LABEL_REFUSED', `order ${d.amazonOrderId}: Merchant Fulfillment v0 labels a delivery as one package here, and it has ${d.packages.length}: pack it as one`, { packages: d.packages.length });
    }
    const refused = await buyMfn(ctx, d, pkg, row, conflict);
    if (refused) return refused;
    row = await currentAttempt(env.db.pool, backendId, d.picking.id, pkg.no, d.amazonOrderId, ctx.batchId);
  }
  if (row.state === 'refused') {
    await markRating(env.db.pool, backendId, row.idempotencyKey);
    row = { ...row, state: 'rating' };
  }
  if (row.state === 'rating') {
    const refused = await rate(ctx, d, pkg, row);
    if (refused) return refused;
    row = (await currentAttempt(env.db.pool, backendId, d.picking.id, pkg.no, d.amazonOrderId, ctx.batchId));
  }
  if (row.state === 'buying') {
    const refused = await purchase(ctx, d, row);
    if (refused === 'rate-again' && rerates > 0) return buyPackage(ctx, d, pkg, rerates - 1);
    if (refused === 'rate-again') return conflict(ctx, d, row, 'LABEL_REFUSED', `Amazon's request token expired twice for order ${d.amazonOrderId}`, {});
    if (refused) return refused;
    row = (await currentAttempt(env.db.pool, backendId, d.picking.id, pkg.no, d.amazonOrderId, ctx.batchId));
  }
  return { row };
}

/** Rates for the package, the rule's choice stored (`buying`), or the refusal as a conflict. */
async function rate(ctx: BuyContext, d: LabelDelivery, pkg: PackageSpec, row: LabelRow): Promise<BuyOutcome | null> {
  const { rt, settings: s } = ctx;
  if (!s.shipFrom) return conflict(ctx, d, row, 'LABEL_SHIP_FROM_MISSING', 'the backend has no ship-from address (labels.shipFrom)', {});
  let rates;
  try {
    rates = await rt.amazon.shipping.getRates(ratesRequestOf(s.shipFrom, d, pkg));
  } catch (e) {
    if (!(e instanceof PermanentError) || e.code !== 'AMAZON_INVALID_REQUEST') throw e;
    const amazonCode = String(e.details.amazonCode ?? '');
    const code = amazonCode === 'InvalidAddress' ? 'LABEL_ADDRESS_INVALID' : 'LABEL_REFUSED';
    return conflict(ctx, d, row, code, `Amazon refused the rates of order ${d.amazonOrderId}: ${String(e.details.amazonMessage ?? amazonCode)}`, { amazonCode });
  }
  const choice = chooseRate(rates.rates, rates.ineligibleRates ?? [], d.windows, s);
  if (!choice.ok) return conflict(ctx, d, row, choice.code, `order ${d.amazonOrderId}: ${choice.message}`, choice.detail);
  const r = choice.rate;
  await markBuying(ctx.env.db.pool, rt.backend.id, row.idempotencyKey, { requestToken: rates.requestToken, rateId: r.rateId, carrierId: r.carrierId, carrierName: r.carrierName,
    serviceId: r.serviceId, serviceName: r.serviceName, chargeMinor: choice.chargeMinor, currency: r.totalCharge.unit, weightGrams: pkg.weightGrams });
  return null;
}

/** The purchase, with the row's key and stored rate: a repeat returns the same shipment. */
async function purchase(ctx: BuyContext, d: LabelDelivery, row: LabelRow): Promise<BuyOutcome | 'rate-again' | null> {
  const { env, rt } = ctx;
  const backendId = rt.backend.id;
  await ctx.ensureHeld();
  let bought;
  try {
    bought = await rt.amazon.shipping.purchaseShipment({ requestToken: row.requestToken!, rateId: row.rateId!, format: 'PDF' }, row.idempotencyKey);
  } catch (e) {
    if (!(e instanceof PermanentError) || e.code !== 'AMAZON_INVALID_REQUEST') throw e;
    if (e.details.amazonCode === 'TOKEN_EXPIRED') {
      // Nothing was bought with this key: rates again, then the purchase, in the next run.
      await markRating(env.db.pool, backendId, row.idempotencyKey);
      return 'rate-again';
    }
    return conflict(ctx, d, row, 'LABEL_REFUSED', `Amazon refused the label of order ${d.amazonOrderId}: ${String(e.details.amazonMessage ?? e.details.amazonCode)}`, { amazonCode: e.details.amazonCode });
  }
  const pkg = bought.packageDocumentDetails[0];
  const pdf = pkg?.packageDocuments.find((x) => x.type === 'LABEL' && x.format === 'PDF');
  if (!pkg?.trackingId || !pdf) throw new PermanentError('AMAZON_BAD_PAYLOAD', `purchaseShipment answered shipment ${bought.shipmentId} without a tracking id or PDF label`, {});
  await markBought(env.db.pool, env.core.keyring, backendId, row.idempotencyKey, { shipmentId: bought.shipmentId, trackingId: pkg.trackingId, pdf: Buffer.from(pdf.contents, 'base64'), zpl: null });
  // Bound at once (finishErpSide binds again: a crash between the two statements leaves no unbound label).
  await env.core.binder.bind(backendId, { kind: 'shipping_label', amazonKey: bought.shipmentId, erpModel: 'stock.picking', erpId: d.picking.id });
  return null;
}

async function conflict(ctx: BuyContext, d: LabelDelivery, row: LabelRow, code: ErrorCode, message: string, detail: Record<string, unknown>): Promise<BuyOutcome> {
  const { env, rt } = ctx;
  const backendId = rt.backend.id;
  const key = labelKey(d.picking.id);
  await markRefused(env.db.pool, backendId, row.idempotencyKey, code, message);
  const packages = d.packages.length > 1 ? { packageNo: row.packageNo, packages: d.packages.length } : {};
  await env.core.conflicts.raise({ backendId, kind: LABEL_KIND, amazonKey: key, code, message, diff: { amazonOrderId: d.amazonOrderId, pickingId: d.picking.id, picking: d.picking.name, ...packages, ...detail } });
  await env.core.states.set(backendId, LABELS_FLOW, [{ key, state: 'conflict', code, detail: { amazonOrderId: d.amazonOrderId, picking: d.picking.name } }]);
  return { state: 'conflict', code };
}
