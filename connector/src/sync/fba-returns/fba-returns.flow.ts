/**
 * Amazon FBA customer returns -> the ERP (issue 14, FBA part): the customer returns and reimbursements reports read
 * through the Reports core (a sweep per backend from a durable cursor; each returns window read again at 7 and 35
 * days, since Amazon revises dispositions); each returned unit row back into its pool's Stock or Unsellable location
 * by a return of the order's FBA delivery, once; a revised disposition an internal transfer, once per revision;
 * reimbursements recorded per order and SKU, and the damaged units Amazon has not paid for listed as claim
 * candidates (API route and /metrics). Off by default (a go-live switch per backend): it moves the seller's stock.
 */
import { recordStateCounts } from '../../core/record-state/index.ts';
import { defineFlow, defineTask } from '../frame/flow.ts';
import { fanOutTask } from '../frame/live-backends.ts';
import { applyFbaReturn } from './apply-return.ts';
import { countClaimCandidates } from './claim-candidates.ts';
import { fbaReturnsApiRoutes, fbaReturnsApiSchemas } from './fba-returns.api.ts';
import { fbaReturnErrorList } from './fba-returns.errors.ts';
import { ApplyPayload, FBA_RETURN_KIND, FBA_RETURNS_FLOW, RereadPayload, SweepPayload, TaskNames, Tasks } from './fba-returns.payloads.ts';
import { fbaReturnsSettings } from './fba-returns.settings.ts';
import { enqueueApply, fbaReturnReports } from './report-handlers.ts';
import { rereadFbaReturns, sweepFbaReturns } from './sweep.ts';

const goLive = { name: FBA_RETURNS_FLOW, goLive: { enabledByDefault: false } };

export const fbaReturnsFlow = defineFlow({
  ...goLive,
  description: "FBA customer returns back into their pool's Stock or Unsellable location by disposition; revised dispositions moved; reimbursements and claim candidates",
  tasks: [
    defineTask({
      name: TaskNames.sweep,
      payload: SweepPayload,
      async run(job, p) {
        const result = await sweepFbaReturns(job.env, p.backendId);
        job.env.log.info('fba returns sweep', { backendId: p.backendId, ...result });
      },
    }),
    defineTask({
      name: TaskNames.reread,
      payload: RereadPayload,
      async run(job, p) {
        const r = await rereadFbaReturns(job.env, p);
        job.env.log.info('fba returns window read again', { backendId: p.backendId, afterDays: p.afterDays, ...r });
      },
    }),
    defineTask({
      name: TaskNames.apply,
      payload: ApplyPayload,
      async run(job, p) {
        if (job.goLive?.dryRun) {
          await job.env.core.states.set(p.backendId, FBA_RETURNS_FLOW, [{ key: p.rowKey, state: 'dry_run', code: null, detail: { would: 'would return the unit into its pool' } }], { stamp: false });
          return;
        }
        const outcome = await applyFbaReturn(job.env, p.backendId, p.rowKey);
        job.env.log.info('fba return', { backendId: p.backendId, rowKey: p.rowKey, ...outcome });
      },
    }),
    // Every hour: each enabled backend's sweep (one queued per backend).
    fanOutTask(TaskNames.sweepAll, goLive, Tasks.sweep),
  ],
  crontab: [{ pattern: '23 * * * *', task: TaskNames.sweepAll, options: '?max=1' }],
  reports: fbaReturnReports,
  settings: fbaReturnsSettings,
  errorCodes: fbaReturnErrorList,
  status: { counts: (db, backendIds) => recordStateCounts(db, FBA_RETURNS_FLOW, backendIds) },
  apiRoutes: (env) => fbaReturnsApiRoutes(env),
  apiSchemas: fbaReturnsApiSchemas,
  metrics: [
    {
      name: 'aec_fba_claim_candidates',
      help: 'FBA returned units Amazon damaged with no reimbursement after fbaReturns.claimAfterDays, within the claim window',
      async collect(db, ids) {
        return [...(await countClaimCandidates(db, ids))].map(([backendId, value]) => ({ backendId, value }));
      },
    },
  ],
  conflictKinds: [
    {
      kind: FBA_RETURN_KIND,
      // "Retry": the row's task runs again (binding and ERP look-up first: never a second return).
      async rerun(c, tx) {
        await enqueueApply(tx, c.backendId, c.amazonKey);
      },
    },
  ],
  demo: { describe: 'FBA returns: customer returns back into the pools by disposition, reimbursements, claim candidates' },
});
