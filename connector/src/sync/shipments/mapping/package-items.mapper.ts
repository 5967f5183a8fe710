/**
 * A done delivery's moves -> the Amazon order items and quantities of its package. Pure. Each ERP product's units
 * go to the order items whose SKU maps to that product, in Amazon's item order, never beyond what an item still
 * has to ship (ordered less what earlier packages of the order took): a product no item sells, units beyond the
 * order, or a fractional quantity cannot be told to Amazon and become a conflict with the facts.
 */

/** An Amazon order item as the mapping needs it. */
export interface ItemToShip {
  orderItemId: string;
  sku: string | null;
  quantityOrdered: number;
}

export interface PackageItem {
  orderItemId: string;
  quantity: number;
}

export type PackageItemsProblem = {
  code: 'SHIPMENT_ITEM_UNMATCHED' | 'SHIPMENT_QUANTITY_EXCEEDED' | 'SHIPMENT_QUANTITY_FRACTIONAL' | 'SHIPMENT_EMPTY';
  message: string;
  detail: Record<string, unknown>;
};

export type PackageItemsResult = { ok: true; items: PackageItem[] } | { ok: false; problem: PackageItemsProblem };

export interface PackageItemsInput {
  moves: ReadonlyArray<{ productId: number; quantity: number }>;
  items: readonly ItemToShip[];
  /** ERP product ids per SKU (the backend's SKU table, else products whose internal reference is the SKU). */
  productsBySku: ReadonlyMap<string, readonly number[]>;
  /** Units per order item already in other packages of this order. */
  alreadyShipped: Readonly<Record<string, number>>;
}

/** The package's items, or the first reason it cannot be built. */
export function packageItems(input: PackageItemsInput): PackageItemsResult {
  const units = new Map<number, number>();
  for (const m of input.moves) units.set(m.productId, (units.get(m.productId) ?? 0) + m.quantity);
  const left = new Map(input.items.map((i) => [i.orderItemId, Math.max(0, i.quantityOrdered - (input.alreadyShipped[i.orderItemId] ?? 0))]));
  const out = new Map<string, number>();
  for (const [productId, qty] of units) {
    if (!Number.isInteger(qty)) {
      return fail('SHIPMENT_QUANTITY_FRACTIONAL', `the delivery moved ${qty} units of product ${productId}: Amazon takes whole units only`, { productId, quantity: qty });
    }
    const candidates = input.items.filter((i) => i.sku !== null && (input.productsBySku.get(i.sku) ?? []).includes(productId));
    if (!candidates.length) {
      return fail('SHIPMENT_ITEM_UNMATCHED', `the delivery moved product ${productId}, which no item of the Amazon order sells (check the SKU table)`, {
        productId,
        skus: input.items.map((i) => i.sku),
      });
    }
    let rest = qty;
    for (const c of candidates) {
      const take = Math.min(rest, left.get(c.orderItemId) ?? 0);
      if (take <= 0) continue;
      out.set(c.orderItemId, (out.get(c.orderItemId) ?? 0) + take);
      left.set(c.orderItemId, (left.get(c.orderItemId) ?? 0) - take);
      rest -= take;
    }
    if (rest > 0) {
      return fail('SHIPMENT_QUANTITY_EXCEEDED', `the delivery moved ${qty} units of product ${productId}, ${rest} more than the Amazon order has left to ship`, {
        productId,
        quantity: qty,
        beyond: rest,
        items: candidates.map((c) => c.orderItemId),
      });
    }
  }
  if (!out.size) return fail('SHIPMENT_EMPTY', 'the delivery moved no unit', {});
  // Amazon's item order, so the same delivery always gives the same body.
  const items = input.items.filter((i) => out.has(i.orderItemId)).map((i) => ({ orderItemId: i.orderItemId, quantity: out.get(i.orderItemId)! }));
  return { ok: true, items };
}

function fail(code: PackageItemsProblem['code'], message: string, detail: Record<string, unknown>): PackageItemsResult {
  return { ok: false, problem: { code, message, detail } };
}
