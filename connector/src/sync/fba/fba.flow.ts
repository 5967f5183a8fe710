/**
 * Amazon-fulfilled (FBA) orders and the inventory pools, declared: the pools' set-up (one ERP warehouse per pool
 * with Stock and Unsellable, seeded once), the delivery pass that validates an imported FBA order's delivery with
 * Amazon's quantities, its conflicts and settings. Off by default; the order flow imports FBA orders only while it is on.
 */
import { defineFlow } from '../frame/flow.ts';
import { enqueue } from '../../core/queue/enqueue.ts';
import { FBA_FLOW, Tasks } from './fba.payloads.ts';
import { fbaErrorList } from './fba.errors.ts';
import { fbaSettings } from './fba.settings.ts';
import { fbaCrontab, fbaGoLive, fbaTasks } from './fba.tasks.ts';
import { fbaSetupStep } from './setup/fba-setup.step.ts';

export const fbaFlow = defineFlow({
  ...fbaGoLive,
  description: 'Amazon-fulfilled orders: pool warehouses seeded once from Amazon, deliveries validated as Amazon ships',
  tasks: fbaTasks,
  crontab: fbaCrontab,
  setup: [fbaSetupStep],
  settings: fbaSettings,
  errorCodes: fbaErrorList,
  conflictKinds: [
    {
      kind: 'fba_delivery',
      // "Retry": the order is pending again (its state leaves `conflict`) and a pass runs at once.
      async rerun(c, tx, env) {
        await env.core.states.set(c.backendId, FBA_FLOW, [{ key: c.amazonKey, state: 'queued', code: null }], { stamp: false });
        await enqueue(tx, Tasks.deliver, { backendId: c.backendId }, { jobKey: `fba-deliver:${c.backendId}`, queueName: `fba-deliver:${c.backendId}`, maxAttempts: 5 });
      },
    },
  ],
  async onBackendEnabled(backendId, tx) {
    await enqueue(tx, Tasks.deliver, { backendId }, { jobKey: `fba-deliver:${backendId}`, queueName: `fba-deliver:${backendId}`, maxAttempts: 5 });
  },
  demo: { describe: 'fba: pool warehouses seeded from Amazon, FBA orders imported once shipped and their deliveries validated' },
});
