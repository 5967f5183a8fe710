/**
 * A posted entry's order lines matched with their orders' open invoice and credit-note items (README.md,
 * "Reconciliation in batches"): `batch` orders at a time, their look-ups in a few reads (order-receivables.ts),
 * then the orders that add up to zero in shared `reconcile` calls and each other order in a call of its own
 * (reconcile-groups.ts). The settlement's clearing lines, once every entry is posted, in one call.
 */
import type pg from 'pg';
import type { Binder } from '../../../core/binding/binder.ts';
import { currencyExponent } from '../../../core/money.ts';
import type { EntryItem, OpenItem, PostingGateway } from './erp/posting.gateway.ts';
import { orderSides } from './order-receivables.ts';
import { reconcileCalls, RECONCILE_MAX_ITEMS, type OrderToReconcile, type ReconcileItem } from './reconcile-groups.ts';

export interface ReconcileDeps {
  db: Pick<pg.Pool, 'query'>;
  binder: Pick<Binder, 'toErpMany'>;
  gw: PostingGateway;
  backendId: number;
  /** The settlement's currency (its minor unit decides what "exactly zero" is). */
  currency: string;
}

export interface ReconcileCount { orders: number; calls: number }

/**
 * `items`: the entry's order lines not reconciled yet, each labelled with its order id (`label` + id). An order with
 * nothing open is left (an outstanding amount Odoo offers on the next invoice); a rerun after a crash only finds the
 * lines still open, so it does only what is left.
 */
export async function reconcileOrderLines(deps: ReconcileDeps, items: readonly EntryItem[], label: string, batch: number): Promise<ReconcileCount> {
  const count: ReconcileCount = { orders: 0, calls: 0 };
  const scale = 10 ** currencyExponent(deps.currency);
  const minor = (x: number) => BigInt(Math.round(x * scale));
  const asItem = (i: EntryItem | OpenItem): ReconcileItem =>
    ({ id: i.id, accountId: i.accountId ?? 0, partnerId: i.partnerId, currencyId: i.currencyId ?? 0, residualMinor: minor(i.residualCurrency) });
  for (let i = 0; i < items.length; i += batch) {
    const part = items.slice(i, i + batch);
    const sides = await orderSides(deps.db, deps.binder, deps.gw, deps.backendId, part.map((x) => x.name.slice(label.length)));
    const orders: OrderToReconcile[] = part.map((line) => {
      const orderId = line.name.slice(label.length);
      const open = (sides.get(orderId)?.openItems ?? []).filter((o) => o.accountId === line.accountId);
      return { orderId, line: asItem(line), open: open.map(asItem) };
    });
    for (const call of reconcileCalls(orders, { maxOrders: batch, maxItems: RECONCILE_MAX_ITEMS })) {
      await deps.gw.reconcile(call.itemIds);
      count.orders += call.orderIds.length;
      count.calls++;
    }
  }
  return count;
}

/**
 * The settlement's clearing lines matched with each other (they add up to zero per version: each entry's clearing
 * line balances it, the plan's entries together move nothing through clearing), so the clearing account shows
 * nothing open for a posted settlement. One call; fewer than two open lines, or lines that do not add up to zero
 * (a version still being posted), are left for a later run.
 */
export async function reconcileClearing(deps: Pick<ReconcileDeps, 'gw' | 'currency'>, moveIds: readonly number[], clearingAccountId: number): Promise<boolean> {
  const open = await deps.gw.openItemsOn(moveIds, clearingAccountId);
  const scale = 10 ** currencyExponent(deps.currency);
  if (open.length < 2 || open.reduce((s, i) => s + BigInt(Math.round(i.residualCurrency * scale)), 0n) !== 0n) return false;
  await deps.gw.reconcile(open.map((i) => i.id));
  return true;
}
