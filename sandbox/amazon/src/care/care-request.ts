/** The steps every Solicitations and Messaging operation shares: the caller, `marketplaceIds`, the order. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendErrors } from '../http/amazon-errors.ts';
import { listParam, type RawQuery } from '../http/query-values.ts';
import { guardSpApiCall } from '../http/sp-api-guard.ts';
import type { SandboxState } from '../state.ts';
import type { StoredOrder } from '../store/order-store.ts';

export interface CareCall {
  sellerId: string;
  marketplaceId: string;
  stored: StoredOrder;
}

/**
 * The seller, the one marketplace and the seller's order, or undefined once an error answer was sent: 403/429 by
 * the guard, 400 for a missing or second marketplace (the models allow one), 404 for an order the seller does not
 * have or a marketplace it was not placed in.
 */
export function careCall(state: SandboxState, req: FastifyRequest<{ Params: { amazonOrderId: string } }>,
  reply: FastifyReply, operation: string): CareCall | undefined {
  if (req.target.kind === 'lwa') {
    reply.code(404).send({ message: 'Not Found' });
    return undefined;
  }
  const sellerId = guardSpApiCall(state, req, reply, operation);
  if (!sellerId) return undefined;
  const ids = listParam(req.query as RawQuery, 'marketplaceIds');
  if (!ids || ids.length !== 1) {
    sendErrors(reply, 400, { code: 'InvalidInput', message: 'Missing or invalid request parameters: [marketplaceIds]', details: '' });
    return undefined;
  }
  const stored = state.store.get(req.params.amazonOrderId);
  if (!stored || stored.sellerId !== sellerId || stored.marketplaceId !== ids[0]) {
    sendErrors(reply, 404, { code: 'NotFound', message: `Order ${req.params.amazonOrderId} was not found in marketplace ${ids[0]}.`, details: '' });
    return undefined;
  }
  return { sellerId, marketplaceId: ids[0]!, stored };
}

/** A HAL link list of actions, as getSolicitationActionsForOrder and getMessagingActionsForOrder answer it. */
export function halActions(base: string, segment: string, orderId: string, marketplaceId: string, names: string[]): Record<string, unknown> {
  const q = `?marketplaceIds=${encodeURIComponent(marketplaceId)}`;
  const href = (name: string) => `${base}/orders/${orderId}/${segment}/${name}`;
  return {
    _links: { actions: names.map((name) => ({ href: href(name) + q, name })), self: { href: `${base}/orders/${orderId}${q}` } },
    _embedded: {
      actions: names.map((name) => ({
        _links: { schema: { href: `${href(name)}/schema`, name }, self: { href: href(name) + q, name } },
      })),
    },
  };
}
