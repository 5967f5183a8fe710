/**
 * Notifications v1 (notifications.json): destinations are the application's and called grantless (an LWA
 * client_credentials token of scope `sellingpartnerapi::notifications`, asked for by the transport), subscriptions
 * by type are the seller's (its own token). Every plan is 1 request/s, burst 5. Protocol only: bodies are checked
 * before any quota is spent, answers against the model's shapes; nothing is decided here (set-up does that).
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { isSyncError, PermanentError } from '../core/errors.ts';
import type { CallOptions, SpApiCaller, SpApiOperation } from './call.ts';

const op = (name: SpApiOperation['name'], idempotent: boolean): SpApiOperation => ({ name, clientOperation: `notifications.${name}`, version: 'v1', idempotent });
// Creating twice after an unknown outcome would make a second destination: set-up looks them up again instead.
export const GET_DESTINATIONS = op('getDestinations', true);
export const CREATE_DESTINATION = op('createDestination', false);
export const GET_SUBSCRIPTION = op('getSubscription', true);
// A second createSubscription answers 409 (one per type and application): safe to repeat.
export const CREATE_SUBSCRIPTION = op('createSubscription', true);
export const DELETE_SUBSCRIPTION = op('deleteSubscriptionById', true);

/** The model's SqsResource ARN pattern. */
export const SQS_ARN_PATTERN = '^arn:aws:sqs:\\S+:\\S+:\\S+';

export const Destination = Type.Object({
  name: Type.String({ maxLength: 256 }),
  destinationId: Type.String({ minLength: 1 }),
  resource: Type.Object({
    sqs: Type.Optional(Type.Object({ arn: Type.String({ maxLength: 1000 }) })),
    eventBridge: Type.Optional(Type.Object({ name: Type.Optional(Type.String()), region: Type.String(), accountId: Type.String() })),
  }),
});
export type Destination = Static<typeof Destination>;

export const Subscription = Type.Object({
  subscriptionId: Type.String({ minLength: 1 }),
  payloadVersion: Type.String({ minLength: 1 }),
  destinationId: Type.String({ minLength: 1 }),
  processingDirective: Type.Optional(Type.Object({}, { additionalProperties: true })),
});
export type Subscription = Static<typeof Subscription>;

const DestinationList = Compile(Type.Object({ payload: Type.Array(Destination) }));
const DestinationPayload = Compile(Type.Object({ payload: Destination }));
const SubscriptionPayload = Compile(Type.Object({ payload: Subscription }));
const NotificationType = Compile(Type.String({ pattern: '^[A-Z][A-Z0-9_]{1,63}$' }));
const CreateDestinationBody = Compile(
  Type.Object({ name: Type.String({ minLength: 1, maxLength: 256 }), resourceSpecification: Type.Object({ sqs: Type.Object({ arn: Type.String({ pattern: SQS_ARN_PATTERN, maxLength: 1000 }) }) }) }),
);

/** The result of createSubscription: the new one, or `exists` when Amazon answered 409 (one is there already). */
export type CreatedSubscription = { subscription: Subscription } | { exists: true };

export class NotificationsApi {
  readonly #caller: SpApiCaller;
  constructor(caller: SpApiCaller) {
    this.#caller = caller;
  }

  /** Every destination of the application (grantless). */
  async getDestinations(options: CallOptions = {}): Promise<Destination[]> {
    const res = await this.#caller.call(GET_DESTINATIONS, {}, options);
    return checked(DestinationList, res.body, 'getDestinations').payload;
  }

  /** Creates a destination for an SQS queue that already exists (grantless). */
  async createDestination(name: string, sqsArn: string, options: CallOptions = {}): Promise<Destination> {
    const body = { name, resourceSpecification: { sqs: { arn: sqsArn } } };
    if (!CreateDestinationBody.Check(body)) throw invalid('createDestination', 'a name (1-256 characters) and an SQS ARN (arn:aws:sqs:region:account:queue)');
    const res = await this.#caller.call(CREATE_DESTINATION, { body }, options);
    return checked(DestinationPayload, res.body, 'createDestination').payload;
  }

  /** The seller's subscription of `type`, or null when there is none (Amazon answers 404). */
  async getSubscription(type: string, payloadVersion: string, options: CallOptions = {}): Promise<Subscription | null> {
    checkType(type, 'getSubscription');
    try {
      const res = await this.#caller.call(GET_SUBSCRIPTION, { path: { notificationType: type }, query: { payloadVersion } }, options);
      return checked(SubscriptionPayload, res.body, 'getSubscription').payload;
    } catch (e) {
      if (isSyncError(e) && e.code === 'AMAZON_NOT_FOUND') return null;
      throw e;
    }
  }

  /** Subscribes the seller to `type` towards `destinationId`; a 409 (already subscribed) is `{ exists: true }`. */
  async createSubscription(type: string, destinationId: string, payloadVersion: string, options: CallOptions = {}): Promise<CreatedSubscription> {
    checkType(type, 'createSubscription');
    try {
      const res = await this.#caller.call(CREATE_SUBSCRIPTION, { path: { notificationType: type }, body: { payloadVersion, destinationId } }, options);
      return { subscription: checked(SubscriptionPayload, res.body, 'createSubscription').payload };
    } catch (e) {
      if (isSyncError(e) && e.details.status === 409) return { exists: true };
      throw e;
    }
  }

  /** Deletes a subscription by id (grantless). */
  async deleteSubscriptionById(type: string, subscriptionId: string, options: CallOptions = {}): Promise<void> {
    checkType(type, 'deleteSubscriptionById');
    await this.#caller.call(DELETE_SUBSCRIPTION, { path: { notificationType: type, subscriptionId } }, options);
  }
}

function checkType(type: string, operation: string): void {
  if (!NotificationType.Check(type)) throw invalid(operation, 'a notification type in upper case (ORDER_CHANGE)');
}

function invalid(operation: string, expected: string): PermanentError {
  return new PermanentError('AMAZON_INVALID_REQUEST', `Amazon ${operation}: expected ${expected}`, { operation });
}

function checked<T>(check: { Check(v: unknown): v is T; Errors(v: unknown): Iterable<{ instancePath: string }> }, body: unknown, operation: string): T {
  if (check.Check(body)) return body;
  const paths = [...check.Errors(body)].slice(0, 3).map((e) => e.instancePath || '/');
  throw new PermanentError('AMAZON_BAD_PAYLOAD', `Amazon ${operation}: the answer does not match the model (${paths.join(', ')})`, { operation, paths });
}
