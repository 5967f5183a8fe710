/**
 * Solicitations v1 (solicitations.json) and Messaging v1 (messaging.json): the actions Amazon allows for an order
 * (HAL `_links.actions`, read by name) and the requests that act on them. Every operation is 1/s burst 5.
 * Amazon answers a request it will not take for this order (outside the review window, sent already, a message
 * type the order does not allow now) with 403 `Unauthorized` and a message saying so: that is a refusal of the
 * request, not of the seller's credentials, so it comes back as `{ sent: false }` and never reaches the backend's
 * auth state. Only "Access to requested resource is denied." (a missing role or a bad token) stays an auth failure.
 * Protocol only: bodies are checked against the model before any quota is spent; nothing is mapped here.
 */
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { isSyncError, PermanentError } from '../core/errors.ts';
import type { CallOptions, SpApiCaller, SpApiOperation } from './call.ts';
import type { SpApiOperationName } from './usage-plans.ts';

const op = (name: SpApiOperationName, clientOperation: string, idempotent: boolean): SpApiOperation =>
  ({ name, clientOperation, version: 'v1', idempotent });

export const GET_SOLICITATION_ACTIONS = op('getSolicitationActionsForOrder', 'solicitations.getSolicitationActionsForOrder', true);
/** Not idempotent by contract; Amazon refuses a second one for the order (403), which the flow reads as sent. */
export const CREATE_REVIEW_SOLICITATION = op('createProductReviewAndSellerFeedbackSolicitation', 'solicitations.createProductReviewAndSellerFeedbackSolicitation', false);
export const GET_MESSAGING_ACTIONS = op('getMessagingActionsForOrder', 'messaging.getMessagingActionsForOrder', true);
export const GET_ATTRIBUTES = op('GetAttributes', 'messaging.GetAttributes', true);

export const REVIEW_ACTION = 'productReviewAndSellerFeedback';

const TextBody = (max: number) => Type.Object({ text: Type.String({ minLength: 1, maxLength: max }) }, { additionalProperties: false });
/** The message types the connector sends (those a person can write in the panel: text, or warranty dates). */
export const MESSAGE_BODIES = {
  confirmCustomizationDetails: { operation: op('confirmCustomizationDetails', 'messaging.confirmCustomizationDetails', false), body: TextBody(800) },
  confirmDeliveryDetails: { operation: op('createConfirmDeliveryDetails', 'messaging.createConfirmDeliveryDetails', false), body: TextBody(2000) },
  confirmOrderDetails: { operation: op('createConfirmOrderDetails', 'messaging.createConfirmOrderDetails', false), body: TextBody(2000) },
  confirmServiceDetails: { operation: op('createConfirmServiceDetails', 'messaging.createConfirmServiceDetails', false), body: TextBody(2000) },
  digitalAccessKey: { operation: op('createDigitalAccessKey', 'messaging.createDigitalAccessKey', false), body: TextBody(400) },
  unexpectedProblem: { operation: op('createUnexpectedProblem', 'messaging.createUnexpectedProblem', false), body: TextBody(2000) },
  warranty: {
    operation: op('CreateWarranty', 'messaging.CreateWarranty', false),
    body: Type.Object({ coverageStartDate: Type.String({ format: 'date-time' }), coverageEndDate: Type.String({ format: 'date-time' }) }, { additionalProperties: false }),
  },
} as const;
export type MessageType = keyof typeof MESSAGE_BODIES;
export const MESSAGE_TYPES = Object.keys(MESSAGE_BODIES) as MessageType[];
export const isMessageType = (t: string): t is MessageType => Object.hasOwn(MESSAGE_BODIES, t);
const BodyChecks = Object.fromEntries(MESSAGE_TYPES.map((t) => [t, Compile(MESSAGE_BODIES[t].body)])) as Record<MessageType, ReturnType<typeof Compile>>;
export type MessageBody = Static<(typeof MESSAGE_BODIES)[MessageType]['body']>;

const Link = Type.Object({ href: Type.String(), name: Type.Optional(Type.String()) });
/** The part of Get*ActionsForOrderResponse the connector reads: the action links (names). */
const ActionsAnswer = Compile(Type.Object({ _links: Type.Object({ actions: Type.Array(Link), self: Link }) }));

/** What Amazon said to a request: sent, or refused for this order (its code and message). */
export type CareOutcome = { sent: true } | { sent: false; amazonCode: string; amazonMessage: string };

const ACCESS_DENIED = 'Access to requested resource is denied.';

export class CareApi {
  readonly #caller: Pick<SpApiCaller, 'call'>;
  constructor(caller: Pick<SpApiCaller, 'call'>) {
    this.#caller = caller;
  }

  /** The solicitation actions Amazon offers for the order now (`productReviewAndSellerFeedback`, or none). */
  solicitationActions(orderId: string, marketplaceId: string, options: CallOptions = {}): Promise<string[]> {
    return this.#actions(GET_SOLICITATION_ACTIONS, orderId, marketplaceId, options);
  }

  /** Sends Amazon's "request a review" for the order (once per order, in its 5-30 day window). */
  requestReview(orderId: string, marketplaceId: string, options: CallOptions = {}): Promise<CareOutcome> {
    return this.#send(CREATE_REVIEW_SOLICITATION, orderId, marketplaceId, undefined, options);
  }

  /** The message types Amazon allows for the order now. */
  messagingActions(orderId: string, marketplaceId: string, options: CallOptions = {}): Promise<string[]> {
    return this.#actions(GET_MESSAGING_ACTIONS, orderId, marketplaceId, options);
  }

  /** The buyer's language of preference (a locale such as `de-DE`), or null when Amazon gives none. */
  async buyerLocale(orderId: string, marketplaceId: string, options: CallOptions = {}): Promise<string | null> {
    const res = await this.#caller.call(GET_ATTRIBUTES, { path: { amazonOrderId: orderId }, query: { marketplaceIds: [marketplaceId] } }, options);
    const locale = (res.body as { buyer?: { locale?: unknown } } | null)?.buyer?.locale;
    return typeof locale === 'string' ? locale : null;
  }

  /** Sends one message of `type`; the body is checked against the model first (AMAZON_INVALID_REQUEST). */
  async sendMessage(type: MessageType, orderId: string, marketplaceId: string, body: unknown, options: CallOptions = {}): Promise<CareOutcome> {
    const check = BodyChecks[type];
    if (!check.Check(body)) {
      const problems = [...check.Errors(body)].slice(0, 5).map((e) => `${e.instancePath || '/'}: ${e.message}`);
      throw new PermanentError('AMAZON_INVALID_REQUEST', `${type}: ${problems.join('; ')}`, { operation: MESSAGE_BODIES[type].operation.name, problems });
    }
    return this.#send(MESSAGE_BODIES[type].operation, orderId, marketplaceId, body, options);
  }

  async #actions(operation: SpApiOperation, orderId: string, marketplaceId: string, options: CallOptions): Promise<string[]> {
    const res = await this.#caller.call(operation, { path: { amazonOrderId: orderId }, query: { marketplaceIds: [marketplaceId] } }, options);
    if (!ActionsAnswer.Check(res.body)) {
      throw new PermanentError('AMAZON_BAD_PAYLOAD', `Amazon ${operation.name}: the answer does not match the model`, { operation: operation.name });
    }
    return res.body._links.actions.map((a) => a.name ?? a.href.split('?')[0]!.split('/').pop()!);
  }

  async #send(operation: SpApiOperation, orderId: string, marketplaceId: string, body: unknown, options: CallOptions): Promise<CareOutcome> {
    try {
      await this.#caller.call(operation, { path: { amazonOrderId: orderId }, query: { marketplaceIds: [marketplaceId] }, ...(body === undefined ? {} : { body }) }, options);
      return { sent: true };
    } catch (e) {
      const d = isSyncError(e) ? (e.details as { status?: unknown; amazonCode?: unknown; amazonMessage?: unknown } | undefined) : undefined;
      if (isSyncError(e) && e.code === 'AMAZON_AUTH_FAILED' && d?.status === 403 && typeof d.amazonMessage === 'string' && d.amazonMessage !== ACCESS_DENIED) {
        return { sent: false, amazonCode: String(d.amazonCode ?? 'Unauthorized'), amazonMessage: d.amazonMessage };
      }
      throw e;
    }
  }
}
