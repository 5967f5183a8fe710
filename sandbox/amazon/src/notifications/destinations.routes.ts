/**
 * Notifications v1 destinations (grantless: a client_credentials token with scope
 * `sellingpartnerapi::notifications`): getDestinations, createDestination, getDestination, deleteDestination.
 * A destination belongs to the application and names an SQS queue that must already exist (creating the queue and
 * its send policy is AWS's side).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendErrors } from '../http/amazon-errors.ts';
import { guardGrantlessCall } from '../http/sp-api-guard.ts';
import type { SandboxState } from '../state.ts';
import type { StoredDestination } from './notification-store.ts';

export const NOTIFICATIONS_SCOPE = 'sellingpartnerapi::notifications';
const PARSE = 'Request has missing or invalid parameters and cannot be parsed.';
const ARN = /^arn:aws:sqs:\S+:\S+:\S+/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

export const destinationView = (d: StoredDestination) => ({ name: d.name, destinationId: d.destinationId, resource: { sqs: { arn: d.arn } } });

export const invalid = (reply: FastifyReply, details: string) =>
  sendErrors(reply, 400, { code: 'InvalidInput', message: PARSE, details });

const notFound = (reply: FastifyReply, what: string) =>
  sendErrors(reply, 404, { code: 'NotFound', message: 'The resource specified does not exist.', details: what });

/** The checked `{name, arn}` of a createDestination body, or the 400 already sent. */
function parseCreate(reply: FastifyReply, body: unknown): { name: string; arn: string } | undefined {
  if (!isObj(body)) return void invalid(reply, 'The request body must be a CreateDestinationRequest object.');
  const { name, resourceSpecification: spec } = body;
  if (typeof name !== 'string' || name === '' || name.length > 256) return void invalid(reply, 'name is required (1 to 256 characters).');
  if (!isObj(spec)) return void invalid(reply, 'resourceSpecification is required.');
  if (spec.eventBridge !== undefined) {
    return void invalid(reply, 'EventBridge destinations are not served by this sandbox: use resourceSpecification.sqs.');
  }
  const arn = isObj(spec.sqs) ? spec.sqs.arn : undefined;
  if (typeof arn !== 'string' || arn.length > 1000 || !ARN.test(arn)) return void invalid(reply, 'resourceSpecification.sqs.arn must be an SQS queue ARN.');
  return { name, arn };
}

/** Registers the four destination routes. */
export function registerDestinationRoutes(app: FastifyInstance, state: SandboxState): void {
  const guard = (req: Parameters<typeof guardGrantlessCall>[1], reply: FastifyReply, op: string) =>
    req.target.kind === 'lwa' || req.target.kind === 'sqs' ? void reply.code(404).send({ message: 'Not Found' })
      : guardGrantlessCall(state, req, reply, op, NOTIFICATIONS_SCOPE);

  app.get('/notifications/v1/destinations', async (req, reply) => {
    const clientId = guard(req, reply, 'getDestinations');
    if (!clientId) return reply;
    return reply.send({ payload: state.notifications.destinationsOf(clientId).map(destinationView) });
  });

  app.post('/notifications/v1/destinations', async (req, reply) => {
    const clientId = guard(req, reply, 'createDestination');
    if (!clientId) return reply;
    const parsed = parseCreate(reply, req.body);
    if (!parsed) return reply;
    if (!state.sqs.queues.byArn(parsed.arn)) {
      return invalid(reply, `Unable to deliver to ${parsed.arn}: the SQS queue does not exist or does not allow the Selling Partner API to send messages to it.`);
    }
    if (state.notifications.destinationsOf(clientId).some((d) => d.arn === parsed.arn)) {
      return sendErrors(reply, 409, { code: 'Conflict', message: 'The resource specified conflicts with the current state.',
        details: `A destination for ${parsed.arn} already exists.` });
    }
    return reply.send({ payload: destinationView(state.notifications.addDestination({ clientId, ...parsed })) });
  });

  app.get<{ Params: { destinationId: string } }>('/notifications/v1/destinations/:destinationId', async (req, reply) => {
    const clientId = guard(req, reply, 'getDestination');
    if (!clientId) return reply;
    const d = state.notifications.destinations.get(req.params.destinationId);
    if (!d || d.clientId !== clientId) return notFound(reply, `Destination ${req.params.destinationId} not found.`);
    return reply.send({ payload: destinationView(d) });
  });

  app.delete<{ Params: { destinationId: string } }>('/notifications/v1/destinations/:destinationId', async (req, reply) => {
    const clientId = guard(req, reply, 'deleteDestination');
    if (!clientId) return reply;
    const d = state.notifications.destinations.get(req.params.destinationId);
    if (!d || d.clientId !== clientId) return notFound(reply, `Destination ${req.params.destinationId} not found.`);
    // Subscriptions pointing at it stay, and deliver nothing from now on (README: decided, Amazon documents nothing).
    state.notifications.destinations.delete(d.destinationId);
    return reply.send({});
  });
}
