/**
 * Reads the imported orders back in one call: their names for the API, their write_date (so a later ERP-side
 * edit can be told from ours) and their totals, which must equal Amazon's to the minor unit.
 */
import { ConflictError } from '../../../core/errors.ts';
import { toMinor } from '../../../core/money.ts';
import type { Step } from '../../../core/workflow/step.ts';
import type { ImportDeps, OrderWork } from '../order-work.ts';

export function verifyImportedStep(deps: ImportDeps): Step<OrderWork> {
  return {
    name: 'verify-imported',
    noCompensation: 'read-only',
    async invoke(records, ctx) {
      const ids = records.map((r) => r.saleOrderId!);
      const rows = await deps.rt.erp.read('sale.order', ids, ['name', 'state', 'amount_total', 'write_date']);
      const byId = new Map(rows.map((row) => [row.id, row]));
      const binds = [];
      for (const r of records) {
        const row = byId.get(r.saleOrderId!);
        if (!row) {
          ctx.fail(r, new ConflictError('ORDER_EDITED_IN_ERP', `sales order ${r.saleOrderId} disappeared from the ERP`));
          continue;
        }
        r.erpName = String(row.name);
        r.erpWriteDate = String(row.write_date);
        r.saleOrderState = String(row.state);
        binds.push({ kind: 'order' as const, amazonKey: r.key, erpModel: 'sale.order', erpId: row.id, erpWriteDate: r.erpWriteDate });
        const m = r.mapped;
        if (!m) continue;
        const erpTotal = toMinor(String(row.amount_total), m.currency);
        const expected = toMinor(m.expectedTotal.amount, m.currency);
        if (erpTotal !== expected) {
          ctx.fail(
            r,
            new ConflictError('TOTAL_MISMATCH', `${r.erpName} totals ${String(row.amount_total)} ${m.currency}, Amazon says ${m.expectedTotal.amount}`, {
              erp: String(row.amount_total),
              expected: m.expectedTotal.amount,
              currency: m.currency,
            }),
          );
        }
      }
      if (binds.length) await deps.core.binder.bindMany(deps.rt.backend.id, binds);
    },
  };
}
