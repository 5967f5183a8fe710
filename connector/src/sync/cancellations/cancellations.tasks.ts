/**
 * The cancellations flow's tasks: cancel one ERP order as its row says; note one buyer's request and ask. In a dry
 * run (go-live) neither writes to the ERP: the record state says what would have been done, the row stays as it is
 * (a later resync of the order, once the dry run is over, hands it over again).
 */
import { defineTask, type FlowJob } from '../frame/flow.ts';
import { CANCELLATIONS_FLOW } from './cancellations.payloads.ts';
import { cancelErpOrder } from './cancel-erp-order.ts';
import { noteBuyerRequest } from './buyer-request.ts';
import { OrderPayload, TaskNames } from './cancellations.payloads.ts';
import { cancellationOf } from './cancellation-store.ts';
import { queueSellerCancelCheck } from './seller-cancel/index.ts';

/** GO-LIVE: a dry run only records what it would do. */
async function dryRun(job: FlowJob, p: OrderPayload, would: string): Promise<boolean> {
  if (!job.goLive?.dryRun) return false;
  await job.env.core.states.set(p.backendId, CANCELLATIONS_FLOW, [{ key: p.amazonOrderId, state: 'dry_run', code: null, detail: { would } }], { stamp: false });
  return true;
}

const cancel = defineTask({
  name: TaskNames.cancel,
  payload: OrderPayload,
  async run(job, p) {
    const { env } = job;
    if (await dryRun(job, p, 'would cancel the ERP order')) return;
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
  async run(job, p) {
    const { env } = job;
    if (await dryRun(job, p, 'would note the buyer request and ask')) return;
    const outcome = await noteBuyerRequest(env, p.backendId, p.amazonOrderId);
    env.log.info('buyer cancel request', { backendId: p.backendId, amazonOrderId: p.amazonOrderId, outcome });
  },
});

export const cancellationsTasks = [cancel, buyerRequest];
