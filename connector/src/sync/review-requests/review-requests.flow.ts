/**
 * Amazon's "request a review" (Solicitations, issue 15): a daily sweep per backend over its delivered Amazon orders
 * (the orders flow's stored documents); `reviewRequests.delayDays` after delivery, within Amazon's 5-30 day window,
 * Amazon is asked which actions it allows, and only when it offers `productReviewAndSellerFeedback` is the request
 * sent, once per order (a row written before the call). Never for refunded or returned orders; opt-out per
 * marketplace and SKU. Off by default (a go-live switch per backend): it writes to the seller's buyers.
 */
import { defineFlow, defineTask } from '../frame/flow.ts';
import { fanOutTask } from '../frame/live-backends.ts';
import { countRows } from './request-rows.ts';
import { reviewRequestsApiRoutes, reviewRequestsApiSchemas } from './review-requests.api.ts';
import { reviewRequestErrorList } from './review-requests.errors.ts';
import { REVIEW_REQUESTS_FLOW, SweepPayload, TaskNames, Tasks } from './review-requests.payloads.ts';
import { reviewRequestsSettings } from './review-requests.settings.ts';
import { sweepDue, sweepReviews } from './sweep-reviews.ts';

const goLive = { name: REVIEW_REQUESTS_FLOW, goLive: { enabledByDefault: false } };

export const reviewRequestsFlow = defineFlow({
  ...goLive,
  description: "Amazon's \"request a review\" sent once per delivered order, in Amazon's window, never for refunded or returned orders",
  tasks: [
    defineTask({
      name: TaskNames.sweep,
      payload: SweepPayload,
      async run(job, p) {
        const tally = await sweepReviews(job, p.backendId);
        job.env.log.info('review requests sweep', { backendId: p.backendId, ...tally });
      },
    }),
    // Every ten minutes: the sweep of each live backend whose last one is `reviewRequests.sweepHours` old.
    fanOutTask(TaskNames.sweepAll, goLive, Tasks.sweep, (env, b) => sweepDue(env, b.id, reviewRequestsSettings.of(b.settings).sweepHours)),
  ],
  crontab: [{ pattern: '*/10 * * * *', task: TaskNames.sweepAll, options: '?max=1' }],
  settings: reviewRequestsSettings,
  errorCodes: reviewRequestErrorList,
  status: { counts: countRows },
  apiRoutes: (env) => reviewRequestsApiRoutes(env),
  apiSchemas: reviewRequestsApiSchemas,
  metrics: [
    {
      name: 'aec_review_requests',
      help: 'Amazon review requests by state (waiting, sending, sent, skipped, expired, refused)',
      labels: ['state'],
      async collect(db, ids) {
        return [...(await countRows(db, ids))].flatMap(([backendId, counts]) =>
          Object.entries(counts).map(([state, value]) => ({ backendId, labels: { state }, value })));
      },
    },
  ],
  demo: { describe: 'review-requests: Amazon\'s "request a review" for delivered orders, once each, in the 5-30 day window' },
});
