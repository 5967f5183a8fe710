/**
 * A refunds test's world: a stack with both sandboxes, merchant orders imported and confirmed in the ERP, the
 * refunds flow on; helpers to invoice and ship an order (as the shipments flow would have it), refund it on Amazon
 * through the sandbox's admin route (posted ten minutes ago: Amazon lists nothing of the last two minutes), sweep
 * and run the credit-note jobs, and read the credit notes an accountant sees.
 */
import { expect } from 'vitest';
import { startStack, type Stack } from './connector-stack.ts';
import { amazonAdmin } from './amazon.ts';
import { runTasks, sweepAndImport, theErpOrder } from './lifecycle.ts';
import { invoicesOf, request, runInvoiceJobs, validateDelivery } from './invoicing.ts';
import { taskList } from '../../connector/src/jobs/worker.ts';
import { RefundTasks } from '../../connector/src/sync/refunds/index.ts';
import type { ErpRecord } from '../../connector/src/erp/erp-port.ts';

const DE = 'A1PA6795UKMFR9';
export const SHIP_DATE = '2026-11-28T16:30:00Z';
export interface Order { id: string; soId: number; skus: string[] }
export interface RefundAnswer { transaction: { transactionId: string; transactionStatus: string; totalAmount: { currencyAmount: number }; relatedIdentifiers: Array<{ relatedIdentifierName: string; relatedIdentifierValue: string }> } }

export interface RefundsWorld {
  stack: Stack;
  take(pick?: (o: Order) => boolean): Order;
  invoiceAndShip(o: Order): Promise<ErpRecord>;
  refund(o: Order, body?: object): Promise<{ refundId: string; transactionId: string; total: number; status: string }>;
  /** Runs `act` with Amazon's clock ten minutes back (what it posts is listed at once). */
  posted<T>(act: () => Promise<T>): Promise<T>;
  sweep(): Promise<void>;
  credit(refundId: string): Promise<void>;
  creditNotesOf(invoiceId: number): Promise<ErpRecord[]>;
  recordState(refundId: string): Promise<{ state: string; code: string | null; detail: Record<string, unknown> } | undefined>;
  close(): Promise<void>;
}

/** `count` merchant orders generated; at least `atLeast` of them must be in the ERP (the generated mix has conflicts). */
export async function startRefundsWorld(adminUrl: string, label: string, erpTransport: 'json2' | 'jsonrpc', count = 10, atLeast = 4): Promise<RefundsWorld> {
  let skewMs = 0;
  const stack = await startStack({ adminUrl, label, erpTransport, amazon: { now: () => Date.now() + skewMs, returnShare: 0, refundShare: 0 } });
  const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count, marketplaceId: DE, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
  await sweepAndImport(stack);
  let orders: Order[] = [];
  for (const id of ids) {
    const so = await theErpOrder(stack, id).catch(() => null);
    if (so?.state !== 'sale') continue;
    const items = (stack.amazon.getOrder(id).order as { orderItems: Array<{ product: { sellerSku: string } }> }).orderItems;
    orders.push({ id, soId: so.id, skus: items.map((i) => i.product.sellerSku) });
  }
  expect(orders.length).toBeGreaterThanOrEqual(atLeast);
  await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { refunds: { enabled: true } } } });
  const posted = async <T>(act: () => Promise<T>): Promise<T> => {
    skewMs = -10 * 60_000;
    try {
      return await act();
    } finally {
      skewMs = 0;
    }
  };
  return {
    stack,
    take(pick = () => true) {
      const o = orders.find(pick);
      if (!o) throw new Error('no order left for this test');
      orders = orders.filter((x) => x !== o);
      return o;
    },
    async invoiceAndShip(o) {
      await validateDelivery(stack, o.soId);
      await request(stack, o.id, `mfn:${o.soId}`, SHIP_DATE);
      await runInvoiceJobs(stack);
      stack.amazon.updateOrder(o.id, { fulfillmentStatus: 'SHIPPED' });
      const [inv] = await invoicesOf(stack, o.soId);
      return inv!;
    },
    async refund(o, body = {}) {
      const { transaction: t } = await posted(() => amazonAdmin<RefundAnswer>(stack.amazon, `orders/${o.id}/refund`, body));
      return { refundId: t.relatedIdentifiers.find((r) => r.relatedIdentifierName === 'REFUND_ID')!.relatedIdentifierValue, transactionId: t.transactionId,
        total: t.totalAmount.currencyAmount, status: t.transactionStatus };
    },
    posted,
    async sweep() {
      await taskList(stack.env)[RefundTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
      await runTasks(stack, [RefundTasks.creditBatch, RefundTasks.credit]);
    },
    async credit(refundId) {
      await taskList(stack.env)[RefundTasks.credit]!({ backendId: stack.backendId, refundId }, undefined as never);
    },
    creditNotesOf: (invoiceId) =>
      stack.erpClient.searchRead('account.move', [['move_type', '=', 'out_refund'], ['reversed_entry_id', '=', invoiceId]], ['state', 'amount_total', 'ref', 'invoice_line_ids', 'payment_state'], { order: 'id asc' }),
    async recordState(refundId) {
      const { rows } = await stack.env.db.pool.query(`select state, code, detail from record_state where backend_id = $1 and flow = 'refunds' and key = $2`, [stack.backendId, refundId]);
      return rows[0];
    },
    close: () => stack.close(),
  };
}
