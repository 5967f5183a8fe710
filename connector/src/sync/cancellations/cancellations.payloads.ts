/** The cancellations flow's name, task names and payloads (ids only). The names are stable: they are in queued jobs. */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';

export const CANCELLATIONS_FLOW = 'cancellations';

/** Local task names (registered as `cancellations:<name>`). */
export const TaskNames = { cancel: 'cancel', buyerRequest: 'buyer-request' } as const;

export const Tasks = {
  /** Cancel the ERP order (and its open deliveries) of one Amazon order, as its `order_cancellation` row says. */
  cancel: taskName(CANCELLATIONS_FLOW, TaskNames.cancel),
  /** Note a buyer's cancel request on the ERP order and its open deliveries, and ask a person (a conflict). */
  buyerRequest: taskName(CANCELLATIONS_FLOW, TaskNames.buyerRequest),
} as const;

export const OrderPayload = Type.Object({
  backendId: Type.Integer({ minimum: 1 }),
  amazonOrderId: Type.String({ minLength: 1, maxLength: 64 }),
  correlationId: Type.Optional(Type.String({ minLength: 1 })),
});
export type OrderPayload = Static<typeof OrderPayload>;

/** The conflict kind of a buyer's request (ORDER_BUYER_CANCEL_REQUESTED); Amazon's own cancellations stay `order`'s. */
export const CANCELLATION_KIND = 'cancellation';
