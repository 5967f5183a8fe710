/**
 * Pure: Amazon's figures of a pool against its ERP warehouse, per ERP product (several SKUs may share one) and
 * location, and what of the difference the documents do not explain (drift), with its likely cause.
 *
 * The pool's ERP Stock holds what Amazon counts as fulfillable, plus what it reserved for customer orders not
 * shipped yet (those orders are imported once shipped), plus what Amazon shipped whose ERP delivery is not done yet
 * (pending documents). Units Amazon reserves for a transfer between its warehouses or for processing come back
 * without any document, and the one-time seed counted fulfillable only: the ERP may hold them or not, so the
 * expected quantity is a band and only what lies outside it is drift. The Unsellable location holds exactly
 * Amazon's unfulfillable units. A count applied sets the nearest edge of the band (absolute).
 */

export type DriftCause =
  | 'ORDERS_NOT_YET_IMPORTED'
  | 'DAMAGED_IN_WAREHOUSE'
  | 'IN_RESEARCH'
  | 'LOST_OR_DAMAGED'
  | 'INBOUND_NOT_RECORDED'
  | 'RETURN_NOT_RECORDED'
  | 'REMOVAL_NOT_RECORDED'
  | 'UNKNOWN';

/** Causes that pass by themselves (a sweep, Amazon's search): never applied without a person, whatever the limits. */
export const TRANSIENT_CAUSES: ReadonlySet<DriftCause> = new Set(['ORDERS_NOT_YET_IMPORTED', 'IN_RESEARCH']);

/** One SKU's figures as the snapshot stored them. */
export interface SkuFigures {
  sellerSku: string;
  fulfillable: number;
  inboundWorking: number;
  inboundShipped: number;
  inboundReceiving: number;
  reservedPendingCustomerOrder: number;
  reservedPendingTransshipment: number;
  reservedFcProcessing: number;
  researching: number;
  unfulfillable: number;
  /** Amazon's lastUpdatedTime of the SKU's figures. */
  amazonUpdatedAt: Date | null;
}

/** What is known of one ERP product in the pool. */
export interface ProductInput {
  productId: number;
  skus: readonly SkuFigures[];
  erpStock: number;
  erpUnsellable: number;
  /** Units Amazon shipped (FBA orders) whose ERP delivery is not validated yet. */
  pendingShipped: number;
}

export interface CompareContext {
  /** Until when the order sweep has read Amazon's orders: a SKU changed after it may have left with unseen orders. */
  ordersReadUntil: Date | null;
}

export interface DriftLine {
  productId: number;
  location: 'stock' | 'unsellable';
  skus: string[];
  /** Amazon's own figure for the location (fulfillable, or unfulfillable). */
  amazonQty: number;
  /** The band the documents explain (equal bounds for Unsellable). */
  expectedMin: number;
  expectedMax: number;
  erpQty: number;
  /** The count that ends the drift: the nearest edge of the band. */
  targetQty: number;
  /** targetQty - erpQty: negative when the ERP holds more than Amazon accounts for. */
  difference: number;
  cause: DriftCause;
}

const sum = (skus: readonly SkuFigures[], f: (s: SkuFigures) => number): number => skus.reduce((a, s) => a + f(s), 0);

/** The drift of one product (zero, one or two lines). */
export function compareProduct(p: ProductInput, ctx: CompareContext): DriftLine[] {
  const skus = p.skus.map((s) => s.sellerSku).sort();
  const fulfillable = sum(p.skus, (s) => s.fulfillable);
  const unfulfillable = sum(p.skus, (s) => s.unfulfillable);
  const low = fulfillable + sum(p.skus, (s) => s.reservedPendingCustomerOrder) + p.pendingShipped;
  const high = low + sum(p.skus, (s) => s.reservedPendingTransshipment + s.reservedFcProcessing);
  const out: DriftLine[] = [];
  const unsellableShort = unfulfillable - p.erpUnsellable;
  const stockSurplus = p.erpStock - high;
  if (p.erpStock < low || p.erpStock > high) {
    const target = p.erpStock < low ? low : high;
    out.push({ productId: p.productId, location: 'stock', skus, amazonQty: fulfillable, expectedMin: low, expectedMax: high, erpQty: p.erpStock,
      targetQty: target, difference: target - p.erpStock, cause: p.erpStock > high ? surplusCause(p, stockSurplus, unsellableShort, ctx) : shortfallCause(p) });
  }
  if (unsellableShort !== 0) {
    out.push({ productId: p.productId, location: 'unsellable', skus, amazonQty: unfulfillable, expectedMin: unfulfillable, expectedMax: unfulfillable,
      erpQty: p.erpUnsellable, targetQty: unfulfillable, difference: unsellableShort,
      cause: !p.skus.length ? 'UNKNOWN' : unsellableShort < 0 ? 'REMOVAL_NOT_RECORDED' : stockSurplus > 0 ? 'DAMAGED_IN_WAREHOUSE' : 'RETURN_NOT_RECORDED' });
  }
  return out;
}

/** The ERP holds more sellable units than Amazon accounts for. */
function surplusCause(p: ProductInput, surplus: number, unsellableShort: number, ctx: CompareContext): DriftCause {
  if (!p.skus.length) return 'UNKNOWN';
  // Amazon moved them to unfulfillable (damaged in its warehouse): the ERP's Unsellable misses as many.
  if (unsellableShort > 0) return 'DAMAGED_IN_WAREHOUSE';
  // Changed after the sweep's horizon: FBA orders shipped that the connector has not read yet.
  const read = ctx.ordersReadUntil;
  if (!read || p.skus.some((s) => s.amazonUpdatedAt && s.amazonUpdatedAt > read)) return 'ORDERS_NOT_YET_IMPORTED';
  // Amazon is looking for them: they may come back.
  if (sum(p.skus, (s) => s.researching) >= surplus) return 'IN_RESEARCH';
  return 'LOST_OR_DAMAGED';
}

/** Amazon counts more sellable units than the ERP holds. */
function shortfallCause(p: ProductInput): DriftCause {
  // Units received from an inbound shipment whose transfer to the pool was not booked (README: manual transfers).
  if (sum(p.skus, (s) => s.inboundWorking + s.inboundShipped + s.inboundReceiving) > 0) return 'INBOUND_NOT_RECORDED';
  // A customer's return Amazon put back on sale, not recorded in the ERP.
  return 'RETURN_NOT_RECORDED';
}

/** Every product's drift, products in id order. */
export function compareStock(products: readonly ProductInput[], ctx: CompareContext): DriftLine[] {
  return [...products].sort((a, b) => a.productId - b.productId).flatMap((p) => compareProduct(p, ctx));
}

/** Whether the backend's limits let `line` be applied without a person: both limits, never a transient cause. */
export function autoApplies(line: Pick<DriftLine, 'difference' | 'erpQty' | 'cause'>, limits: { autoApplyMaxUnits: number; autoApplyMaxPercent: number }): boolean {
  if (TRANSIENT_CAUSES.has(line.cause)) return false;
  const units = Math.abs(line.difference);
  if (units === 0 || units > limits.autoApplyMaxUnits) return false;
  return line.erpQty > 0 && units * 100 <= limits.autoApplyMaxPercent * line.erpQty;
}
