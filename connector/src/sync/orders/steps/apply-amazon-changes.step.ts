/**
 * Applies Amazon's later changes to the lines of an order already in the ERP, only while that is safe: nothing
 * delivered or invoiced, not cancelled, and the ERP side has not edited the order since our last write (its
 * write_date is the one we recorded). Otherwise the change becomes a conflict with both sides, never a silent
 * last-write-wins. An order edited on both sides carries both sides' lines (sku, quantity, price) in one shape, so
 * the conflict's view marks what differs and a person picks take_amazon or keep_erp knowing what each means.
 */
import { ConflictError } from '../../../core/errors.ts';
import type { TypedStep } from '../../../core/workflow/typed-step.ts';
import { SALE_ORDER_MODEL, saleOrderGateway, type SaleOrderSide } from '../erp/sale-order.gateway.ts';
import type { ImportDeps, InErp, Mapped, OrderRecord } from '../import-records.ts';
import { readOrderLines } from '../erp/order-lines.gateway.ts';
import { comparableSides } from '../conflicts/edited-order-sides.ts';

export function applyAmazonChangesStep(deps: ImportDeps): TypedStep<OrderRecord & Mapped, InErp> {
  return {
    name: 'apply-amazon-changes',
    noCompensation: 'one write per order, the last step that writes; a failed write changed nothing (one ERP transaction)',
    async invoke(records, ctx) {
      const gateway = saleOrderGateway(deps.rt.erp);
      const bindings = await deps.core.binder.toErpMany(deps.rt.backend.id, 'order', records.map((r) => r.key));
      const erp = await gateway.readForUpdate(records.map((r) => bindings.get(r.key)!.erpId));
      const edited: Array<{ r: OrderRecord & Mapped; side: SaleOrderSide }> = [];
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
          edited.push({ r, side });
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
      if (edited.length) await failEdited(deps, edited, ctx.fail.bind(ctx));
    },
  };
}

const EDITED = 'Amazon changed the order and the ERP order was edited too: decide which side wins (take_amazon or keep_erp)';

/** ORDER_EDITED_IN_ERP for each of `edited`, with both sides' lines (one ERP call for all; without them if it fails). */
async function failEdited(deps: ImportDeps, edited: ReadonlyArray<{ r: OrderRecord & Mapped; side: SaleOrderSide }>, fail: (r: OrderRecord & Mapped, e: unknown) => void): Promise<void> {
  let lines: Awaited<ReturnType<typeof readOrderLines>> | null = null;
  try {
    lines = await readOrderLines(deps.rt.erp, edited.flatMap((e) => e.side.lineIds));
  } catch {
    // The lines are for the person's eyes only: the conflict is raised all the same, its ERP snapshot without them.
  }
  for (const { r, side } of edited) {
    const own = lines ? lines.filter((l) => side.lineIds.includes(l.id)) : null;
    const sides = own ? { sides: comparableSides(r.mapped.lines, own, r.mapped.currency) } : {};
    fail(r, new ConflictError('ORDER_EDITED_IN_ERP', EDITED, { erp: { ...side }, ...sides }));
  }
}
