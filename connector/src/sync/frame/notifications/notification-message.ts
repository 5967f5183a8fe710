/**
 * One SQS message body read as an SP-API notification: the envelope every type shares (NotificationType,
 * EventTime, NotificationMetadata.NotificationId, Payload) and, inside the payload, the seller it is about (each
 * type nests it differently: `Payload.OrderChangeNotification.SellerId`, `Payload.SellerId`...). Pure: what cannot
 * be read is a reason (a stable code for the counters), never the body (it may hold a buyer's postal code).
 */

/** A notification the reader can route and store. */
export interface ParsedNotification {
  notificationId: string;
  type: string;
  sellerId: string;
  /** When Amazon says the change happened: the order's TimeOfOrderChange when given, else EventTime. */
  eventTime: Date;
  /** What it is about when the type names one record (the Amazon order id of ORDER_CHANGE). */
  subject: string | null;
  /** The payload as stored: without fields the connector never needs that are buyer data. */
  payload: Record<string, unknown>;
}

export type UnreadableReason = 'NOT_JSON' | 'NOT_A_NOTIFICATION' | 'NO_NOTIFICATION_ID' | 'NO_SELLER_ID' | 'BAD_EVENT_TIME';

export type ReadNotification = { ok: true; notification: ParsedNotification } | { ok: false; reason: UnreadableReason };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** Reads one message body. */
export function readNotification(body: string | undefined): ReadNotification {
  let doc: unknown;
  try {
    doc = JSON.parse(body ?? '');
  } catch {
    return { ok: false, reason: 'NOT_JSON' };
  }
  if (!isObject(doc)) return { ok: false, reason: 'NOT_A_NOTIFICATION' };
  // Payload version 1.0 envelopes are PascalCase; 2020-09-04 ones (REPORT_PROCESSING_FINISHED) camelCase.
  const type = text(doc.NotificationType) ?? text(doc.notificationType);
  const payload = doc.Payload ?? doc.payload;
  if (!type || !isObject(payload)) return { ok: false, reason: 'NOT_A_NOTIFICATION' };
  const meta = doc.NotificationMetadata ?? doc.notificationMetadata;
  const id = isObject(meta) ? (text(meta.NotificationId) ?? text(meta.notificationId)) : null;
  if (!id || id.length > 200) return { ok: false, reason: 'NO_NOTIFICATION_ID' };
  const inner = innerPayload(payload);
  // TRANSACTION_UPDATE names the seller in SellingPartnerMetadata (TransactionUpdateNotification.json).
  const partner = isObject(inner.SellingPartnerMetadata) ? text(inner.SellingPartnerMetadata.SellingPartnerId) : null;
  const sellerId = text(inner.SellerId) ?? text(inner.sellerId) ?? text(payload.SellerId) ?? partner;
  if (!sellerId) return { ok: false, reason: 'NO_SELLER_ID' };
  const trigger = isObject(inner.OrderChangeTrigger) ? text(inner.OrderChangeTrigger.TimeOfOrderChange) : null;
  const eventTime = new Date(trigger ?? text(doc.EventTime) ?? text(doc.eventTime) ?? '');
  if (Number.isNaN(eventTime.getTime())) return { ok: false, reason: 'BAD_EVENT_TIME' };
  const subject = type === 'ORDER_CHANGE' ? text(inner.AmazonOrderId) : null;
  return { ok: true, notification: { notificationId: id, type, sellerId, eventTime, subject, payload: withoutPii(payload) } };
}

/**
 * The object that carries the seller id: the payload's only member when it is an object named after the type
 * (`OrderChangeNotification`, `TransactionUpdateNotification`...), else the payload itself.
 */
function innerPayload(payload: Record<string, unknown>): Record<string, unknown> {
  const values = Object.values(payload);
  return values.length === 1 && isObject(values[0]) ? values[0] : payload;
}

/** The payload without the buyer's postal code (ORDER_CHANGE's Summary.DestinationPostalCode): never used, PII. */
function withoutPii(payload: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(payload);
  const inner = innerPayload(copy);
  if (isObject(inner.Summary)) delete inner.Summary.DestinationPostalCode;
  return copy;
}
