/**
 * `POST_ORDER_ACKNOWLEDGEMENT_DATA` (XML, MessageType OrderAcknowledgement): the seller cancels a whole order
 * (every item, no Quantity) or part of it (items with the Quantity cancelled) with StatusCode Failure and a
 * CancelReason per item. One Message per order; its processing report is the shared XML ProcessingReport.
 * Amazon's documentation caps an XML feed by size (10 MB), not by count: 5,000 orders keep far below it.
 */
import { Type, type Static } from 'typebox';
import type { FeedCodec } from './codec.ts';
import { amazonEnvelope } from './xml-envelope.ts';
import { parseXmlProcessingReport } from './xml-processing-report.ts';

export const CANCEL_REASONS = [
  'NoInventory',
  'ShippingAddressUndeliverable',
  'CustomerExchange',
  'BuyerCanceled',
  'GeneralAdjustment',
  'CarrierCreditDecision',
  'RiskAssessmentInformationNotValid',
  'CarrierCoverageFailure',
  'CustomerReturn',
  'MerchandiseNotReceived',
] as const;

const NonEmpty = Type.String({ minLength: 1, maxLength: 100 });

/** The connector's message body (contract 1 between the helpers, following Amazon's OrderAcknowledgement). */
export const OrderAcknowledgementBody = Type.Object(
  {
    amazonOrderId: Type.String({ pattern: '^[0-9]{3}-[0-9]{7}-[0-9]{7}$' }),
    merchantOrderId: Type.Optional(NonEmpty),
    items: Type.Array(
      Type.Object(
        {
          orderItemId: NonEmpty,
          cancelReason: Type.Union(CANCEL_REASONS.map((r) => Type.Literal(r))),
          quantity: Type.Optional(Type.Integer({ minimum: 1 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
  },
  { additionalProperties: false },
);
export type OrderAcknowledgementBody = Static<typeof OrderAcknowledgementBody>;

export const orderAcknowledgementFeed: FeedCodec = {
  feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA',
  maxMessages: 5000,
  body: OrderAcknowledgementBody,
  encode(messages, { sellerId }) {
    const xml = messages.map(({ ref, body }) => {
      const b = body as OrderAcknowledgementBody;
      return {
        MessageID: ref,
        OrderAcknowledgement: {
          AmazonOrderID: b.amazonOrderId,
          ...(b.merchantOrderId ? { MerchantOrderID: b.merchantOrderId } : {}),
          StatusCode: 'Failure',
          Item: b.items.map((i) => ({
            AmazonOrderItemCode: i.orderItemId,
            CancelReason: i.cancelReason,
            ...(i.quantity !== undefined ? { Quantity: i.quantity } : {}),
          })),
        },
      };
    });
    return { bytes: amazonEnvelope(sellerId, 'OrderAcknowledgement', xml), contentType: 'text/xml; charset=UTF-8' };
  },
  parseReport: parseXmlProcessingReport,
};
