/**
 * Notifications v1 subscriptions: getSubscription and createSubscription with the seller's token (one subscription
 * per seller x application x type: a second create is 409 Conflict), getSubscriptionById and
 * deleteSubscriptionById grantless (any subscription of the application).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendErrors } from '../http/amazon-errors.ts';
import { guardGrantlessCall, guardSpApiCall } from '../http/sp-api-guard.ts';
import type { SandboxState } from '../state.ts';
import { invalid, NOTIFICATIONS_SCOPE } from './destinations.routes.ts';
import type { StoredSubscription } from './notification-store.ts';

/** Types a subscription may name, and the payload versions the sandbox publishes. */
export const PAYLOAD_VERSIONS: Readonly<Record<string, string>> = { ORDER_CHANGE: '1.0', LISTINGS_ITEM_MFN_QUANTITY_CHANGE: '1.0',
  FBA_INVENTORY_AVAILABILITY_CHANGES: '1.0', REPORT_PROCESSING_FINISHED: '2020-09-04',
  TRANSACTION_UPDATE: '1.0' };
const ORDER_CHANGE_TYPES = ['BuyerRequestedChange', 'DeliveryTipChange', 'OrderStatusChange'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

const view = (s: StoredSubscription) => ({ subscriptionId: s.subscriptionId, payloadVersion: s.payloadVersion,
  destinationId: s.destinationId, ...(s.processingDirective ? { processingDirective: s.processingDirective } : {}) });

const notFound = (reply: FastifyReply, details: string) =>
  sendErrors(reply, 404, { code: 'NotFound', message: 'The resource specified does not exist.', details });

/** Why a processingDirective is not one the model describes (eventFilter with its known filters), or undefined. */
function directiveProblem(d: unknown): string | undefined {
  if (d === undefined) return undefined;
  if (!isObj(d) || Object.keys(d).some((k) => k !== 'eventFilter')) return 'processingDirective may only hold eventFilter.';
  const f = d.eventFilter;
  if (f === undefined) return undefined;
  if (!isObj(f)) return 'processingDirective.eventFilter must be an object.';
  const known = ['eventFilterType', 'marketplaceIds', 'orderChangeTypes', 'aggregationSettings', 'trackingIdentifier'];
  const unknown = Object.keys(f).find((k) => !known.includes(k));
  if (unknown) return `processingDirective.eventFilter.${unknown} is not a known filter.`;
  if (f.eventFilterType !== undefined && f.eventFilterType !== 'ORDER_CHANGE') return 'eventFilterType must be ORDER_CHANGE for ORDER_CHANGE.';
  if (f.marketplaceIds !== undefined && !strings(f.marketplaceIds)) return 'eventFilter.marketplaceIds must be strings.';
  if (f.orderChangeTypes !== undefined && !(strings(f.orderChangeTypes) && (f.orderChangeTypes as string[]).every((t) => ORDER_CHANGE_TYPES.includes(t)))) {
    return `eventFilter.orderChangeTypes must be among ${ORDER_CHANGE_TYPES.join(', ')}.`;
  }
  return undefined;
}

/** Registers the subscription routes. */
export function registerSubscriptionRoutes(app: FastifyInstance, state: SandboxState): void {
  const seller = (req: FastifyRequest, reply: FastifyReply, op: string) =>
    req.target.kind === 'lwa' || req.target.kind === 'sqs' ? void reply.code(404).send({ message: 'Not Found' })
      : guardSpApiCall(state, req, reply, op);
  const grantless = (req: FastifyRequest, reply: FastifyReply, op: string) =>
    req.target.kind === 'lwa' || req.target.kind === 'sqs' ? void reply.code(404).send({ message: 'Not Found' })
      : guardGrantlessCall(state, req, reply, op, NOTIFICATIONS_SCOPE);
  const appOf = (req: FastifyRequest, sellerId: string) =>
    state.tokens.clientOf(req.headers['x-amz-access-token']) ?? state.sellers.get(sellerId)!.clientId;

  type TypeParams = { Params: { notificationType: string }; Querystring: { payloadVersion?: string } };
  app.get<TypeParams>('/notifications/v1/subscriptions/:notificationType', async (req, reply) => {
    const sellerId = seller(req, reply, 'getSubscription');
    if (!sellerId) return reply;
    const { notificationType } = req.params;
    if (!PAYLOAD_VERSIONS[notificationType]) return invalid(reply, `Unsupported notificationType ${notificationType}.`);
    const s = state.notifications.subscriptionOf(sellerId, appOf(req, sellerId), notificationType);
    const version = req.query.payloadVersion;
    if (!s || (version !== undefined && version !== s.payloadVersion)) return notFound(reply, `No subscription for ${notificationType}.`);
    return reply.send({ payload: view(s) });
  });

  app.post<TypeParams>('/notifications/v1/subscriptions/:notificationType', async (req, reply) => {
    const sellerId = seller(req, reply, 'createSubscription');
    if (!sellerId) return reply;
    const { notificationType } = req.params;
    const version = PAYLOAD_VERSIONS[notificationType];
    if (!version) return invalid(reply, `Unsupported notificationType ${notificationType}.`);
    const body = req.body;
    if (!isObj(body) || typeof body.payloadVersion !== 'string' || typeof body.destinationId !== 'string') {
      return invalid(reply, 'payloadVersion and destinationId are required strings.');
    }
    if (body.payloadVersion !== version) return invalid(reply, `payloadVersion ${body.payloadVersion} is not supported for ${notificationType} (${version}).`);
    // Event filters exist for ORDER_CHANGE (and types the sandbox does not publish), not for the stock notifications.
    const problem = notificationType !== 'ORDER_CHANGE' && body.processingDirective !== undefined
      ? `processingDirective is not supported for ${notificationType}.` : directiveProblem(body.processingDirective);
    if (problem) return invalid(reply, problem);
    const clientId = appOf(req, sellerId);
    const destination = state.notifications.destinations.get(body.destinationId);
    if (!destination || destination.clientId !== clientId) return invalid(reply, `Destination ${body.destinationId} does not exist.`);
    if (state.notifications.subscriptionOf(sellerId, clientId, notificationType)) {
      return sendErrors(reply, 409, { code: 'Conflict', message: 'The resource specified conflicts with the current state.',
        details: `A subscription to ${notificationType} already exists for this selling partner and application.` });
    }
    const s = state.notifications.addSubscription({ sellerId, clientId, notificationType, payloadVersion: version,
      destinationId: destination.destinationId,
      ...(body.processingDirective ? { processingDirective: body.processingDirective as Obj } : {}) });
    return reply.send({ payload: view(s) });
  });

  type IdParams = { Params: { notificationType: string; subscriptionId: string } };
  const byId = (req: FastifyRequest<IdParams>, clientId: string) => {
    const s = state.notifications.subscriptions.get(req.params.subscriptionId);
    return s && s.clientId === clientId && s.notificationType === req.params.notificationType ? s : undefined;
  };
  app.get<IdParams>('/notifications/v1/subscriptions/:notificationType/:subscriptionId', async (req, reply) => {
    const clientId = grantless(req, reply, 'getSubscriptionById');
    if (!clientId) return reply;
    const s = byId(req, clientId);
    if (!s) return notFound(reply, `Subscription ${req.params.subscriptionId} not found.`);
    return reply.send({ payload: view(s) });
  });
  app.delete<IdParams>('/notifications/v1/subscriptions/:notificationType/:subscriptionId', async (req, reply) => {
    const clientId = grantless(req, reply, 'deleteSubscriptionById');
    if (!clientId) return reply;
    const s = byId(req, clientId);
    if (!s) return notFound(reply, `Subscription ${req.params.subscriptionId} not found.`);
    state.notifications.subscriptions.delete(s.subscriptionId);
    return reply.send({});
  });
}
