/** Confirms the draft sales orders in batched calls; confirming creates and reserves their deliveries. */
import type { Step } from '../../../core/workflow/step.ts';
import type { ImportDeps, OrderWork } from '../order-work.ts';

export function confirmSaleOrdersStep(deps: ImportDeps): Step<OrderWork> {
  return {
    name: 'confirm-sale-order',
    noCompensation: 'irreversible and last of the writes; a failed confirmation leaves a bound draft that a retry confirms',
    async invoke(records, ctx) {
      const drafts = records.filter((r) => r.saleOrderState === 'draft' || r.saleOrderState === 'sent');
      if (!drafts.length) return;
      const byId = new Map(drafts.map((r) => [r.saleOrderId!, r]));
      const results = await deps.rt.erp.callMany('sale.order', 'action_confirm', [...byId.keys()], { batchSize: deps.batchSize });
      for (const res of results) {
        const r = byId.get(res.id)!;
        if (res.ok) r.saleOrderState = 'sale';
        else ctx.fail(r, res.error);
      }
    },
  };
}
