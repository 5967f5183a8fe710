/**
 * A version's vendor bill from Amazon (README.md, "Fees as vendor bills"), exactly once:
 *
 * 1. its ledger row (`kind` bill, ref `AMZ-SET <settlement> v<n> fees`, its lines' fee keys and amounts) was written
 *    with the version's plan BEFORE any ERP call;
 * 2. the vendor's bills searched by that ref: a crash after the ERP's create finds it (posted if still a draft),
 *    else it is created (one call: a line per fee type on its fee account, the VAT rate's price-included purchase
 *    tax, `in_refund` when the fees net to a credit) and posted; then marked posted with its id;
 * 3. once the version's entries are posted, the bill's payable item is reconciled with the entries' line on Amazon's
 *    payable account (the settlement paid the bill): the bill shows paid; then the row is marked reconciled.
 */
import { minorToNumber } from '../../../core/money.ts';
import type { ErpPort } from '../../../erp/erp-port.ts';
import { vendorBillGateway } from './erp/vendor-bill.gateway.ts';
import type { PostingGateway } from './erp/posting.gateway.ts';
import { markPosted, markReconciled, type LedgerRow } from './posting-ledger.ts';
import { billType, feeKeyParts } from './posting-plan.ts';
import type { PostingSetup } from './posting-setup.ts';
import type { VendorBillSetup } from './vendor-bill-setup.ts';

type Db = Parameters<typeof markPosted>[0];

export interface BillContext {
  db: Db; erp: ErpPort; gw: PostingGateway; setup: PostingSetup; bills: VendorBillSetup; backendId: number; settlementId: string;
  currency: string; currencyId: number; day: string; vatRate: number;
  hooks: { afterBillCreate?: (ref: string, moveId: number) => Promise<void> | void };
}
export interface BillOutcome { created: number; foundByRef: number; reconciled: number }

/** The bill's lines: one per fee key, on its account, its amount as Amazon's price (VAT included), the VAT rate's tax. */
export function billLines(ctx: Pick<BillContext, 'setup' | 'bills' | 'currency' | 'vatRate'>, row: Pick<LedgerRow, 'amounts'>) {
  const sign = billType(row.amounts) === 'in_refund' ? -1n : 1n;
  const tax = ctx.vatRate > 0 ? ctx.bills.taxByRate.get(ctx.vatRate) : undefined;
  return Object.keys(row.amounts).sort().map((k) => {
    const { account, label } = feeKeyParts(k);
    const accountId = account.startsWith('code:') ? ctx.setup.codes.get(account.slice(5))! : ctx.setup.roles.get(account.slice(5) as 'fees')!;
    return { name: label, accountId, priceUnit: minorToNumber(sign * BigInt(row.amounts[k]!), ctx.currency), taxIds: tax === undefined ? [] : [tax] };
  });
}

export async function createPendingBill(ctx: BillContext, row: LedgerRow, out: BillOutcome): Promise<void> {
  const gw = vendorBillGateway(ctx.erp);
  const [existing] = await gw.billsByRef(ctx.bills.partnerId, [row.ref]);
  let moveId: number;
  if (existing) {
    moveId = existing.id;
    out.foundByRef++;
    if (existing.state === 'draft') await ctx.gw.post([moveId]);
  } else {
    moveId = await gw.createBill({ moveType: billType(row.amounts), journalId: ctx.bills.journalId, partnerId: ctx.bills.partnerId, date: ctx.day,
      currencyId: ctx.currencyId, ref: row.ref, lines: billLines(ctx, row) });
    await ctx.hooks.afterBillCreate?.(row.ref, moveId);
    await ctx.gw.post([moveId]);
    out.created++;
  }
  await markPosted(ctx.db, ctx.backendId, ctx.settlementId, row.version, row.chunkNo, moveId);
}

/**
 * The bill's payable item matched with its version's entries' line on Amazon's payable account, in one
 * `reconcile`; marked reconciled once the bill has nothing open left (a rerun after a crash skips what is matched).
 */
export async function reconcileBill(ctx: BillContext, row: LedgerRow, ledger: readonly LedgerRow[], out: BillOutcome): Promise<void> {
  const gw = vendorBillGateway(ctx.erp);
  const entries = ledger.filter((r) => r.kind === 'entry' && r.version === row.version && r.moveId !== null).map((r) => r.moveId!);
  const payable = ctx.bills.payableAccountId;
  const billItems = await gw.openItems([row.moveId!], payable);
  const entryItems = await gw.openItems(entries, payable);
  if (billItems.length && entryItems.length) {
    await ctx.gw.reconcile([...billItems, ...entryItems].map((i) => i.id));
    out.reconciled++;
  }
  const left = (await gw.openItems([row.moveId!], payable)).filter((i) => i.amountResidualCurrency !== 0);
  // Still open (the entries' payable line is missing or differs): left unreconciled, visible as `posting`, retried by the sweep.
  if (!left.length) await markReconciled(ctx.db, ctx.backendId, ctx.settlementId, row.version, row.chunkNo);
}
