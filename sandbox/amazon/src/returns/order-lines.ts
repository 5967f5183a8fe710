/** The shipped lines of a stored order, as a return needs them (SKU, units shipped, the line's amount). */
import { minorDigits, toMinor } from '../generator/money.ts';
import type { StoredOrder } from '../store/order-store.ts';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

export interface ShippedLine {
  orderItemId: string;
  sku: string;
  asin: string;
  title: string;
  shipped: number;
  ordered: number;
  currency: string;
  /** What the buyer paid for the line (proceedsTotal; unit price x units when prices are absent), minor units. */
  amountMinor: number;
}

/** Lines with at least one shipped unit. */
export function shippedLines(stored: StoredOrder): ShippedLine[] {
  const items = Array.isArray(stored.order.orderItems) ? (stored.order.orderItems as unknown[]).map(obj) : [];
  const lines: ShippedLine[] = [];
  for (const it of items) {
    const product = obj(it.product);
    const shipped = Number(obj(it.fulfillment).quantityFulfilled ?? 0);
    if (!(shipped > 0)) continue;
    const total = obj(obj(it.proceeds).proceedsTotal);
    const unit = obj(obj(product.price).unitPrice);
    const currency = String(total.currencyCode ?? unit.currencyCode ?? 'EUR');
    const digits = minorDigits(currency);
    const amountMinor = typeof total.amount === 'string' ? toMinor(total.amount, digits)
      : typeof unit.amount === 'string' ? toMinor(unit.amount, digits) * shipped : 0;
    lines.push({ orderItemId: String(it.orderItemId), sku: String(product.sellerSku ?? ''), asin: String(product.asin ?? ''),
      title: String(product.title ?? product.sellerSku ?? ''), shipped, ordered: Number(it.quantityOrdered ?? shipped), currency, amountMinor });
  }
  return lines;
}
