/**
 * Amazon settlements (issue 16): a sweep per backend lists the settlement reports Amazon made
 * (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2, never requested) since its cursor, stores each new settlement and its
 * lines once per settlement id and matches it to its payout (Finances event groups); when posting is on, each
 * settlement is posted to the ERP (posting/); the API lists them, reconciles them three ways (reconciliation/) and
 * shows their posting. Off by default (a go-live switch per backend).
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
import { duePostings, postingApiRoutes, postingApiSchemas, postingErrorList, postSettlement, PostPayload, queuePosting } from './posting/index.ts';
import { POST_TASK_NAME, POSTING_KIND } from './posting/posting.payloads.ts';
import { PermanentError } from '../../core/errors.ts';

const goLive = { name: SETTLEMENTS_FLOW, goLive: { enabledByDefault: false } };

export const settlementsFlow = defineFlow({
  ...goLive,
  description: "Amazon's settlement reports stored as settlements and their lines, and posted to the ERP (Amazon journal, clearing account) when posting is on",
  tasks: [
    defineTask({
      name: TaskNames.sweep,
      payload: SweepPayload,
      async run(job, p) {
        const result = await sweepSettlements(job, p.backendId);
        job.env.log.info('settlements sweep', { backendId: p.backendId, ...result });
        // Posting on: every stored settlement not (fully) posted is queued, the new ones and the ones to retry.
        const backend = await job.env.core.backends.get(p.backendId);
        const settings = settlementsSettings.of(backend.settings);
        if (settings.postingEnabled) {
          for (const id of await duePostings(job.env.db.pool, p.backendId, settings.postingBankLine)) await queuePosting(job.env.db.pool, p.backendId, id);
        }
      },
    }),
    defineTask({
      name: POST_TASK_NAME,
      payload: PostPayload,
      async run(job, p) {
        const backend = await job.env.core.backends.get(p.backendId);
        // Turned off since it was queued: nothing is written to the ERP.
        if (!settlementsSettings.of(backend.settings).postingEnabled) return;
        try {
          const outcome = await postSettlement(job.env, p.backendId, p.settlementId);
          job.env.log.info('settlement posted', { backendId: p.backendId, ...outcome });
          await job.env.core.conflicts.resolveOpenFor(p.backendId, POSTING_KIND, p.settlementId, { action: 'synced', by: SETTLEMENTS_FLOW, note: 'posted to the ERP' });
        } catch (e) {
          // A posting that cannot go on until a person acts (set-up, currency, flagged settlement): a visible conflict.
          if (e instanceof PermanentError) {
            await job.env.core.conflicts.raise({ backendId: p.backendId, kind: POSTING_KIND, amazonKey: p.settlementId, code: e.code, message: e.message, diff: e.details });
            return;
          }
          throw e;
        }
      },
    }),
    // Every minute: the sweep of each enabled backend whose last one is `settlements.sweepMinutes` old.
    fanOutTask(TaskNames.sweepAll, goLive, Tasks.sweep, (env, b) => sweepDue(env, b.id, settlementsSettings.of(b.settings).sweepMinutes)),
  ],
  crontab: [{ pattern: '* * * * *', task: TaskNames.sweepAll, options: '?max=1' }],
  settings: settlementsSettings,
  errorCodes: [...settlementErrorList, ...reconciliationErrorList, ...postingErrorList],
  status: { counts: (db, backendIds) => recordStateCounts(db, SETTLEMENTS_FLOW, backendIds) },
  conflictKinds: [
    {
      kind: POSTING_KIND,
      // "Retry": the settlement's posting queued again (after the set-up or the settings were fixed).
      async rerun(c, tx) {
        await queuePosting(tx, c.backendId, c.amazonKey);
      },
    },
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
    await postingApiRoutes(env)(app, opts);
  },
  apiSchemas: [...settlementsApiSchemas, ...reconciliationApiSchemas, ...postingApiSchemas],
});
