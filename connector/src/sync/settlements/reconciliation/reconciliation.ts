/**
 * The reconciliation's reads: one settlement's groups and variances, every variance of the backend (filtered), one
 * order's money trail. Computed on each read from the connector's database (recon-inputs.ts), never stored: what
 * the flows learn later (a credit note posted, the next settlement) shows at once. Only acceptances are stored.
 */
import { formatMinor } from '../../../core/money.ts';
import type { Queryable } from '../../../core/sql.ts';
import { acceptancesOf, type Acceptance } from './acceptances.ts';
import { loadOrders, loadSettlement, reconciledOrderIds, settlementCurrencies, settlementIds } from './recon-inputs.ts';
import { reconcileOrder, reconcileSettlement, type Group, type OrderRecon, type Reason, type SettlementIn, type Variance } from './reconcile.ts';

export interface VarianceOut {
  key: string; reason: Reason; orderId: string | null; settlementId: string | null; refundId: string | null; currency: string;
  amazon: string | null; erp: string | null; settled: string | null; difference: string; until: string | null; message: string;
  converted: { amount: string; currency: string; rate: string | null } | null;
  accepted: { note: string; by: string; at: string } | null;
}

/** A payout's conversion (CURRENCY_CONVERSION) as the API shows it. */
export const convertedOut = (v: Variance): VarianceOut['converted'] =>
  (v.converted ? { amount: formatMinor(v.converted.minor, v.converted.currency), currency: v.converted.currency, rate: v.converted.rate } : null);

const money = (m: bigint | null, c: string) => (m === null ? null : formatMinor(m, c));

function varianceOut(v: Variance, a: Acceptance | undefined): VarianceOut {
  // An acceptance holds for the difference it saw.
  const accepted = a && a.differenceMinor === v.differenceMinor ? { note: a.note, by: a.by, at: a.at } : null;
  return { key: v.key, reason: v.reason, orderId: v.orderId, settlementId: v.settlementId, refundId: v.refundId, currency: v.currency,
    amazon: money(v.amazonMinor, v.currency), erp: money(v.erpMinor, v.currency), settled: money(v.settledMinor, v.currency), difference: formatMinor(v.differenceMinor, v.currency),
    until: v.until, message: v.message, converted: convertedOut(v), accepted };
}

async function withAcceptances(db: Queryable, backendId: number, vs: readonly Variance[]): Promise<VarianceOut[]> {
  const acc = await acceptancesOf(db, backendId, vs.map((v) => v.key));
  return vs.map((v) => varianceOut(v, acc.get(v.key)));
}

async function reconcileOrders(db: Queryable, backendId: number, orderIds: readonly string[]): Promise<Map<string, OrderRecon>> {
  const [orders, currencies] = await Promise.all([loadOrders(db, backendId, orderIds), settlementCurrencies(db, backendId, orderIds)]);
  return new Map([...orders].map(([id, o]) => [id, reconcileOrder(o, currencies.get(id) ?? null)]));
}

export interface GroupOut { transactionType: string; amountType: string; lines: number; matched: number; unmatched: number; total: string; unmatchedTotal: string }
export interface PayoutOut {
  state: 'matched' | 'unmatched' | 'ambiguous'; deposit: string; groupId: string | null; original: string | null; originalCurrency: string | null;
  converted: string | null; convertedCurrency: string | null;
}
export interface SettlementReconciliation { settlementId: string; currency: string; groups: GroupOut[]; variances: VarianceOut[]; unexplained: number; payout: PayoutOut }

const payoutOut = (s: SettlementIn): PayoutOut => {
  const g = s.payout?.group ?? null;
  return { state: s.payout?.state ?? 'unmatched', deposit: formatMinor(s.totalMinor, s.currency), groupId: g?.groupId ?? null,
    original: g ? formatMinor(g.originalMinor, g.originalCurrency) : null, originalCurrency: g?.originalCurrency ?? null,
    converted: g?.convertedMinor != null && g.convertedCurrency ? formatMinor(g.convertedMinor, g.convertedCurrency) : null, convertedCurrency: g?.convertedCurrency ?? null };
};

/** One settlement (null: not stored): its groups, and the variances of its orders and of itself. */
export async function settlementReconciliation(db: Queryable, backendId: number, settlementId: string): Promise<SettlementReconciliation | null> {
  const s = await loadSettlement(db, backendId, settlementId);
  if (!s) return null;
  const orderIds = [...new Set(s.lines.flatMap((l) => (l.orderId ? [l.orderId] : [])))];
  const orders = await reconcileOrders(db, backendId, orderIds);
  const { groups, variances } = reconcileSettlement(s, orders);
  // An order's variances that concern another settlement stay there (its refund settled later, say).
  const mine = variances.filter((v) => v.settlementId === null || v.settlementId === settlementId);
  const out = await withAcceptances(db, backendId, mine);
  return { settlementId, currency: s.currency, groups: groups.map((g) => groupOut(g, s.currency)), variances: out, unexplained: out.filter((v) => v.reason === 'UNEXPLAINED' && !v.accepted).length,
    payout: payoutOut(s) };
}

const groupOut = (g: Group, c: string): GroupOut => ({ transactionType: g.transactionType, amountType: g.amountType, lines: g.lines, matched: g.matched, unmatched: g.unmatched,
  total: formatMinor(g.totalMinor, c), unmatchedTotal: formatMinor(g.unmatchedMinor, c) });

export interface VarianceFilter { reason?: Reason; settlementId?: string; orderId?: string; accepted?: boolean }

/**
 * Every variance of the backend: its orders' (those in a settlement or a refund) and its settlements' own. Reads
 * every order it reconciles: fine for the months a panel looks at; a stored reconciliation is the step beyond.
 */
export async function allVariances(db: Queryable, backendId: number, f: VarianceFilter): Promise<VarianceOut[]> {
  const keep = (v: VarianceOut) => (!f.reason || v.reason === f.reason) && (!f.orderId || v.orderId === f.orderId) && (f.accepted === undefined || (v.accepted !== null) === f.accepted);
  // One settlement: exactly its reconciliation's variances (its orders' open ones included).
  if (f.settlementId) return ((await settlementReconciliation(db, backendId, f.settlementId))?.variances ?? []).filter(keep);
  const ids = f.orderId ? [f.orderId] : await reconciledOrderIds(db, backendId);
  const orders = await reconcileOrders(db, backendId, ids);
  const seen = new Map<string, Variance>();
  for (const o of orders.values()) for (const v of o.variances) seen.set(v.key, v);
  if (!f.orderId) {
    for (const sid of await settlementIds(db, backendId)) {
      const s = await loadSettlement(db, backendId, sid);
      if (!s) continue;
      for (const v of reconcileSettlement(s, new Map()).variances) seen.set(v.key, v);
    }
  }
  return (await withAcceptances(db, backendId, [...seen.values()])).filter(keep);
}

/** A variance by key (for an acceptance): recomputed now, null when there is none (any more). */
export async function findVariance(db: Queryable, backendId: number, key: string): Promise<Variance | null> {
  const [kind, id] = key.split(':');
  if (kind === 'order' || kind === 'refund' || kind === 'creditnote') {
    let orderIds: string[];
    if (kind === 'order') orderIds = [id ?? ''];
    else if (kind === 'refund') orderIds = (await db.query<{ o: string }>(`select payload->>'orderId' as o from fetched_document where backend_id = $1 and kind = 'refund' and key = $2`, [backendId, id])).rows.map((r) => r.o);
    else orderIds = await reconciledOrderIds(db, backendId);
    const orders = await reconcileOrders(db, backendId, orderIds);
    for (const o of orders.values()) for (const v of o.variances) if (v.key === key) return v;
    return null;
  }
  if (kind === 'settlement' && id) {
    const s = await loadSettlement(db, backendId, id);
    return s ? (reconcileSettlement(s, new Map()).variances.find((v) => v.key === key) ?? null) : null;
  }
  return null;
}

export interface TrailLine { settlementId: string; lineNo: number; transactionType: string; adjustmentId: string | null; amountType: string; amountDescription: string; amount: string }
export interface MoneyTrail {
  orderId: string; currency: string; inErp: boolean;
  amazon: { total: string | null; refunds: { refundId: string; amount: string; state: string | null; deferredUntil: string | null }[] };
  erp: { invoiced: string | null; credited: string };
  settled: { sales: string; refunds: string; fees: string; net: string; lines: TrailLine[] };
  variances: VarianceOut[];
}

/** One order's money, from Amazon's amounts to the net Amazon paid for it (null: the connector knows nothing of it). */
export async function moneyTrail(db: Queryable, backendId: number, orderId: string): Promise<MoneyTrail | null> {
  const [orders, currencies] = await Promise.all([loadOrders(db, backendId, [orderId]), settlementCurrencies(db, backendId, [orderId])]);
  const o = orders.get(orderId)!;
  if (!o.inErp && o.amazonTotal === null && !o.lines.length && !o.refunds.length) return null;
  const r = reconcileOrder(o, currencies.get(orderId) ?? null);
  const c = r.currency;
  return {
    orderId, currency: c, inErp: o.inErp,
    amazon: { total: money(r.amazonTotal, c), refunds: o.refunds.map((x) => ({ refundId: x.refundId, amount: formatMinor(x.creditMinor, c), state: x.state, deferredUntil: x.deferredUntil })) },
    erp: { invoiced: money(r.erpInvoiced, c), credited: formatMinor(r.erpCredited, c) },
    settled: { sales: formatMinor(r.settledSales, c), refunds: formatMinor(r.settledRefunds, c), fees: formatMinor(r.fees, c), net: formatMinor(r.net, c),
      lines: o.lines.map((l) => ({ settlementId: l.settlementId, lineNo: l.lineNo, transactionType: l.transactionType, adjustmentId: l.adjustmentId, amountType: l.amountType,
        amountDescription: l.amountDescription, amount: formatMinor(l.amountMinor, c) })) },
    variances: await withAcceptances(db, backendId, r.variances),
  };
}
