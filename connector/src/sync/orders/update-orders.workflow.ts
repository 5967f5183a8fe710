/**
 * Applies Amazon's later changes to lines or prices of an order already in the ERP, only while that is safe:
 * nothing delivered or invoiced, not cancelled, and the ERP side has not edited the order since our last write
 * (its write_date is the one we recorded). Otherwise the change becomes a conflict with both sides, never a
 * silent last-write-wins. Confirmed lines cannot be deleted in Odoo, so a dropped line is set to quantity 0.
 */
import { ConflictError } from '../../core/errors.ts';
import { runWorkflow, type WorkflowResult } from '../../core/workflow/runner.ts';
import type { Step } from '../../core/workflow/step.ts';
import type { ImportDeps, OrderWork } from './order-work.ts';
import { mapOrdersStep } from './steps/map-orders.step.ts';
import { verifyImportedStep } from './steps/verify-imported.step.ts';

interface ErpSide {
  id: number;
  state: string;
  writeDate: string;
  lineIds: number[];
  invoiced: boolean;
  delivered: boolean;
}

async function readErpSide(deps: ImportDeps, records: readonly OrderWork[]): Promise<Map<number, ErpSide>> {
  const ids = records.map((r) => r.saleOrderId!);
  const orders = await deps.rt.erp.read('sale.order', ids, ['state', 'write_date', 'order_line', 'picking_ids', 'invoice_ids']);
  const pickingIds = orders.flatMap((o) => (o.picking_ids as number[]) ?? []);
  const pickings = pickingIds.length ? await deps.rt.erp.read('stock.picking', pickingIds, ['state']) : [];
  const done = new Set(pickings.filter((p) => p.state === 'done').map((p) => p.id));
  return new Map(
    orders.map((o) => [
      o.id,
      {
        id: o.id,
        state: String(o.state),
        writeDate: String(o.write_date),
        lineIds: (o.order_line as number[]) ?? [],
        invoiced: ((o.invoice_ids as number[]) ?? []).length > 0,
        delivered: ((o.picking_ids as number[]) ?? []).some((p) => done.has(p)),
      },
    ]),
  );
}

function checkAndApplyStep(deps: ImportDeps): Step<OrderWork> {
  return {
    name: 'apply-amazon-changes',
    noCompensation: 'one write per order, the last step that writes; a failed write changed nothing (one ERP transaction)',
    async invoke(records, ctx) {
      const bindings = await deps.core.binder.toErpMany(deps.rt.backend.id, 'order', records.map((r) => r.key));
      for (const r of records) r.saleOrderId = bindings.get(r.key)!.erpId;
      const erp = await readErpSide(deps, records);
      for (const r of records) {
        const side = erp.get(r.saleOrderId!);
        const snapshot = side ? { ...side } : null;
        if (!side) {
          ctx.fail(r, new ConflictError('ORDER_EDITED_IN_ERP', `sales order ${r.saleOrderId} no longer exists in the ERP`));
        } else if (side.state === 'cancel' || side.delivered || side.invoiced) {
          // Checked before write_date: validating a delivery or invoicing may touch the order's write_date too
          // (stored computed fields), and "delivered" is the reason the person must see.
          ctx.fail(r, new ConflictError('ORDER_CHANGED_AFTER_IMPORT', `Amazon changed the order after it was ${side.invoiced ? 'invoiced' : side.delivered ? 'delivered' : 'cancelled'} in the ERP`, { erp: snapshot }));
        } else if (side.writeDate !== bindings.get(r.key)!.erpWriteDate) {
          ctx.fail(r, new ConflictError('ORDER_EDITED_IN_ERP', 'Amazon changed the order and the ERP order was edited too: decide which side wins', { erp: snapshot }));
        } else {
          const lines = r.mapped!.lines;
          const commands = lines.map((l, i) => (i < side.lineIds.length ? [1, side.lineIds[i], l.vals] : [0, 0, l.vals]));
          for (const extra of side.lineIds.slice(lines.length)) commands.push([1, extra, { product_uom_qty: 0 }]);
          try {
            await deps.rt.erp.write('sale.order', [side.id], { order_line: commands });
            await deps.core.binder.bind(deps.rt.backend.id, {
              kind: 'order',
              amazonKey: r.key,
              erpModel: 'sale.order',
              erpId: side.id,
              amazonUpdatedAt: r.stored.lastUpdatedAt,
              payloadHash: r.stored.contentHash,
            });
          } catch (e) {
            ctx.fail(r, e);
          }
        }
      }
    },
  };
}

/** Runs the update workflow over bound orders whose Amazon-owned content changed. */
export async function applyOrderChanges(deps: ImportDeps, records: OrderWork[], runId: number): Promise<WorkflowResult<OrderWork>> {
  const updateDeps: ImportDeps = { ...deps, ctx: { ...deps.ctx, creating: false } };
  return runWorkflow([mapOrdersStep(updateDeps), checkAndApplyStep(updateDeps), verifyImportedStep(updateDeps)], records, {
    writeSteps: (entries) => deps.core.runs.writeSteps(runId, entries),
  });
}
