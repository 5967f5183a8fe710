/**
 * Reads an order acknowledgement feed into messages, from its XML form (`POST_ORDER_ACKNOWLEDGEMENT_DATA`:
 * `AmazonEnvelope`, `MessageType` OrderAcknowledgement, one `Message` per order) or its flat file
 * (`POST_FLAT_FILE_ORDER_ACKNOWLEDGEMENT_DATA`: tab-separated, header row `order-id`, `amazon-order-item-code`,
 * `cancellation-reason-code`; one row per item, every open unit of it). A document that cannot be read at all
 * throws (the feed ends FATAL); a message that reads but breaks the schema is kept with `malformed` set.
 */
import { childrenOf, parseXml, textOf, toPlain } from './mini-xml.ts';

export interface AckItem {
  amazonOrderItemCode?: string;
  cancelReason?: string;
  /** As written (a decimal integer string when valid). */
  quantity?: string;
}

export interface AckMessage {
  messageId: string;
  amazonOrderId?: string;
  statusCode?: string;
  items: AckItem[];
  /** Flat file row without an item code: the whole order, for this reason. */
  orderCancelReason?: string;
  /** The message as read (admin read-back). */
  raw: unknown;
  /** Why the message breaks the OrderAcknowledgement schema. */
  malformed?: string;
}

/** The XML form. */
export function xmlAckMessages(text: string): AckMessage[] {
  const root = parseXml(text);
  if (root.name !== 'AmazonEnvelope') throw new Error(`the root element is <${root.name}>, not <AmazonEnvelope>`);
  const type = textOf(root, 'MessageType');
  if (type !== 'OrderAcknowledgement') throw new Error(`MessageType is ${type ?? 'missing'}, not OrderAcknowledgement`);
  return childrenOf(root, 'Message').map((m, i): AckMessage => {
    const ack = childrenOf(m, 'OrderAcknowledgement')[0];
    const messageId = textOf(m, 'MessageID') ?? String(i + 1);
    const items = ack ? childrenOf(ack, 'Item').map((it) => ({
      amazonOrderItemCode: textOf(it, 'AmazonOrderItemCode'), cancelReason: textOf(it, 'CancelReason'), quantity: textOf(it, 'Quantity'),
    })) : [];
    const msg: AckMessage = { messageId, amazonOrderId: ack && textOf(ack, 'AmazonOrderID'), statusCode: ack && textOf(ack, 'StatusCode'),
      items, raw: toPlain(m) };
    const why = !/^\d+$/.test(messageId) ? 'MessageID must be a positive integer'
      : !ack ? 'the message has no OrderAcknowledgement'
        : !msg.amazonOrderId ? 'AmazonOrderID is required'
          : msg.statusCode !== 'Success' && msg.statusCode !== 'Failure' ? 'StatusCode must be Success or Failure'
            : items.some((it) => !it.amazonOrderItemCode) ? 'AmazonOrderItemCode is required in every Item'
              : items.some((it) => it.quantity !== undefined && !/^\d+$/.test(it.quantity)) ? 'Quantity must be a positive integer'
                : undefined;
    return why ? { ...msg, malformed: why } : msg;
  });
}

const COLUMNS = ['order-id', 'amazon-order-item-code', 'cancellation-reason-code'] as const;

/** The flat file: one message per data row (its row number is the record number of the text report). */
export function flatAckMessages(text: string): AckMessage[] {
  const rows = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.split('\t'));
  const header = (rows.shift() ?? []).map((h) => h.trim().toLowerCase());
  const missing = COLUMNS.filter((c) => c !== 'amazon-order-item-code' && !header.includes(c));
  if (missing.length) throw new Error(`the header row lacks ${missing.join(', ')}`);
  const col = (row: string[], name: string) => {
    const i = header.indexOf(name);
    const v = i < 0 ? undefined : row[i]?.trim();
    return v ? v : undefined;
  };
  const out: AckMessage[] = [];
  rows.forEach((row, i) => {
    if (row.every((c) => !c.trim())) return;
    const raw = Object.fromEntries(header.map((h, j) => [h, row[j] ?? '']));
    const itemCode = col(row, 'amazon-order-item-code');
    const msg: AckMessage = { messageId: String(i + 2), amazonOrderId: col(row, 'order-id'), statusCode: 'Failure',
      items: itemCode ? [{ amazonOrderItemCode: itemCode, cancelReason: col(row, 'cancellation-reason-code') }] : [], raw,
      ...(itemCode ? {} : { orderCancelReason: col(row, 'cancellation-reason-code') ?? '' }) };
    out.push(msg.amazonOrderId ? msg : { ...msg, malformed: 'order-id is required' });
  });
  return out;
}
