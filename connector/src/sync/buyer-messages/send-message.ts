/**
 * Sends one buyer message a person asked for: the stored order's marketplace, Amazon's allowed types asked first
 * (a type it does not allow now is refused here with MESSAGE_TYPE_NOT_ALLOWED, before any message quota is spent),
 * a `buyer_message` row written before the call, the message, then a note on the ERP sales order's chatter. Not
 * retried by itself: a lost answer leaves the row `unknown` and the person decides (Amazon has no read-back of
 * messages). The chatter note is best effort after Amazon took the message: an ERP failure is logged and shown
 * (`erpMessageId` null), never a reason to say the message was not sent.
 */
import { isMessageType, type MessageType } from '../../amazon/care-api.ts';
import { isSyncError, PermanentError } from '../../core/errors.ts';
import { orderDocuments } from '../orders/index.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { orderChatterGateway } from './erp/order-chatter.gateway.ts';
import { MESSAGE_LABELS } from './buyer-messages.payloads.ts';
import { insertSending, settle, type MessageRow } from './message-rows.ts';

type Env = Pick<TaskEnv, 'db' | 'core' | 'runtimes' | 'log'>;

/** The order's marketplace, from the order the connector stored (404 MESSAGE_ORDER_UNKNOWN otherwise). */
export async function orderMarketplace(env: Env, backendId: number, orderId: string): Promise<string> {
  const stored = (await orderDocuments(env.core.documents).getMany(backendId, [orderId])).found.get(orderId);
  const marketplaceId = stored?.order.salesChannel.marketplaceId;
  if (!marketplaceId) throw new PermanentError('MESSAGE_ORDER_UNKNOWN', `order ${orderId} is not stored for backend ${backendId}`, { amazonOrderId: orderId });
  return marketplaceId;
}

export interface AllowedTypes {
  marketplaceId: string;
  /** Every type Amazon allows now, as it names them. */
  allowed: string[];
  buyerLocale: string | null;
}

export async function allowedTypes(env: Env, backendId: number, orderId: string): Promise<AllowedTypes> {
  const marketplaceId = await orderMarketplace(env, backendId, orderId);
  const { amazon } = await env.runtimes.get(backendId);
  const [allowed, buyerLocale] = await Promise.all([amazon.care.messagingActions(orderId, marketplaceId), amazon.care.buyerLocale(orderId, marketplaceId)]);
  return { marketplaceId, allowed, buyerLocale };
}

const noteOf = (type: MessageType, body: Record<string, unknown>, who: string): string => {
  const what = typeof body.text === 'string' ? body.text : `coverage ${String(body.coverageStartDate)} to ${String(body.coverageEndDate)}`;
  return `Message to the Amazon buyer (${MESSAGE_LABELS[type]}), sent by ${who}: ${what}`;
};

export async function sendBuyerMessage(env: Env, backendId: number, orderId: string, type: string, body: Record<string, unknown>, sentBy: string): Promise<MessageRow> {
  const marketplaceId = await orderMarketplace(env, backendId, orderId);
  const rt = await env.runtimes.get(backendId);
  // Asked again at send time (not the panel's earlier list): the order may have shipped or been refunded since.
  const allowed = await rt.amazon.care.messagingActions(orderId, marketplaceId);
  if (!isMessageType(type) || !allowed.includes(type)) {
    throw new PermanentError('MESSAGE_TYPE_NOT_ALLOWED', `Amazon does not allow ${type} for order ${orderId} now`, { amazonOrderId: orderId, type, allowed });
  }
  const id = await insertSending(env.db.pool, backendId, { orderId, marketplaceId, type, body, sentBy });
  let outcome;
  try {
    outcome = await rt.amazon.care.sendMessage(type, orderId, marketplaceId, body);
  } catch (e) {
    const untouched = isSyncError(e) && e.details.untouched === true;
    const permanent = isSyncError(e) && e.kind === 'permanent';
    await settle(env.db.pool, id, { state: untouched || permanent ? 'refused' : 'unknown', code: isSyncError(e) ? e.code : 'UNEXPECTED' });
    throw e;
  }
  if (!outcome.sent) {
    await settle(env.db.pool, id, { state: 'refused', code: 'MESSAGE_REFUSED' });
    throw new PermanentError('MESSAGE_REFUSED', `Amazon refused ${type} for order ${orderId}: ${outcome.amazonMessage}`, { amazonOrderId: orderId, type, amazonCode: outcome.amazonCode, amazonMessage: outcome.amazonMessage });
  }
  const bound = await env.core.binder.toErp(backendId, 'order', orderId);
  let erpMessageId: number | null = null;
  if (bound) {
    try {
      erpMessageId = await orderChatterGateway(rt.erp).postNote(bound.erpId, noteOf(type, body, sentBy));
    } catch (e) {
      env.log.warn('buyer message: chatter note not posted', { backendId, orderId, code: isSyncError(e) ? e.code : 'UNEXPECTED' });
    }
  }
  return settle(env.db.pool, id, { state: 'sent', erpOrderId: bound?.erpId ?? null, erpMessageId });
}
