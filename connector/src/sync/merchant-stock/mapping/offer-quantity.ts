/**
 * Pure: the merchant-fulfilled quantity one SKU should show on Amazon, and the inputs that produced it.
 *
 *   available = floor(free quantity in the chosen warehouses x allocation %)
 *   net       = available - units of Amazon orders of the product not yet reserved in the ERP (pending included)
 *   held      = fixed + ceil(max(net, 0) x percent %)           (the buffer)
 *   quantity  = min(max(net - held, 0), cap)                    (cap null: no cap)
 *
 * Decided where the issue is silent:
 * - The percentage is of what is left after the orders (`net`), rounded up, so a small stock keeps at least one
 *   unit back as soon as percent > 0; `fixed` comes on top. `cap` is not part of what is held back: it is the most
 *   units ever offered (a seller that wants to show "3 left" at most), applied last.
 * - Several SKUs on one product (conditions, bundles of one, old and new listings) each show the product's whole
 *   figure, never a split: a split leaves units unsellable on the SKU that does not sell, while the oversell risk
 *   of showing the figure twice lasts only until the next push, which comes within seconds because every sale of
 *   any of those SKUs lowers `net` for all of them (the unreserved units are counted per product, not per SKU) and
 *   a drop to zero goes by the urgent lane. The buffer is the seller's lever for that window.
 * - The allocation is floored: two backends sharing a warehouse at 50 % each never offer more than it holds.
 * - ERP quantities may be fractional (units of measure); Amazon takes whole units, so everything is floored.
 */
import type { BufferRule } from '../merchant-stock.settings.ts';

/** A SKU's buffer with every key decided (`cap` null: no cap). */
export interface ResolvedBuffer {
  fixed: number;
  percent: number;
  cap: number | null;
}

export interface OfferInputs {
  /** The product's free quantity (on hand minus reserved) summed over the chosen warehouses. */
  freeQty: number;
  /** 0 to 100. */
  allocationPercent: number;
  /** Units of Amazon orders of the product the ERP has not reserved yet. */
  unreservedUnits: number;
  buffer: ResolvedBuffer;
}

export interface OfferQuantity {
  quantity: number;
  available: number;
  net: number;
  held: number;
  /** True when the buffer (not the stock) is why the SKU shows nothing: under its buffer. */
  underBuffer: boolean;
}

/** The quantity to show, never below zero, always a whole number. */
export function offerQuantity(i: OfferInputs): OfferQuantity {
  const free = Number.isFinite(i.freeQty) ? Math.max(0, i.freeQty) : 0;
  const share = Math.min(100, Math.max(0, i.allocationPercent));
  // Integer arithmetic on hundredths: 0.1 + 0.2 must not lose a unit to floating point.
  const available = Math.floor((Math.round(free * 1000) * share) / 100_000);
  const net = available - Math.max(0, Math.ceil(i.unreservedUnits));
  const held = i.buffer.fixed + Math.ceil((Math.max(net, 0) * i.buffer.percent) / 100);
  let quantity = Math.max(0, net - held);
  if (i.buffer.cap !== null) quantity = Math.min(quantity, i.buffer.cap);
  return { quantity, available, net, held, underBuffer: quantity === 0 && net > 0 };
}

/** The buffer of a SKU: the backend's, with the keys the SKU's own rule gives replacing it. */
export function bufferOf(backend: BufferRule, sku: BufferRule | undefined): ResolvedBuffer {
  return {
    fixed: sku?.fixed ?? backend.fixed ?? 0,
    percent: sku?.percent ?? backend.percent ?? 0,
    cap: sku?.cap ?? backend.cap ?? null,
  };
}
