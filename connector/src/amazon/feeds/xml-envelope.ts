/**
 * The `AmazonEnvelope` of the XML feeds: Header (DocumentVersion 1.01, MerchantIdentifier = the seller id),
 * MessageType, then one Message per item with its MessageID. Built with fast-xml-parser's builder, which escapes
 * every text value (an order id or a reason with `&` or `<` cannot break the document).
 */
import { XMLBuilder } from 'fast-xml-parser';

// Attributes (`@_name` keys, e.g. an Amount's currency) are written; no other feed uses such keys.
const builder = new XMLBuilder({ format: false, suppressEmptyNode: true, processEntities: true, ignoreAttributes: false, attributeNamePrefix: '@_' });

/** The document's bytes: `messages` are the Message contents (MessageID first), in order. */
export function amazonEnvelope(sellerId: string, messageType: string, messages: ReadonlyArray<Record<string, unknown>>): Buffer {
  const xml = builder.build({
    AmazonEnvelope: {
      Header: { DocumentVersion: '1.01', MerchantIdentifier: sellerId },
      MessageType: messageType,
      Message: messages,
    },
  }) as string;
  return Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${xml}`, 'utf8');
}
