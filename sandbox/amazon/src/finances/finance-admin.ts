/**
 * The admin API of finances: refund an order now (`POST /_sandbox/orders/:id/refund`: every shipped unit not yet
 * refunded, or the lines given, each for its units' worth or a smaller amount; a chargeback or an A-to-z guarantee
 * claim; deferred until a maturity date; dated some minutes back), announced at once; release a deferred transaction now
 * (`POST /_sandbox/finances/:sellerId/transactions/:transactionId/release`); and a seller's transactions as the
 * world holds them (`GET /_sandbox/finances/:sellerId`, the ones dated later included).
 */
import { AdminError } from '../admin/admin-ops.ts';
import { minorDigits, toMinor } from '../generator/money.ts';
import type { SandboxState } from '../state.ts';
import { moneyLines } from './line-money.ts';
import { addRefund, refundedUnits, releaseNow, unitsWorth, type RefundKind, type RefundLine } from './transaction-factory.ts';
import { transactionView } from './transaction-view.ts';

export interface RefundRequest {
  lines?: { sku: string; quantity?: number; amount?: string }[];
  chargeback?: boolean;
  /** What the refund is in the world (default refund; `chargeback: true` says chargeback). */
  kind?: RefundKind;
  /** Deferred (DEFERRED until its maturity, then released by a transaction of its own): default B2B, 30 days. */
  deferred?: { reason?: 'B2B' | 'DD7'; maturityDate?: string };
  /**
   * Posted this many minutes back (default 0), announced now: a refund Amazon lists at once (it hides the last two
   * minutes). Tests and benches use it to time the connector's own part; only the refund is dated back, never the
   * sandbox's clock (its usage-plan buckets keep running).
   */
  postedMinutesAgo?: number;
}

const DEFERRAL_DAYS = 30;

export function refundOrder(state: SandboxState, orderId: string, req: RefundRequest) {
  const stored = state.store.get(orderId);
  if (!stored) throw new AdminError(404, 'UNKNOWN_ORDER', `unknown order ${orderId}`);
  const lines = moneyLines(stored, state.catalogue);
  if (lines.length === 0) throw new AdminError(400, 'ORDER_NOT_SHIPPED', `order ${orderId} has no shipped units to refund`);
  const left = (l: (typeof lines)[number]) => l.shipped - refundedUnits(state.transactions, stored, l.orderItemId);
  const asked: NonNullable<RefundRequest['lines']> = req.lines ?? lines.filter((l) => left(l) > 0).map((l) => ({ sku: l.sku }));
  if (asked.length === 0) throw new AdminError(400, 'NOTHING_TO_REFUND', `every shipped unit of order ${orderId} is refunded already`);
  const refund: RefundLine[] = asked.map((a) => {
    const line = lines.find((l) => l.sku === a.sku);
    if (!line) throw new AdminError(400, 'UNKNOWN_ITEM', `order ${orderId} shipped no unit of ${a.sku}`);
    const units = a.quantity ?? left(line);
    if (units > left(line) || units < 1) throw new AdminError(400, 'TOO_MANY_UNITS', `${units} unit(s) of ${a.sku} to refund, ${left(line)} left`);
    const worth = unitsWorth(line, units);
    let amount = worth;
    if (a.amount !== undefined) {
      try {
        amount = toMinor(a.amount, minorDigits(line.currency));
      } catch {
        throw new AdminError(400, 'INVALID_AMOUNT', `amount ${a.amount} is not a decimal in ${line.currency}`);
      }
      if (amount <= 0 || amount > worth) throw new AdminError(400, 'INVALID_AMOUNT', `amount ${a.amount} must be above 0 and at most the units' worth`);
    }
    return { line, units, amount };
  });
  const nowMs = state.now();
  const maturityMs = req.deferred?.maturityDate === undefined ? nowMs + DEFERRAL_DAYS * 86_400_000 : Date.parse(req.deferred.maturityDate);
  if (req.deferred && !(maturityMs > nowMs)) throw new AdminError(400, 'INVALID_MATURITY', 'deferred.maturityDate must be an ISO 8601 date-time after now');
  const postedMs = nowMs - (req.postedMinutesAgo ?? 0) * 60_000;
  const t = addRefund(state.transactions, stored, { lines: refund, postedMs, kind: req.kind ?? (req.chargeback ? 'chargeback' : 'refund'),
    source: 'admin', ...(req.deferred ? { deferral: { reason: req.deferred.reason ?? 'B2B', maturityMs } } : {}) });
  state.announcer.sweep();
  return { transaction: { ...transactionView(t, state.catalogue, state.now()), kind: t.kind } };
}

/** The maturity of a deferred transaction comes now: its release is posted now and announced. */
export function releaseTransaction(state: SandboxState, sellerId: string, transactionId: string) {
  if (!state.sellers.has(sellerId)) throw new AdminError(404, 'UNKNOWN_SELLER', `unknown seller ${sellerId}`);
  const release = releaseNow(state.transactions, sellerId, transactionId, state.now());
  if (!release) throw new AdminError(400, 'NOT_DEFERRED', `transaction ${transactionId} is not deferred, or already released`);
  state.announcer.sweep();
  return { release: transactionView(release, state.catalogue, state.now()) };
}

export function financesOf(state: SandboxState, sellerId: string) {
  if (!state.sellers.has(sellerId)) throw new AdminError(404, 'UNKNOWN_SELLER', `unknown seller ${sellerId}`);
  state.announcer.sweep();
  const nowMs = state.now();
  return { sellerId, transactions: state.transactions.of(sellerId).map((t) => ({ ...transactionView(t, state.catalogue, nowMs),
    kind: t.kind, posted: t.postedMs <= nowMs, source: t.source, ...(t.returnId ? { returnId: t.returnId } : {}),
    ...(t.items.some((i) => i.merchantAdjustmentItemId) ? { merchantAdjustmentItemIds: t.items.flatMap((i) => (i.merchantAdjustmentItemId ? [i.merchantAdjustmentItemId] : [])) } : {}) })) };
}
