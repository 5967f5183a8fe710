/**
 * Which parts of an Amazon order are buyer PII, and how they are cut out and put back. The buyer and the recipient
 * are whole top-level parts; the buyer's tax registrations (a business buyer's legal name, VAT number and
 * registered address) sit inside `tax.taxRegistrations` beside the marketplace's and the seller's own, which are
 * not personal and stay readable. The items' gift messages (`fulfillment.packing.giftOption.giftMessage`) name
 * people too: cut out with their item's index, the rest of the gift option (the wrap level) stays. Everything
 * cut out here is only ever stored sealed, and dropped at redaction.
 */

/** Top-level order parts that are buyer PII. */
export const PII_PARTS = ['buyer', 'recipient'] as const;

/** Registrations of these entity types are the marketplace's or the seller's, not the buyer's: they stay in clear. */
const NOT_PERSONAL = new Set(['MARKETPLACE', 'SELLER']);

/** The key under which the original `tax.taxRegistrations` is kept in the sealed part. */
const TAX_REGISTRATIONS = 'taxRegistrations';
/** The key of the items' gift messages in the sealed part: `[item index, message]` pairs (messages carry names). */
const GIFT_MESSAGES = 'giftMessages';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const personal = (r: unknown) => !isObject(r) || !NOT_PERSONAL.has(String(r.entityType ?? ''));

/** Splits an order into its PII-free payload and its PII parts (null when it has none). */
export function splitPii(order: Record<string, unknown>): { payload: Record<string, unknown>; pii: Record<string, unknown> | null } {
  const payload = { ...order };
  const pii: Record<string, unknown> = {};
  for (const part of PII_PARTS) {
    if (part in payload) {
      pii[part] = payload[part];
      delete payload[part];
    }
  }
  const tax = payload.tax;
  if (isObject(tax) && TAX_REGISTRATIONS in tax) {
    const regs = tax[TAX_REGISTRATIONS];
    // A malformed value (not a list) is sealed whole: nothing tells what it holds.
    const kept = Array.isArray(regs) ? regs.filter((r) => !personal(r)) : [];
    if (!Array.isArray(regs) || kept.length < regs.length) {
      // The original list is sealed as is, so putting it back restores the order exactly (same entries, same order).
      pii[TAX_REGISTRATIONS] = regs;
      const rest = { ...tax };
      if (kept.length) rest[TAX_REGISTRATIONS] = kept;
      else delete rest[TAX_REGISTRATIONS];
      payload.tax = rest;
    }
  }
  const gifts = cutGiftMessages(payload);
  if (gifts.length) pii[GIFT_MESSAGES] = gifts;
  return { payload, pii: Object.keys(pii).length ? pii : null };
}

/** The item's gift option object, if it has one (`orderItems[i].fulfillment.packing.giftOption`). */
const giftOptionOf = (item: unknown): Record<string, unknown> | undefined => {
  const packing = isObject(item) && isObject(item.fulfillment) ? item.fulfillment.packing : undefined;
  return isObject(packing) && isObject(packing.giftOption) ? packing.giftOption : undefined;
};

/** Copies of the item path down to the gift option, so the caller's order is never changed. */
function copiedGiftOption(items: unknown[], i: number): Record<string, unknown> {
  const item = { ...(items[i] as Record<string, unknown>) };
  const fulfillment = { ...(item.fulfillment as Record<string, unknown>) };
  const packing = { ...(fulfillment.packing as Record<string, unknown>) };
  const giftOption = { ...(packing.giftOption as Record<string, unknown>) };
  packing.giftOption = giftOption;
  fulfillment.packing = packing;
  item.fulfillment = fulfillment;
  items[i] = item;
  return giftOption;
}

/** Cuts every item's giftMessage out of `payload` (its items copied first); returns them as [index, message]. */
function cutGiftMessages(payload: Record<string, unknown>): Array<[number, unknown]> {
  if (!Array.isArray(payload.orderItems)) return [];
  const items = [...(payload.orderItems as unknown[])];
  const cut: Array<[number, unknown]> = [];
  items.forEach((item, i) => {
    const option = giftOptionOf(item);
    if (!option || !('giftMessage' in option)) return;
    const copy = copiedGiftOption(items, i);
    cut.push([i, copy.giftMessage]);
    delete copy.giftMessage;
  });
  if (cut.length) payload.orderItems = items;
  return cut;
}

/** Puts opened PII parts back into a stored payload (the inverse of splitPii). */
export function joinPii(payload: Record<string, unknown>, pii: Record<string, unknown> | null): Record<string, unknown> {
  if (!pii) return { ...payload };
  const { [TAX_REGISTRATIONS]: regs, [GIFT_MESSAGES]: gifts, ...parts } = pii;
  const order: Record<string, unknown> = { ...payload, ...parts };
  if (regs !== undefined) order.tax = { ...(isObject(payload.tax) ? payload.tax : {}), [TAX_REGISTRATIONS]: regs };
  if (Array.isArray(gifts) && Array.isArray(order.orderItems)) {
    const items = [...(order.orderItems as unknown[])];
    for (const [i, message] of gifts as Array<[number, unknown]>) {
      if (giftOptionOf(items[i])) copiedGiftOption(items, i).giftMessage = message;
    }
    order.orderItems = items;
  }
  return order;
}
