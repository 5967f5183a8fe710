/**
 * Messaging v1 (messaging.json): getMessagingActionsForOrder (the types allowed by the order's state,
 * care-window.ts), GetAttributes (the buyer's locale, from the marketplace's language), and one create operation
 * per type (message-bodies.ts): 201 `{}` when the type is allowed and the body is right, 400 InvalidInput for a
 * body the model refuses, 403 Unauthorized for a type the order does not allow now.
 */
import type { FastifyInstance } from 'fastify';
import { sendErrors } from '../http/amazon-errors.ts';
import type { SandboxState } from '../state.ts';
import { careCall, halActions } from './care-request.ts';
import { messagingActions } from './care-window.ts';
import { checkMessageBody, MESSAGE_TYPES } from './message-bodies.ts';

/** The language buyers of a marketplace's country read by default (the sandbox has no per-buyer preference). */
const LANGUAGE: Record<string, string> = { DE: 'de', AT: 'de', FR: 'fr', BE: 'fr', IT: 'it', ES: 'es', NL: 'nl', PL: 'pl', SE: 'sv', JP: 'ja', MX: 'es', BR: 'pt', TR: 'tr' };

type Req = { Params: { amazonOrderId: string } };

export function registerMessagingRoutes(app: FastifyInstance, state: SandboxState): void {
  app.get<Req>('/messaging/v1/orders/:amazonOrderId', async (req, reply) => {
    const c = careCall(state, req, reply, 'getMessagingActionsForOrder');
    if (!c) return reply;
    const names = messagingActions(state, c.stored, state.now());
    return reply.code(200).type('application/hal+json').send(halActions('/messaging/v1', 'messages', c.stored.orderId, c.marketplaceId, names));
  });
  app.get<Req>('/messaging/v1/orders/:amazonOrderId/attributes', async (req, reply) => {
    const c = careCall(state, req, reply, 'GetAttributes');
    if (!c) return reply;
    const country = state.catalogue.marketplaces.find((m) => m.marketplaceId === c.marketplaceId)?.country ?? 'US';
    return reply.code(200).type('application/hal+json').send({ buyer: { locale: `${LANGUAGE[country] ?? 'en'}-${country}` } });
  });
  for (const [type, spec] of Object.entries(MESSAGE_TYPES)) {
    app.post<Req>(`/messaging/v1/orders/:amazonOrderId/messages/${type}`, async (req, reply) => {
      const c = careCall(state, req, reply, spec.operationId);
      if (!c) return reply;
      const entry = { receivedAt: new Date(state.now()).toISOString(), sellerId: c.sellerId, action: type,
        kind: 'message' as const, marketplaceId: c.marketplaceId, body: req.body };
      const bad = checkMessageBody(type, req.body);
      const refused = bad ? { status: 400, error: bad }
        : messagingActions(state, c.stored, state.now()).includes(type) ? undefined
          : { status: 403, error: { code: 'Unauthorized', message: `The requested message type ${type} is not available for this amazonOrderId.`, details: '' } };
      if (refused) {
        state.care.record(c.stored.orderId, { ...entry, outcome: 'refused', status: refused.status, errors: [refused.error] });
        return sendErrors(reply, refused.status, refused.error);
      }
      state.care.record(c.stored.orderId, { ...entry, outcome: 'accepted', status: 201 });
      return reply.code(201).type('application/json').send({});
    });
  }
}
