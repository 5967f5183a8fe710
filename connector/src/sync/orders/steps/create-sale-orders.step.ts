/**
 * Creates the sales orders that the ERP does not hold yet, in batched calls (one bad order fails alone), and
 * binds each one the moment its id exists, so a crash after this step can never lead to a second order.
 */
import type { Step } from '../../../core/workflow/step.ts';
import type { ImportDeps, OrderWork } from '../order-work.ts';

export function createSaleOrdersStep(deps: ImportDeps): Step<OrderWork> {
  return {
    name: 'create-sale-order',
    noCompensation: 'the draft stays bound: a retry confirms it instead of creating a second one',
    async invoke(records, ctx) {
      const todo = records.filter((r) => r.saleOrderId === undefined);
      if (!todo.length) return;
      const vals = todo.map((r) => {
        const m = r.mapped!;
        return {
          ...m.saleOrder.vals,
          partner_id: r.partnerId,
          partner_invoice_id: r.partnerId,
          partner_shipping_id: r.deliveryId ?? r.partnerId,
          order_line: m.lines.map((l) => [0, 0, l.vals]),
        };
      });
      const results = await deps.rt.erp.createMany('sale.order', vals, { batchSize: deps.batchSize });
      const binds = [];
      for (const [i, res] of results.entries()) {
        const r = todo[i]!;
        if (!res.ok) {
          ctx.fail(r, res.error);
          continue;
        }
        r.saleOrderId = res.id;
        r.saleOrderState = 'draft';
        binds.push({
          kind: 'order' as const,
          amazonKey: r.key,
          erpModel: 'sale.order',
          erpId: res.id,
          amazonUpdatedAt: r.stored.lastUpdatedAt,
          payloadHash: r.stored.contentHash,
        });
      }
      if (binds.length) await deps.core.binder.bindMany(deps.rt.backend.id, binds);
    },
  };
}
