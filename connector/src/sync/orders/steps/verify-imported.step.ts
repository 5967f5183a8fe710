/**
 * Reads the imported orders back in one call: their names for the API, their write_date (so a later ERP-side
 * edit can be told from ours) and their totals, which must equal Amazon's to the minor unit.
 */
import { ConflictError } from '../../../core/errors.ts';
import { toMinor } from '../../../core/money.ts';
import type { TypedStep } from '../../../core/workflow/typed-step.ts';
import { SALE_ORDER_MODEL, saleOrderGateway } from '../erp/sale-order.gateway.ts';
import type { ImportDeps, InErp, Mapped, OrderRecord, Verified } from '../import-records.ts';
import { repairPurchaseDates } from './purchase-date.ts';

export function verifyImportedStep(deps: ImportDeps): TypedStep<OrderRecord & Mapped & InErp, Verified> {
  return {
    name: 'verify-imported',
    noCompensation: 'read-only',
    async invoke(records, ctx) {
      const read = await saleOrderGateway(deps.rt.erp).readImported(records.map((r) => r.saleOrder.id));
      // Amazon's purchase date, where the confirmation overwrote it and the write-back did not happen.
      const byId = await repairPurchaseDates(deps, records, read);
      const binds = [];
      for (const r of records) {
        const so = byId.get(r.saleOrder.id);
        if (!so) {
          ctx.fail(r, new ConflictError('ORDER_EDITED_IN_ERP', `sales order ${r.saleOrder.id} disappeared from the ERP`));
          continue;
        }
        binds.push({ kind: 'order' as const, amazonKey: r.key, erpModel: SALE_ORDER_MODEL, erpId: so.id, erpWriteDate: so.writeDate });
        const m = r.mapped;
        if (toMinor(so.amountTotal, m.currency) !== toMinor(m.expectedTotal.amount, m.currency)) {
          ctx.fail(
            r,
            new ConflictError('TOTAL_MISMATCH', `${so.name} totals ${so.amountTotal} ${m.currency}, Amazon says ${m.expectedTotal.amount}`, {
              erp: so.amountTotal,
              expected: m.expectedTotal.amount,
              currency: m.currency,
            }),
          );
        } else ctx.done(r, { imported: so });
      }
      if (binds.length) await deps.core.binder.bindMany(deps.rt.backend.id, binds);
    },
  };
}
