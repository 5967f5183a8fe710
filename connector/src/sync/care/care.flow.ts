/**
 * Customer care (issue 15): buyer events that need a person become ERP activities on the sales order, assigned and
 * due per backend rule — a buyer's cancel request, a return request, an A-to-z claim or a chargeback, an order at
 * risk of shipping late — exactly once per (order, reason); marked done in the ERP, done here. A sweep per backend
 * (every `care.sweepMinutes`) does all of it. Off by default (a go-live switch per backend): it writes into the ERP.
 */
import { defineFlow, defineTask } from '../frame/flow.ts';
import { fanOutTask } from '../frame/live-backends.ts';
import { careCounts } from './care-store.ts';
import { careErrorList } from './care.errors.ts';
import { careMetrics } from './care.metrics.ts';
import { CARE_FLOW, SweepPayload, TaskNames, Tasks } from './care.payloads.ts';
import { careRoutes } from './care.routes.ts';
import { careSchemas } from './care.schemas.ts';
import { careSettings } from './care.settings.ts';
import { careSweepDue, sweepCare } from './sweep-care.ts';

const goLive = { name: CARE_FLOW, goLive: { enabledByDefault: false } };

export const careFlow = defineFlow({
  ...goLive,
  description: 'Buyer events that need a person (cancel and return requests, A-to-z claims, chargebacks, late shipments) as ERP activities on the sales order',
  tasks: [
    defineTask({
      name: TaskNames.sweep,
      payload: SweepPayload,
      async run(job, p) {
        const result = await sweepCare(job, p.backendId);
        job.env.log.info('care sweep', { backendId: p.backendId, ...result });
      },
    }),
    // Every minute: the sweep of each live backend whose last one is `care.sweepMinutes` old (one queued per backend).
    fanOutTask(TaskNames.sweepAll, goLive, Tasks.sweep, (env, b) => careSweepDue(env, b.id, careSettings.of(b.settings).sweepMinutes)),
  ],
  crontab: [{ pattern: '* * * * *', task: TaskNames.sweepAll, options: '?max=1' }],
  settings: careSettings,
  errorCodes: careErrorList,
  status: { counts: (db, backendIds) => careCounts(db, backendIds) },
  apiRoutes: careRoutes,
  apiSchemas: careSchemas,
  metrics: careMetrics,
  demo: { describe: 'care: buyer cancel and return requests, A-to-z claims, chargebacks and late shipments as ERP activities on the sales order, done in the ERP -> done here' },
});
