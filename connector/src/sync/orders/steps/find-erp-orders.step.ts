/**
 * Looks the ERP up by reference before anything is created: an order bound earlier, or created by a run that
 * crashed between the ERP write and the binding, is found here and bound now, so nothing is created twice.
 */
import type { Step } from '../../../core/workflow/step.ts';
import type { ImportDeps, OrderWork } from '../order-work.ts';

export function findErpOrdersStep(deps: ImportDeps): Step<OrderWork> {
  return {
    name: 'find-erp-order',
    noCompensation: 'read-only, and a binding of an order that exists in the ERP is always right to keep',
    async invoke(records) {
      const { core, rt } = deps;
      const keys = records.map((r) => r.key);
      const bound = await core.binder.toErpMany(rt.backend.id, 'order', keys);
      const found = await rt.erp.searchRead('sale.order', [['client_order_ref', 'in', keys]], ['client_order_ref', 'state'], {
        order: 'id asc',
      });
      const byRef = new Map<string, { id: number; state: string }>();
      for (const so of found) {
        const ref = String(so.client_order_ref);
        if (!byRef.has(ref)) byRef.set(ref, { id: so.id, state: String(so.state) });
      }
      const toBind = [];
      for (const r of records) {
        const hit = byRef.get(r.key);
        if (!hit) continue;
        r.saleOrderId = hit.id;
        r.saleOrderState = hit.state;
        if (bound.get(r.key)?.erpId !== hit.id) {
          toBind.push({ kind: 'order' as const, amazonKey: r.key, erpModel: 'sale.order', erpId: hit.id });
        }
      }
      if (toBind.length) await core.binder.bindMany(rt.backend.id, toBind);
    },
  };
}
