/** The order flow's set-up step: service products, sales team and pricelists, marketplace map, proposed tax table. */
import type { FlowSetupStep } from '../../frame/flow.ts';
import { setupBackend } from './setup-backend.ts';

export const ordersSetupStep: FlowSetupStep = {
  name: 'orders: products, sales team, pricelists, marketplace and tax tables',
  async run(ctx) {
    const r = await setupBackend(ctx.core, ctx.erp, ctx.backend, ctx.actor ? { actor: ctx.actor } : {});
    ctx.report.created.push(...r.created);
    ctx.report.found.push(...r.found);
    ctx.report.problems.push(...r.problems);
  },
};
