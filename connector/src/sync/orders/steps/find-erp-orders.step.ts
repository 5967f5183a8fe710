/**
 * Looks the ERP up by reference before anything is created: an order bound earlier, or created by a run that
 * crashed between the ERP write and the binding, is found here and bound now, so nothing is created twice.
 */
import type { TypedStep } from '../../../core/workflow/typed-step.ts';
import { SALE_ORDER_MODEL, saleOrderGateway } from '../erp/sale-order.gateway.ts';
import type { Found, ImportDeps, Mapped, OrderRecord } from '../import-records.ts';

export function findErpOrdersStep(deps: ImportDeps): TypedStep<OrderRecord & Mapped, Found> {
  return {
    name: 'find-erp-order',
    noCompensation: 'read-only, and a binding of an order that exists in the ERP is always right to keep',
    async invoke(records, ctx) {
      const { core, rt } = deps;
      const keys = records.map((r) => r.key);
      const bound = await core.binder.toErpMany(rt.backend.id, 'order', keys);
      const byRef = await saleOrderGateway(rt.erp).findByRefs(keys);
      const toBind = [];
      for (const r of records) {
        const hit = byRef.get(r.key) ?? null;
        ctx.done(r, { existing: hit });
        if (hit && bound.get(r.key)?.erpId !== hit.id) {
          toBind.push({ kind: 'order' as const, amazonKey: r.key, erpModel: SALE_ORDER_MODEL, erpId: hit.id });
        }
      }
      if (toBind.length) await core.binder.bindMany(rt.backend.id, toBind);
    },
  };
}
