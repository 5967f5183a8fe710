/**
 * `POST_PAYMENT_ADJUSTMENT_DATA` (XML, MessageType OrderAdjustment, Amazon's `OrderAdjustment.xsd`): the seller
 * refunds (part of) a shipped order. One Message per adjustment: `AmazonOrderID`, `ActionType` Refund, then one
 * `AdjustedItem` per order item with `AmazonOrderItemCode`, the seller's own `MerchantAdjustmentItemID` (the XML form
 * carries it; the flat file does not, hence this form), `AdjustmentReason`, `ItemPriceAdjustments` (Component:
 * Type + Amount with its currency; positive amounts are given back to the buyer) and the `Quantity` refunded.
 * Its processing report is the shared XML ProcessingReport.
 */
import { Type } from 'typebox';
import type { FeedCodec } from './codec.ts';
import { amazonEnvelope } from './xml-envelope.ts';
import { parseXmlProcessingReport } from './xml-processing-report.ts';

/** `AdjustmentReason` values of OrderAdjustment.xsd (release 4.1). */
export const ADJUSTMENT_REASONS = [
  'NoInventory', 'CustomerReturn', 'GeneralAdjustment', 'CouldNotShip', 'DifferentItem', 'Abandoned', 'CustomerCancel',
  'PriceError', 'ProductOutofStock', 'CustomerAddressIncorrect', 'Exchange', 'Other', 'CarrierCreditDecision',
  'RiskAssessmentInformationNotValid', 'CarrierCoverageFailure', 'TransactionRecord', 'Undeliverable', 'RefusedDelivery',
] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

/** The buyer price components the connector sends (a subset of the schema's `BuyerPriceComponent` types). */
export const ADJUSTMENT_COMPONENTS = ['Principal', 'Tax', 'Shipping', 'ShippingTax', 'GiftWrap', 'GiftWrapTax', 'Other'] as const;

const Id = Type.String({ minLength: 1, maxLength: 100 });

/** The connector's message body: amounts as decimal strings in the currency's major unit (never floats). */
export const PaymentAdjustmentSchema = Type.Object(
  {
    amazonOrderId: Type.String({ pattern: '^[0-9]{3}-[0-9]{7}-[0-9]{7}$' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
    items: Type.Array(
      Type.Object(
        {
          orderItemId: Id,
          merchantAdjustmentItemId: Id,
          reason: Type.Union(ADJUSTMENT_REASONS.map((r) => Type.Literal(r))),
          quantity: Type.Optional(Type.Integer({ minimum: 1 })),
          components: Type.Array(
            Type.Object({ type: Type.Union(ADJUSTMENT_COMPONENTS.map((c) => Type.Literal(c))), amount: Type.String({ pattern: '^[0-9]+(\\.[0-9]{1,4})?$' }) }, { additionalProperties: false }),
            { minItems: 1 },
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
/** The body's type (written out: a union mapped from a list does not infer as literals). */
export type PaymentAdjustmentBody = {
  amazonOrderId: string;
  currency: string;
  items: Array<{
    orderItemId: string;
    merchantAdjustmentItemId: string;
    reason: AdjustmentReason;
    quantity?: number;
    components: Array<{ type: (typeof ADJUSTMENT_COMPONENTS)[number]; amount: string }>;
  }>;
};

export const paymentAdjustmentFeed: FeedCodec = {
  feedType: 'POST_PAYMENT_ADJUSTMENT_DATA',
  maxMessages: 5000,
  body: PaymentAdjustmentSchema,
  encode(messages, { sellerId }) {
    const xml = messages.map(({ ref, body }) => {
      const b = body as unknown as PaymentAdjustmentBody;
      return {
        MessageID: ref,
        OrderAdjustment: {
          AmazonOrderID: b.amazonOrderId,
          ActionType: 'Refund',
          AdjustedItem: b.items.map((i) => ({
            AmazonOrderItemCode: i.orderItemId,
            MerchantAdjustmentItemID: i.merchantAdjustmentItemId,
            AdjustmentReason: i.reason,
            ItemPriceAdjustments: { Component: i.components.map((c) => ({ Type: c.type, Amount: { '#text': c.amount, '@_currency': b.currency } })) },
            ...(i.quantity !== undefined ? { Quantity: i.quantity } : {}),
          })),
        },
      };
    });
    return { bytes: amazonEnvelope(sellerId, 'OrderAdjustment', xml), contentType: 'text/xml; charset=UTF-8' };
  },
  parseReport: parseXmlProcessingReport,
};
