/**
 * Confirms the draft sales orders in batched calls (confirming creates and reserves their deliveries), then
 * writes Amazon's purchase date back, which Odoo's confirmation overwrote (see purchase-date.ts).
 */
import type { TypedStep } from '../../../core/workflow/typed-step.ts';
import { isDraft, saleOrderGateway } from '../erp/sale-order.gateway.ts';
import type { ImportDeps, InErp, Mapped, OrderRecord } from '../import-records.ts';
import { writePurchaseDates } from './purchase-date.ts';

export function confirmSaleOrdersStep(deps: ImportDeps): TypedStep<OrderRecord & Mapped & InErp, InErp> {
  return {
    name: 'confirm-sale-order',
    noCompensation: 'irreversible and last of the writes; a failed confirmation leaves a bound draft that a retry confirms',
    async invoke(records, ctx) {
      const drafts = new Map<number, OrderRecord & Mapped & InErp>();
      for (const r of records) {
        if (isDraft(r.saleOrder.state)) drafts.set(r.saleOrder.id, r);
        else ctx.done(r, { saleOrder: r.saleOrder });
      }
      if (!drafts.size) return;
      // Irreversible: only while this job still holds its order locks.
      await deps.locks.ensureHeld();
      const results = await saleOrderGateway(deps.rt.erp).confirm([...drafts.keys()], deps.batchSize);
      const confirmed: Array<OrderRecord & Mapped & InErp> = [];
      for (const res of results) {
        const r = drafts.get(res.id)!;
        if (res.ok) confirmed.push(r);
        else ctx.fail(r, res.error);
      }
      // A failed write-back is no failure of the order: the read-back finds the wrong date and writes it again.
      await writePurchaseDates(deps, confirmed);
      for (const r of confirmed) ctx.done(r, { saleOrder: { id: r.saleOrder.id, state: 'sale' } });
    },
  };
}
