/** The cancellations flow's tasks: cancel one ERP order as its row says; note one buyer's request and ask. */
import { defineTask } from '../frame/flow.ts';
import { cancelErpOrder } from './cancel-erp-order.ts';
import { noteBuyerRequest } from './buyer-request.ts';
import { OrderPayload, TaskNames } from './cancellations.payloads.ts';
import { cancellationOf } from './cancellation-store.ts';
import { queueSellerCancelCheck } from './seller-cancel/index.ts';

const cancel = defineTask({
  name: TaskNames.cancel,
  payload: OrderPayload,
  async run({ env }, p) {
    const outcome = await cancelErpOrder(env, p.backendId, p.amazonOrderId);
    env.log.info('cancellation', { backendId: p.backendId, amazonOrderId: p.amazonOrderId, outcome });
    // A buyer's request the seller accepted (cancel_in_erp): Amazon is told, as a seller cancellation (BuyerCanceled).
    // The connector noted its ERP write as its own, so the change feed stays silent: the check is queued here, on
    // every run that finds the order cancelled (a retry after a crash too: the check is idempotent, sends once).
    const row = await cancellationOf(env.db.pool, p.backendId, p.amazonOrderId);
    if (row?.state === 'cancelled' && row.sellerCancelReason && !row.amazonCancelled && row.erpOrderId !== null) {
      await queueSellerCancelCheck(env.db.pool, p.backendId, [row.erpOrderId]);
    }
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
