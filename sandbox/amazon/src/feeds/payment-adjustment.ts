/**
 * `POST_PAYMENT_ADJUSTMENT_DATA` (XML, MessageType OrderAdjustment): a seller's refund of (part of) a shipped order,
 * all or nothing per message. Read as OrderAdjustment.xsd has it (AmazonOrderID, ActionType, AdjustedItem with
 * AmazonOrderItemCode, MerchantAdjustmentItemID, AdjustmentReason, ItemPriceAdjustments/Component{Type, Amount
 * currency=}, Quantity) and checked: the order is the seller's and merchant-fulfilled, each item is the order's and
 * shipped, the reason and component types are the schema's, amounts are in the order's currency, each item's net is
 * a credit to the buyer and at most what is still refundable of it (its shipped units' worth less what was refunded),
 * units at most those shipped and not yet refunded, a MerchantAdjustmentItemID used once per seller. An accepted
 * message posts one Refund transaction (one REFUND_ID) in the Finances world, its items carrying the seller's
 * MerchantAdjustmentItemID, announced by TRANSACTION_UPDATE. Result codes are the sandbox's own (README).
 */
import { minorDigits } from '../generator/money.ts';
import type { Catalogue } from '../catalogue.ts';
import { moneyLines, type Parts } from '../finances/line-money.ts';
import { addRefund, refundedAmount, refundedUnits, unitsWorth, type RefundLine } from '../finances/transaction-factory.ts';
import type { TransactionStore } from '../finances/transaction-store.ts';
import type { OrderStore } from '../store/order-store.ts';
import { child, childrenOf, parseXml, textOf, toPlain, type XmlElement } from './mini-xml.ts';

export const ADJUSTMENT_REASONS = ['NoInventory', 'CustomerReturn', 'GeneralAdjustment', 'CouldNotShip', 'DifferentItem', 'Abandoned',
  'CustomerCancel', 'PriceError', 'ProductOutofStock', 'CustomerAddressIncorrect', 'Exchange', 'Other', 'CarrierCreditDecision',
  'RiskAssessmentInformationNotValid', 'CarrierCoverageFailure', 'TransactionRecord', 'Undeliverable', 'RefusedDelivery'];
/** BuyerPriceComponent types of the schema, and the Finances part each lands in. */
const COMPONENT_PART: Record<string, keyof Parts> = { Principal: 'principal', Shipping: 'shipping', Tax: 'tax', ShippingTax: 'tax',
  RestockingFee: 'other', RestockingFeeTax: 'tax', GiftWrap: 'giftWrap', GiftWrapTax: 'tax', Surcharge: 'other', ReturnShipping: 'other',
  Goodwill: 'other', ExportCharge: 'other', COD: 'other', CODTax: 'tax', Other: 'other', FreeReplacementReturnShipping: 'other' };

export const ADJUSTMENT_CODES = {
  malformed: '5000', orderNotFound: '18028', unknownItem: '18032', badReason: '18034', fulfilledByAmazon: '18035',
  notShipped: '18040', aboveRefundable: '18041', badCurrency: '18042', badComponent: '18043', quantityTooHigh: '18044',
  duplicateAdjustmentId: '18045', notACredit: '18046',
} as const;

export interface AdjustmentMessage { messageId: string; el: XmlElement | undefined; raw: unknown }
export type AdjustmentOutcome = { ok: true; refundId: string } | { ok: false; code: string; description: string };

/** The messages of the document (a document that is not an OrderAdjustment envelope throws: the feed ends FATAL). */
export function xmlAdjustmentMessages(text: string): AdjustmentMessage[] {
  const root = parseXml(text);
  if (root.name !== 'AmazonEnvelope') throw new Error(`the root element is <${root.name}>, not <AmazonEnvelope>`);
  const type = textOf(root, 'MessageType');
  if (type !== 'OrderAdjustment') throw new Error(`MessageType is ${type ?? 'missing'}, not OrderAdjustment`);
  return childrenOf(root, 'Message').map((m, i) => ({ messageId: textOf(m, 'MessageID') ?? String(i + 1), el: child(m, 'OrderAdjustment'), raw: toPlain(m) }));
}

const refuse = (code: string, description: string): AdjustmentOutcome => ({ ok: false, code, description });

/** "12.90" in a 2-digit currency -> 1290; extra decimals only when they are zeros ("20.0000"). Null when unreadable. */
function minorOf(amount: string, digits: number): number | null {
  const m = /^(-)?(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!m) return null;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > digits) return null;
  const v = Number(m[2]) * 10 ** digits + (digits ? Number(frac.padEnd(digits, '0')) : 0);
  return m[1] ? -v : v;
}

/** Checks and applies one message; changes nothing when it refuses. */
export function applyAdjustment(orders: OrderStore, txs: TransactionStore, catalogue: Catalogue, sellerId: string, msg: AdjustmentMessage, nowMs: number): AdjustmentOutcome {
  const a = msg.el;
  const malformed = (why: string) => refuse(ADJUSTMENT_CODES.malformed, `The message is not a valid OrderAdjustment: ${why}.`);
  if (!/^\d+$/.test(msg.messageId)) return malformed('MessageID must be a positive integer');
  if (!a) return malformed('the message has no OrderAdjustment');
  const orderId = textOf(a, 'AmazonOrderID');
  if (!orderId) return malformed('AmazonOrderID is required');
  const action = textOf(a, 'ActionType');
  if (action !== undefined && action !== 'Refund' && action !== 'Cancel') return malformed('ActionType must be Refund or Cancel');
  const adjusted = childrenOf(a, 'AdjustedItem');
  if (!adjusted.length) return malformed('at least one AdjustedItem is required');
  const stored = orders.get(orderId);
  if (!stored || stored.sellerId !== sellerId) return refuse(ADJUSTMENT_CODES.orderNotFound, `The order id ${orderId} was not found for this merchant.`);
  if (stored.fulfilledBy === 'AMAZON') return refuse(ADJUSTMENT_CODES.fulfilledByAmazon, `Order ${orderId} is fulfilled by Amazon; adjust it in Seller Central.`);
  const lines = moneyLines(stored, catalogue);
  const used = new Set(txs.of(sellerId).flatMap((t) => t.items.flatMap((i) => (i.merchantAdjustmentItemId ? [i.merchantAdjustmentItemId] : []))));
  const refund: RefundLine[] = [];
  for (const it of adjusted) {
    const code = textOf(it, 'AmazonOrderItemCode');
    if (!code) return malformed('AmazonOrderItemCode is required in every AdjustedItem');
    const reason = textOf(it, 'AdjustmentReason');
    if (!reason || !ADJUSTMENT_REASONS.includes(reason)) return refuse(ADJUSTMENT_CODES.badReason, `The AdjustmentReason ${reason || '(empty)'} is not valid. Valid values: ${ADJUSTMENT_REASONS.join(', ')}.`);
    const itemIds = ((stored.order.orderItems as Array<{ orderItemId?: unknown }> | undefined) ?? []).map((x) => String(x.orderItemId));
    if (!itemIds.includes(code)) return refuse(ADJUSTMENT_CODES.unknownItem, `The AmazonOrderItemCode ${code} does not belong to order ${orderId}.`);
    const line = lines.find((l) => l.orderItemId === code);
    if (!line) return refuse(ADJUSTMENT_CODES.notShipped, `Item ${code} of order ${orderId} has not shipped: cancel it instead of refunding it.`);
    const merchantId = textOf(it, 'MerchantAdjustmentItemID');
    if (merchantId && (used.has(merchantId) || refund.some((r) => r.merchantAdjustmentItemId === merchantId))) {
      return refuse(ADJUSTMENT_CODES.duplicateAdjustmentId, `The MerchantAdjustmentItemID ${merchantId} was already used by this merchant.`);
    }
    const digits = minorDigits(line.currency);
    const parts: Parts = { principal: 0, shipping: 0, giftWrap: 0, other: 0, promotion: 0, tax: 0, withheld: 0 };
    const comps = childrenOf(child(it, 'ItemPriceAdjustments') ?? { name: '', children: [], text: '', attrs: {} }, 'Component');
    if (!comps.length) return malformed(`ItemPriceAdjustments of item ${code} has no Component`);
    for (const c of comps) {
      const type = textOf(c, 'Type') ?? '';
      const amountEl = child(c, 'Amount');
      if (!COMPONENT_PART[type]) return refuse(ADJUSTMENT_CODES.badComponent, `The component Type ${type || '(empty)'} of item ${code} is not valid.`);
      if (!amountEl) return malformed(`the ${type} component of item ${code} has no Amount`);
      if (amountEl.attrs.currency !== line.currency) return refuse(ADJUSTMENT_CODES.badCurrency, `The currency ${amountEl.attrs.currency ?? '(none)'} of item ${code} is not the order's currency ${line.currency}.`);
      const v = minorOf(amountEl.text.trim(), digits);
      if (v === null) return malformed(`the ${type} Amount of item ${code} is not a decimal in ${line.currency}`);
      parts[COMPONENT_PART[type]!] += v;
    }
    const net = parts.principal + parts.shipping + parts.giftWrap + parts.other + parts.tax;
    if (net <= 0) return refuse(ADJUSTMENT_CODES.notACredit, `The adjustment of item ${code} does not credit the buyer (net ${net} minor units).`);
    const earlier = refund.filter((r) => r.line.orderItemId === code);
    const left = unitsWorth(line, line.shipped) - refundedAmount(txs, stored, code) - earlier.reduce((s, r) => s + r.amount, 0);
    if (net > left) return refuse(ADJUSTMENT_CODES.aboveRefundable, `The adjustment of item ${code} (${net} minor units) is more than the ${Math.max(0, left)} still refundable.`);
    const q = textOf(it, 'Quantity');
    if (q !== undefined && !/^[1-9]\d*$/.test(q)) return malformed(`Quantity of item ${code} must be a positive integer`);
    const units = q === undefined ? 0 : Number(q);
    const unitsLeft = line.shipped - refundedUnits(txs, stored, code) - earlier.reduce((s, r) => s + r.units, 0);
    if (units > unitsLeft) return refuse(ADJUSTMENT_CODES.quantityTooHigh, `Quantity ${units} of item ${code} is more than the ${unitsLeft} unit(s) shipped and not refunded.`);
    // Tax Amazon withheld on the sale comes back to Amazon in the same share of the item's worth.
    const withheld = line.parts.withheld ? -Math.round((line.parts.withheld * net) / unitsWorth(line, line.shipped)) : 0;
    refund.push({ line, units, amount: net, merchantAdjustmentItemId: merchantId,
      parts: { principal: -parts.principal, shipping: -parts.shipping, giftWrap: -parts.giftWrap, other: -parts.other, promotion: 0, tax: -parts.tax, withheld: withheld || 0 } });
  }
  const t = addRefund(txs, stored, { lines: refund, postedMs: nowMs, kind: 'refund', source: 'feed' });
  return { ok: true, refundId: t.refundId! };
}
