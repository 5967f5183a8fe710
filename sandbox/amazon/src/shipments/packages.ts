/**
 * The packages of a merchant order (Orders v2026 `OrderPackage`, includedData PACKAGES) and the units they ship:
 * one place that builds them, for `confirmShipment` and for an admin PATCH to SHIPPED.
 */
import { isoSeconds } from '../http/query-values.ts';

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

export interface PackageSpec {
  packageReferenceId: string;
  /** Carrier as Amazon shows it: the carrier code, or the carrier name when the code is `Other`. */
  carrier: string;
  shippingService?: string;
  trackingNumber: string;
  shipTimeMs: number;
  createdMs: number;
  items: { orderItemId: string; quantity: number; transparencyCodes?: string[] }[];
}

/** An `OrderPackage` in the model's fields only (no shipFromAddress: the sandbox knows no warehouse address). */
export function buildPackage(p: PackageSpec): Obj {
  return {
    packageReferenceId: p.packageReferenceId,
    createdTime: isoSeconds(p.createdMs),
    packageStatus: { status: 'SHIPPED' },
    carrier: p.carrier,
    shipTime: isoSeconds(p.shipTimeMs),
    ...(p.shippingService ? { shippingService: p.shippingService } : {}),
    trackingNumber: p.trackingNumber,
    packageItems: p.items.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity,
      ...(i.transparencyCodes?.length ? { transparencyCodes: i.transparencyCodes } : {}) })),
  };
}

/** The order's packages (an absent or malformed list reads as none). */
export function packagesOf(order: Obj): Obj[] {
  return Array.isArray(order.packages) ? order.packages.filter(isObj) : [];
}

/** Units of each item the packages already carry. */
export function unitsInPackages(order: Obj): Map<string, number> {
  const out = new Map<string, number>();
  for (const p of packagesOf(order)) {
    for (const it of Array.isArray(p.packageItems) ? p.packageItems.filter(isObj) : []) {
      const q = typeof it.quantity === 'number' ? it.quantity : 0;
      out.set(String(it.orderItemId), (out.get(String(it.orderItemId)) ?? 0) + q);
    }
  }
  return out;
}

/** The next free package reference: one past the largest numeric one so far. */
export function nextPackageReference(order: Obj): string {
  let max = 0n;
  for (const p of packagesOf(order)) {
    const ref = p.packageReferenceId;
    if (typeof ref === 'string' && /^\d+$/.test(ref) && BigInt(ref) > max) max = BigInt(ref);
  }
  return String(max + 1n);
}
