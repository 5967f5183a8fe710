/**
 * LISTINGS_ITEM_MFN_QUANTITY_CHANGE, read and judged (pure). The payload is checked against the shape of Amazon's
 * schema (`ListingsItemMfnQuantityChange.json`: SellerId, FulfillmentChannelCode, Sku, Quantity an integer, all
 * required). A quantity equal to what we last sent, or to what the SKU should show, is the echo of our own send
 * (or Amazon agreeing with us): ignored. Any other quantity (someone edited it in Seller Central, an order Amazon
 * took, Amazon changed it) asks for a re-check of the SKU, which judges it against a fresh figure once it settled.
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';

export const MFN_QUANTITY_NOTIFICATION = 'LISTINGS_ITEM_MFN_QUANTITY_CHANGE';

const MfnQuantityPayload = Type.Object({
  SellerId: Type.String({ minLength: 1 }),
  FulfillmentChannelCode: Type.String({ minLength: 1 }),
  Sku: Type.String({ minLength: 1 }),
  Quantity: Type.Integer(),
});
export type MfnQuantityPayload = Static<typeof MfnQuantityPayload>;
const check = Compile(MfnQuantityPayload);

/** The payload, or the problems that make it not one (never its content: a stable code goes with them). */
export function readMfnPayload(payload: unknown): { ok: true; payload: MfnQuantityPayload } | { ok: false; problems: string[] } {
  if (check.Check(payload)) return { ok: true, payload };
  return { ok: false, problems: [...check.Errors(payload)].slice(0, 5).map((e) => `${e.instancePath || '/'}: ${e.message}`) };
}

export type NotifiedDecision = 'other_channel' | 'excluded' | 'echo' | 'recheck';

/** What a notified quantity means for a SKU (`offer`: its row in the offer store, absent when none). */
export function judgeNotified(p: MfnQuantityPayload, offer: { sentQty: number | null; desiredQty: number } | null, excluded: boolean): NotifiedDecision {
  // Other channels are supply sources the seller runs elsewhere: the connector sends DEFAULT only.
  if (p.FulfillmentChannelCode !== 'DEFAULT') return 'other_channel';
  if (excluded) return 'excluded';
  if (offer && (p.Quantity === offer.sentQty || p.Quantity === offer.desiredQty)) return 'echo';
  return 'recheck';
}
