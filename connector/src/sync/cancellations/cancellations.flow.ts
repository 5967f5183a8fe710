/**
 * Cancellations between Amazon and the ERP. Amazon -> ERP (here): an imported order Amazon cancelled is cancelled in
 * the ERP with its open deliveries when nothing shipped (else, or when the backend asks first, a conflict with both
 * states); a buyer's cancel request is noted on the ERP order and its open deliveries and put to a person
 * (cancel_in_erp or keep). The ERP -> Amazon part (seller cancellations) joins from `seller-cancel/`. Off by
 * default (a go-live switch per backend): deploying it never cancels a seller's orders unasked.
 */
import { recordStateCounts } from '../../core/record-state/index.ts';
import { enqueue } from '../../core/queue/enqueue.ts';
import { defineFlow } from '../frame/flow.ts';
import { cancellationErrorList } from './cancellations.errors.ts';
import { CANCELLATION_KIND, CANCELLATIONS_FLOW, Tasks } from './cancellations.payloads.ts';
import { cancellationsSettings } from './cancellations.settings.ts';
import { cancellationsTasks } from './cancellations.tasks.ts';
import { buyerRequestActions } from './conflict-actions.ts';
import { sellerCancelParts } from './seller-cancel/index.ts';

export const cancellationsFlow = defineFlow({
  name: CANCELLATIONS_FLOW,
  goLive: { enabledByDefault: false },
  description: 'Cancellations both ways: Amazon cancellations and buyer cancel requests carried to the ERP orders (cancelled, or noted and put to a person), and orders the ERP cancels sent to Amazon as seller cancellations',
  tasks: [...cancellationsTasks, ...sellerCancelParts.tasks],
  // ERP -> Amazon (seller-cancel/): the ERP's cancellations heard through the change feed, sent as a feed.
  erpSubscriptions: sellerCancelParts.erpSubscriptions,
  feeds: sellerCancelParts.feeds,
  settings: cancellationsSettings,
  errorCodes: [...cancellationErrorList, ...sellerCancelParts.errorCodes],
  status: { counts: (db, backendIds) => recordStateCounts(db, CANCELLATIONS_FLOW, backendIds) },
  conflictKinds: [
    {
      kind: CANCELLATION_KIND,
      // Only ORDER_BUYER_CANCEL_REQUESTED is of this kind and it refuses retry; a re-run goes to the cancel task,
      // which acts only on a pending decision.
      async rerun(c, tx) {
        await enqueue(tx, Tasks.cancel, { backendId: c.backendId, amazonOrderId: c.amazonKey });
      },
    },
    ...sellerCancelParts.conflictKinds,
  ],
  conflictActions: {
    ORDER_BUYER_CANCEL_REQUESTED: {
      retry: false,
      why: 'the buyer asked Amazon to cancel: answer it with cancel_in_erp (accept) or keep (ship anyway)',
      actions: buyerRequestActions,
    },
    ...sellerCancelParts.conflictActions,
  },
  demo: { describe: 'cancellations: orders Amazon cancels are cancelled in the ERP; buyer cancel requests are noted on the ERP order and asked; orders the ERP cancels are sent to Amazon as seller cancellations' },
});
