/**
 * Applies Amazon's later changes to the lines of an order already in the ERP, only while that is safe: nothing
 * delivered or invoiced, not cancelled, and the ERP side has not edited the order since our last write (its
 * write_date is the one we recorded). Otherwise the change becomes a conflict with both sides, never a silent
 * last-write-wins.
 */
import { ConflictError } from '../../../core/errors.ts';
import type { TypedStep } from '../../../core/workflow/typed-step.ts';
import { SALE_ORDER_MODEL, saleOrderGateway } from '../erp/sale-order.gateway.ts';
import type { ImportDeps, InErp, Mapped, OrderRecord } from '../import-records.ts';

export function applyAmazonChangesStep(deps: ImportDeps): TypedStep<OrderRecord & Mapped, InErp> {
  return {
    name: 'apply-amazon-changes',
    noCompensation: 'one write per order, the last step that writes; a failed write changed nothing (one ERP transaction)',
    async invoke(records, ctx) {
      const gateway = saleOrderGateway(deps.rt.erp);
      const bindings = await deps.core.binder.toErpMany(deps.rt.backend.id, 'order', records.map((r) => r.key));
      const erp = await gateway.readForUpdate(records.map((r) => bindings.get(r.key)!.erpId));
      for (const r of records) {
        const binding = bindings.get(r.key)!;
        const side = erp.get(binding.erpId);
        const snapshot = side ? { ...side } : null;
        if (!side) {
          ctx.fail(r, new ConflictError('ORDER_EDITED_IN_ERP', `sales order ${binding.erpId} no longer exists in the ERP`));
        } else if (side.state === 'cancel' || side.delivered || side.invoiced) {
          // Checked before write_date: validating a delivery or invoicing may touch the order's write_date too
          // (stored computed fields), and "delivered" is the reason the person must see.
          ctx.fail(r, new ConflictError('ORDER_CHANGED_AFTER_IMPORT', `Amazon changed the order after it was ${side.invoiced ? 'invoiced' : side.delivered ? 'delivered' : 'cancelled'} in the ERP`, { erp: snapshot }));
        } else if (side.writeDate !== binding.erpWriteDate) {
          ctx.fail(r, new ConflictError('ORDER_EDITED_IN_ERP', 'Amazon changed the order and the ERP order was edited too: decide which side wins', { erp: snapshot }));
        } else {
          try {
            await gateway.replaceLines(side, r.mapped.lines.map((l) => l.vals));
            await deps.core.binder.bind(deps.rt.backend.id, {
              kind: 'order',
              amazonKey: r.key,
              erpModel: SALE_ORDER_MODEL,
              erpId: side.id,
              amazonUpdatedAt: r.stored.lastUpdatedAt,
              payloadHash: r.stored.contentHash,
            });
            ctx.done(r, { saleOrder: { id: side.id, state: side.state } });
          } catch (e) {
            ctx.fail(r, e);
          }
        }
      }
    },
  };
}
