/**
 * Amazon settlements in (issue 16, first slice: no ERP posting yet): a sweep per backend lists the settlement
 * reports Amazon made (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2, never requested) since its cursor and stores each
 * new settlement and its lines once per settlement id; the API lists them. Off by default (a go-live switch per
 * backend).
 */
import { enqueue } from '../../core/queue/enqueue.ts';
import { recordStateCounts } from '../../core/record-state/index.ts';
import { defineFlow, defineTask } from '../frame/flow.ts';
import { fanOutTask } from '../frame/live-backends.ts';
import { settlementsApiRoutes, settlementsApiSchemas } from './settlements.api.ts';
import { settlementErrorList } from './settlements.errors.ts';
import { reconciliationApiRoutes, reconciliationApiSchemas } from './reconciliation/reconciliation.api.ts';
import { reconciliationErrorList } from './reconciliation/reconciliation.errors.ts';
import { SETTLEMENT_KIND, SETTLEMENTS_FLOW, SweepPayload, TaskNames, Tasks } from './settlements.payloads.ts';
import { settlementsSettings } from './settlements.settings.ts';
import { sweepDue, sweepSettlements } from './sweep-settlements.ts';

const goLive = { name: SETTLEMENTS_FLOW, goLive: { enabledByDefault: false } };

export const settlementsFlow = defineFlow({
  ...goLive,
  description: "Amazon's settlement reports stored as settlements and their lines (no ERP posting yet)",
  tasks: [
    defineTask({
      name: TaskNames.sweep,
      payload: SweepPayload,
      async run(job, p) {
        const result = await sweepSettlements(job, p.backendId);
        job.env.log.info('settlements sweep', { backendId: p.backendId, ...result });
      },
    }),
    // Every minute: the sweep of each enabled backend whose last one is `settlements.sweepMinutes` old.
    fanOutTask(TaskNames.sweepAll, goLive, Tasks.sweep, (env, b) => sweepDue(env, b.id, settlementsSettings.of(b.settings).sweepMinutes)),
  ],
  crontab: [{ pattern: '* * * * *', task: TaskNames.sweepAll, options: '?max=1' }],
  settings: settlementsSettings,
  errorCodes: [...settlementErrorList, ...reconciliationErrorList],
  status: { counts: (db, backendIds) => recordStateCounts(db, SETTLEMENTS_FLOW, backendIds) },
  conflictKinds: [
    {
      kind: SETTLEMENT_KIND,
      // "Retry": the backend's settlements are listed again now; a report Amazon rewrote replaces the lines.
      async rerun(c, tx) {
        await enqueue(tx, Tasks.sweep, { backendId: c.backendId }, { jobKey: `${Tasks.sweep}:${c.backendId}` });
      },
    },
  ],
  apiRoutes: (env) => async (app, opts) => {
    await settlementsApiRoutes(env)(app, opts);
    await reconciliationApiRoutes(env)(app, opts);
  },
  apiSchemas: [...settlementsApiSchemas, ...reconciliationApiSchemas],
});
