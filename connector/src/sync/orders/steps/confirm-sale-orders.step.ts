/** Confirms the draft sales orders in batched calls; confirming creates and reserves their deliveries. */
import type { TypedStep } from '../../../core/workflow/typed-step.ts';
import { isDraft, saleOrderGateway } from '../erp/sale-order.gateway.ts';
import type { ImportDeps, InErp, OrderRecord } from '../import-records.ts';

export function confirmSaleOrdersStep(deps: ImportDeps): TypedStep<OrderRecord & InErp, InErp> {
  return {
    name: 'confirm-sale-order',
    noCompensation: 'irreversible and last of the writes; a failed confirmation leaves a bound draft that a retry confirms',
    async invoke(records, ctx) {
      const drafts = new Map<number, OrderRecord & InErp>();
      for (const r of records) {
        if (isDraft(r.saleOrder.state)) drafts.set(r.saleOrder.id, r);
        else ctx.done(r, { saleOrder: r.saleOrder });
      }
      if (!drafts.size) return;
      // Irreversible: only while this job still holds its order locks.
      await deps.locks.ensureHeld();
      const results = await saleOrderGateway(deps.rt.erp).confirm([...drafts.keys()], deps.batchSize);
      for (const res of results) {
        const r = drafts.get(res.id)!;
        if (res.ok) ctx.done(r, { saleOrder: { id: res.id, state: 'sale' } });
        else ctx.fail(r, res.error);
      }
    },
  };
}
