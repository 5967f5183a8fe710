/** The order flow's set-up step: service products, sales team and pricelists, marketplace map, VAT taxes and positions. */
import type { FlowSetupStep } from '../../frame/flow.ts';
import { setupBackend } from './setup-backend.ts';

export const ordersSetupStep: FlowSetupStep = {
  name: 'orders: products, sales team, pricelists, marketplace and tax tables',
  async run(ctx) {
    const r = await setupBackend(ctx.core, ctx.erp, ctx.backend, {
      ...(ctx.actor ? { actor: ctx.actor } : {}),
      ...(ctx.createMissing !== undefined ? { createMissing: ctx.createMissing } : {}),
    });
    ctx.report.created.push(...r.created);
    ctx.report.found.push(...r.found);
    ctx.report.changed.push(...r.changed);
    ctx.report.problems.push(...r.problems);
  },
};
