/**
 * Amazon's purchase date on the ERP order. Odoo's `action_confirm` overwrites `date_order` with the confirmation
 * time, so the date the order was created with is lost on confirming: it is written back right after the
 * confirmation (confirm-sale-orders), and the read-back (verify-imported) repairs an order whose date is still
 * wrong — a run that died between the confirmation and the write-back, or an order confirmed by hand — so a retry
 * always ends with Amazon's date.
 */
import type { SyncError } from '../../../core/errors.ts';
import { saleOrderGateway, type ImportedSaleOrder } from '../erp/sale-order.gateway.ts';
import type { ImportDeps, InErp, Mapped } from '../import-records.ts';

/** The date the ERP order must hold ("YYYY-MM-DD HH:MM:SS", UTC), as mapped from Amazon's purchase date. */
export function purchaseDateOf(r: Mapped): string | null {
  const date = r.mapped.saleOrder.vals.date_order;
  return typeof date === 'string' ? date : null;
}

/** Writes the purchase date of `records` (one `load` call per batch, see the gateway); the errors of those whose write failed. */
export async function writePurchaseDates(deps: ImportDeps, records: ReadonlyArray<Mapped & InErp>): Promise<Map<number, SyncError>> {
  const dates = new Map<number, string>();
  for (const r of records) {
    const date = purchaseDateOf(r);
    if (date !== null) dates.set(r.saleOrder.id, date);
  }
  return dates.size ? saleOrderGateway(deps.rt.erp).writeOrderDates(dates) : new Map();
}

/**
 * Repairs the orders read back with another date than Amazon's, then reads those again (the write changed their
 * write_date, which the binding keeps to tell a later ERP-side edit from ours). Returns `byId` updated; the
 * orders whose repair failed are left as read (the next check repairs them).
 */
export async function repairPurchaseDates(
  deps: ImportDeps,
  records: ReadonlyArray<Mapped & InErp>,
  byId: Map<number, ImportedSaleOrder>,
): Promise<Map<number, ImportedSaleOrder>> {
  const wrong = records.filter((r) => {
    const so = byId.get(r.saleOrder.id);
    const date = purchaseDateOf(r);
    return so !== undefined && date !== null && so.dateOrder !== date;
  });
  if (!wrong.length) return byId;
  const failed = await writePurchaseDates(deps, wrong);
  const repaired = wrong.map((r) => r.saleOrder.id).filter((id) => !failed.has(id));
  if (!repaired.length) return byId;
  const again = await saleOrderGateway(deps.rt.erp).readImported(repaired);
  return new Map([...byId, ...again]);
}
