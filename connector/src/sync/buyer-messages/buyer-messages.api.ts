/**
 * The buyer-messages routes. GET .../messages/allowed (read role): the types Amazon allows for the order now, which
 * of them the connector can send and with which fields, and the buyer's language. POST .../messages (write role):
 * one message of an allowed type, recorded in the connector and on the ERP sales order's chatter. GET
 * .../messages (read role): the messages sent for the order.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../api/access.ts';
import { ref } from '../../api/components.ts';
import { IsoTime, Nullable } from '../../api/schemas.ts';
import { conflict, notFound, upstream } from '../../api/routes/common.ts';
import { isMessageType, type MessageType } from '../../amazon/care-api.ts';
import { PermanentError } from '../../core/errors.ts';
import { goLiveOfFlow } from '../frame/flow.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { BUYER_MESSAGES_FLOW, MESSAGE_LABELS } from './buyer-messages.payloads.ts';
import { messagesOf, type MessageRow } from './message-rows.ts';
import { allowedTypes, sendBuyerMessage } from './send-message.ts';
import { backendMustExist } from '../../core/backend/must-exist.ts';

const Params = Type.Object({ id: Type.Integer({ minimum: 1 }), amazonOrderId: Type.String({ minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z-]+$' }) });

export const AllowedMessageType = Type.Object(
  {
    type: Type.String({ description: "Amazon's name of the type (confirmDeliveryDetails, warranty, legalDisclosure...)" }),
    label: Type.String(),
    sendable: Type.Boolean({ description: 'false: allowed by Amazon but needs attachments (Uploads API), which the connector does not send' }),
    fields: Type.Array(Type.String(), { description: 'the fields to fill: text, or coverageStartDate and coverageEndDate' }),
    maxLength: Nullable(Type.Integer()),
  },
  { $id: 'AllowedMessageType' },
);
export const AllowedMessageTypes = Type.Object(
  {
    amazonOrderId: Type.String(),
    marketplaceId: Type.String(),
    buyerLocale: Nullable(Type.String({ description: "the buyer's language of preference (write the text in it)" })),
    types: Type.Array(ref(AllowedMessageType)),
  },
  { $id: 'AllowedMessageTypes' },
);
export const BuyerMessageRequest = Type.Object(
  {
    type: Type.Union([Type.Literal('confirmCustomizationDetails'), Type.Literal('confirmDeliveryDetails'), Type.Literal('confirmOrderDetails'),
      Type.Literal('confirmServiceDetails'), Type.Literal('digitalAccessKey'), Type.Literal('unexpectedProblem'), Type.Literal('warranty')]),
    text: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    coverageStartDate: Type.Optional(IsoTime),
    coverageEndDate: Type.Optional(IsoTime),
  },
  { additionalProperties: false },
);
export const BuyerMessageView = Type.Object(
  {
    id: Type.Integer(),
    amazonOrderId: Type.String(),
    messageType: Type.String(),
    state: Type.Union([Type.Literal('sending'), Type.Literal('sent'), Type.Literal('refused'), Type.Literal('unknown')]),
    code: Nullable(Type.String()),
    text: Nullable(Type.String()),
    sentBy: Nullable(Type.String()),
    erpOrderId: Nullable(Type.Integer()),
    erpMessageId: Nullable(Type.Integer({ description: 'the note on the ERP sales order (mail.message id); null when the order is not in the ERP or the note failed' })),
    createdAt: IsoTime,
  },
  { $id: 'BuyerMessageView' },
);
export const BuyerMessageList = Type.Object({ items: Type.Array(ref(BuyerMessageView)) }, { $id: 'BuyerMessageList' });

export const buyerMessagesApiSchemas = [AllowedMessageType, AllowedMessageTypes, BuyerMessageView, BuyerMessageList];

const MAX: Partial<Record<MessageType, number>> = { confirmCustomizationDetails: 800, digitalAccessKey: 400 };
const typeView = (type: string) => isMessageType(type)
  ? { type, label: MESSAGE_LABELS[type], sendable: true, fields: type === 'warranty' ? ['coverageStartDate', 'coverageEndDate'] : ['text'], maxLength: type === 'warranty' ? null : MAX[type] ?? 2000 }
  : { type, label: type, sendable: false, fields: [], maxLength: null };
const view = (m: MessageRow) => ({
  id: m.id, amazonOrderId: m.amazonOrderId, messageType: m.messageType, state: m.state, code: m.code,
  text: typeof (m.body as { text?: unknown })?.text === 'string' ? (m.body as { text: string }).text : null,
  sentBy: m.sentBy, erpOrderId: m.erpOrderId, erpMessageId: m.erpMessageId, createdAt: m.createdAt.toISOString(),
});

export function buyerMessagesApiRoutes(env: TaskEnv): FastifyPluginAsync {
  /** The backend exists and the flow is switched on for it. */
  const guard = async (id: number) => {
    await backendMustExist(env.core.backends, id);
    const backend = await env.core.backends.get(id);
    if (!goLiveOfFlow({ name: BUYER_MESSAGES_FLOW, goLive: { enabledByDefault: false } }, backend.settings).enabled) {
      throw new PermanentError('BUYER_MESSAGES_OFF', `buyer messages are switched off for backend ${id}`, { backendId: id });
    }
  };
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const base = '/backends/:id/orders/:amazonOrderId/messages';
    app.get(`${base}/allowed`, {
      config: { access: 'read' as const },
      schema: { tags: ['buyer-messages'], summary: 'The message types Amazon allows for the order now (getMessagingActionsForOrder) and the buyer\'s language', params: Params, response: { 200: ref(AllowedMessageTypes), ...notFound, ...conflict, ...upstream } },
    }, async (req) => {
      await guard(req.params.id);
      const a = await allowedTypes(env, req.params.id, req.params.amazonOrderId);
      return { amazonOrderId: req.params.amazonOrderId, marketplaceId: a.marketplaceId, buyerLocale: a.buyerLocale, types: a.allowed.map(typeView) };
    });
    app.get(base, {
      config: { access: 'read' as const },
      schema: { tags: ['buyer-messages'], summary: 'The messages sent to the buyer of the order, newest first', params: Params, response: { 200: ref(BuyerMessageList), ...notFound, ...conflict } },
    }, async (req) => {
      await guard(req.params.id);
      return { items: (await messagesOf(env.db.pool, req.params.id, req.params.amazonOrderId)).map(view) };
    });
    app.post(base, {
      config: { access: 'write' as const },
      schema: {
        tags: ['buyer-messages'],
        summary: 'Sends the buyer one message of a type Amazon allows now (409 MESSAGE_TYPE_NOT_ALLOWED otherwise); recorded on the ERP sales order',
        params: Params, body: BuyerMessageRequest, response: { 201: ref(BuyerMessageView), ...notFound, ...conflict, ...upstream },
      },
    }, async (req, reply) => {
      await guard(req.params.id);
      const { type, ...fields } = req.body;
      const row = await sendBuyerMessage(env, req.params.id, req.params.amazonOrderId, type, fields, actorOf(req));
      return reply.code(201).send(view(row));
    });
  };
}
