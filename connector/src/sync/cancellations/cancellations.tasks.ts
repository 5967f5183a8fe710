/** The cancellations flow's tasks: cancel one ERP order as its row says; note one buyer's request and ask. */
import { defineTask } from '../frame/flow.ts';
import { cancelErpOrder } from './cancel-erp-order.ts';
import { noteBuyerRequest } from './buyer-request.ts';
import { OrderPayload, TaskNames } from './cancellations.payloads.ts';

const cancel = defineTask({
  name: TaskNames.cancel,
  payload: OrderPayload,
  async run({ env }, p) {
    const outcome = await cancelErpOrder(env, p.backendId, p.amazonOrderId);
    env.log.info('cancellation', { backendId: p.backendId, amazonOrderId: p.amazonOrderId, outcome });
  },
});

const buyerRequest = defineTask({
  name: TaskNames.buyerRequest,
  payload: OrderPayload,
  async run({ env }, p) {
    const outcome = await noteBuyerRequest(env, p.backendId, p.amazonOrderId);
    env.log.info('buyer cancel request', { backendId: p.backendId, amazonOrderId: p.amazonOrderId, outcome });
  },
});

export const cancellationsTasks = [cancel, buyerRequest];
