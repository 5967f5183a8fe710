/**
 * When an order was delivered and when Amazon's review window closes, from the stored order alone. Amazon documents
 * the Solicitations window as 5 days after the order's EarliestDeliveryDate to 30 days after its LatestDeliveryDate
 * (Orders v2026: `fulfillment.deliverByWindow`), for a SHIPPED order. A package that left after the earliest
 * delivery date cannot have arrived before it left: its ship time moves both dates. The Amazon sandbox derives its
 * window the same way (sandbox/amazon/src/care/care-window.ts); against the real Amazon this only decides when to
 * ask: Amazon's answer (the action offered or not) decides whether a request is sent.
 */
const DAY_MS = 86_400_000;
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const time = (v: unknown): number | undefined => {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

export interface DeliveryWindow {
  deliveredAt: Date;
  /** 30 days after the latest delivery date: Amazon offers no request after it. */
  windowEndsAt: Date;
}

/** The window of a stored v2026 order, or null when it is not SHIPPED or carries no delivery window. */
export function deliveryWindow(order: unknown): DeliveryWindow | null {
  const o = obj(order);
  const f = obj(o.fulfillment);
  if (f.fulfillmentStatus !== 'SHIPPED') return null;
  const w = obj(f.deliverByWindow);
  const earliest = time(w.earliestDateTime);
  if (earliest === undefined) return null;
  const packages = Array.isArray(o.packages) ? o.packages : [];
  const shipped = Math.max(0, ...packages.map((p) => time(obj(p).shipTime) ?? 0));
  const latest = Math.max(time(w.latestDateTime) ?? earliest, shipped);
  return { deliveredAt: new Date(Math.max(earliest, shipped)), windowEndsAt: new Date(latest + 30 * DAY_MS) };
}

/** When the request becomes due: `delayDays` after delivery. */
export const dueAt = (w: DeliveryWindow, delayDays: number): Date => new Date(w.deliveredAt.getTime() + delayDays * DAY_MS);

/** The seller SKUs of a stored order. */
export function orderSkus(order: unknown): string[] {
  const items = obj(order).orderItems;
  return (Array.isArray(items) ? items : []).map((i) => obj(obj(i).product).sellerSku).filter((s): s is string => typeof s === 'string');
}
