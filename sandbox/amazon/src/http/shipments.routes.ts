/** Orders v0 `confirmShipment`: the seller tells Amazon a package left (README, "confirmShipment"). */
import type { FastifyInstance } from 'fastify';
import { replayConfirmShipment } from '../sandbox-mode/confirm-shipment-replay.ts';
import { confirmOnOrder, parseConfirmRequest } from '../shipments/confirm-shipment.ts';
import type { SandboxState } from '../state.ts';
import { sendErrors, type AmazonError } from './amazon-errors.ts';
import { guardSpApiCall } from './sp-api-guard.ts';

/** Registers `POST /orders/v0/orders/{orderId}/shipmentConfirmation`. */
export function registerShipmentRoutes(app: FastifyInstance, state: SandboxState): void {
  app.post<{ Params: { orderId: string } }>('/orders/v0/orders/:orderId/shipmentConfirmation', async (req, reply) => {
    if (req.target.kind === 'lwa') return reply.code(404).send({ message: 'Not Found' });
    const sellerId = guardSpApiCall(state, req, reply, 'confirmShipment');
    if (!sellerId) return reply;
    const { orderId } = req.params;
    if (req.target.kind === 'sp-api' && req.target.sandbox) {
      const answer = replayConfirmShipment(orderId, req.body);
      return answer.status === 204 ? reply.code(204).send() : reply.code(answer.status).type('application/json').send(answer.body);
    }
    const refuse = (status: number, error: AmazonError) => {
      state.shipments.record(orderId, { receivedAt: new Date(state.now()).toISOString(), sellerId, body: req.body,
        outcome: 'refused', status, errors: [error], ...lost(req.callInfo?.afterAccept?.kind) });
      return sendErrors(reply, status, error);
    };
    const parsed = parseConfirmRequest(req.body);
    if (!parsed.ok) return refuse(parsed.status, parsed.error);
    const stored = state.store.get(orderId);
    if (!stored || stored.sellerId !== sellerId) {
      return refuse(404, { code: 'NotFound', message: `Order ${orderId} was not found.`, details: '' });
    }
    const result = confirmOnOrder(stored.order, parsed.value, state.now());
    if (!result.ok) return refuse(result.status, result.error);
    state.store.put(sellerId, result.value);
    state.shipments.record(orderId, { receivedAt: new Date(state.now()).toISOString(), sellerId, body: req.body,
      outcome: 'accepted', status: 204, ...lost(req.callInfo?.afterAccept?.kind) });
    return reply.code(204).send();
  });
}

const lost = (kind: 'timeout_after_accept' | 'drop_after_accept' | undefined) => (kind ? { answerLost: kind } : {});
