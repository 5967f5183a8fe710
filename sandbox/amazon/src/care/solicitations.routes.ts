/**
 * Solicitations v1 (solicitations.json): getSolicitationActionsForOrder offers `productReviewAndSellerFeedback` only
 * in the order's window (care-window.ts); createProductReviewAndSellerFeedbackSolicitation answers 201 `{}` once
 * per order, and otherwise what Amazon is known to answer: 403 Unauthorized, "outside the 5-30 day range" or "not
 * available for this amazonOrderId" (sent already, refunded, returned).
 */
import type { FastifyInstance } from 'fastify';
import { sendErrors } from '../http/amazon-errors.ts';
import type { SandboxState } from '../state.ts';
import { careCall, halActions } from './care-request.ts';
import { solicitationVerdict } from './care-window.ts';

const REVIEW = 'productReviewAndSellerFeedback';
type Req = { Params: { amazonOrderId: string } };

export function registerSolicitationRoutes(app: FastifyInstance, state: SandboxState): void {
  app.get<Req>('/solicitations/v1/orders/:amazonOrderId', async (req, reply) => {
    const c = careCall(state, req, reply, 'getSolicitationActionsForOrder');
    if (!c) return reply;
    const offered = solicitationVerdict(state, c.stored, state.now()).ok ? [REVIEW] : [];
    return reply.code(200).type('application/hal+json')
      .send(halActions('/solicitations/v1', 'solicitations', c.stored.orderId, c.marketplaceId, offered));
  });
  app.post<Req>(`/solicitations/v1/orders/:amazonOrderId/solicitations/${REVIEW}`, async (req, reply) => {
    const c = careCall(state, req, reply, 'createProductReviewAndSellerFeedbackSolicitation');
    if (!c) return reply;
    const verdict = solicitationVerdict(state, c.stored, state.now());
    const entry = { receivedAt: new Date(state.now()).toISOString(), sellerId: c.sellerId, action: REVIEW,
      kind: 'solicitation' as const, marketplaceId: c.marketplaceId };
    if (!verdict.ok) {
      const error = { code: 'Unauthorized', details: '', message: verdict.reason === 'window'
        ? 'You can’t use this feature to request a review outside the 5-30 day range after the order delivery date.'
        : 'The requested solicitation is not available for this amazonOrderId.' };
      state.care.record(c.stored.orderId, { ...entry, outcome: 'refused', status: 403, errors: [error] });
      return sendErrors(reply, 403, error);
    }
    state.care.record(c.stored.orderId, { ...entry, outcome: 'accepted', status: 201 });
    return reply.code(201).type('application/json').send({});
  });
}
