/**
 * ERP -> Amazon refunds of an order whose VAT Amazon withheld (the demo's German seller on Amazon.co.uk, Amazon the
 * deemed supplier, the model's shape: VAT-inclusive items without a TAX breakdown). The ERP invoice and its credit
 * note are the seller's net (no VAT: Amazon's to account for); the buyer paid the gross. The payment adjustment
 * must give the buyer the gross back, Amazon returns the VAT it withheld, and the refund transaction that comes back
 * must be matched to the ERP user's credit note: exactly one credit note, no conflict.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startStack, type Stack } from './support/connector-stack.ts';
import { openConflictCodes, runTasks, sweepAndImport, theErpOrder } from './support/lifecycle.ts';
import { invoicesOf, request, runInvoiceJobs, validateDelivery } from './support/invoicing.ts';
import { sendFeedsUntilDone } from './support/feeds.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { RefundTasks } from '../connector/src/sync/refunds/index.ts';
import { RefundAdjustmentTasks } from '../connector/src/sync/refund-adjustments/index.ts';
import { creditNoteGateway } from '../connector/src/sync/refunds/erp/credit-note.gateway.ts';
import { DEFAULT_SELLERS } from '../sandbox/amazon/src/config.ts';
import { LEGACY_WORLD } from '../sandbox/amazon/src/index.ts';

const GB = 'A1F83G8C2ARO7P';
const cents = (v: unknown): number => Math.round(Number(v) * 100);
const SHIP_DATE = '2026-11-28T16:30:00Z';
type Related = Array<{ relatedIdentifierName: string; relatedIdentifierValue: string }>;
interface Leaf { breakdownType: string; breakdownAmount: { currencyAmount: number }; breakdowns?: Leaf[] }
interface Tx { transactionType: string; source: string; relatedIdentifiers: Related; totalAmount: { currencyAmount: number }; items: Array<{ breakdowns: Leaf[] }> }
interface SandboxItem { orderItemId: string; proceeds?: { proceedsTotal?: { amount: string } }; tax?: { taxCollections?: Array<{ model: string }> } }

describe('ERP credit note of an Amazon.co.uk order Amazon is the deemed supplier of -> payment adjustment -> its refund matched', () => {
  let stack: Stack;
  let skewMs = 0;
  beforeAll(async () => {
    const sellers = [{ ...DEFAULT_SELLERS[0]!, world: LEGACY_WORLD }, DEFAULT_SELLERS[1]!];
    stack = await startStack({ adminUrl: inject('pgAdminUrl'), label: 'refadj_withheld',
      amazon: { sellers, now: () => Date.now() + skewMs, returnShare: 0, refundShare: 0, feedProcessingSeconds: 0.6 } });
    await stack.env.core.backends.update(stack.backendId, { settings: {
      goLive: { 'refund-adjustments': { enabled: true }, refunds: { enabled: true } },
      feeds: { batchWindowSeconds: 0, pollSeconds: 1 },
    } });
  }, 120_000);
  afterAll(async () => stack?.close());

  const tasks = () => taskList(stack.env);
  async function sendFeeds(): Promise<void> {
    skewMs = -10 * 60_000;
    try {
      await sendFeedsUntilDone(stack, () => runTasks(stack, ['feeds:submit', 'feeds:poll', RefundAdjustmentTasks.results]));
    } finally {
      skewMs = 0;
    }
  }
  const refundsAtAmazon = async (orderId: string): Promise<Tx[]> => {
    const body = (await (await fetch(`${stack.amazon.url}/_sandbox/finances/${stack.sellerId}`)).json()) as { transactions: Tx[] };
    return body.transactions.filter((t) => t.transactionType === 'Refund' && t.relatedIdentifiers.some((r) => r.relatedIdentifierName === 'ORDER_ID' && r.relatedIdentifierValue === orderId));
  };
  /** Sum of the leaves of a transaction's items, split into the buyer's money and the tax Amazon withheld. */
  const leaves = (t: Tx) => {
    let buyer = 0;
    let withheld = 0;
    const walk = (b: Leaf, top: string) => {
      if (b.breakdowns?.length) return b.breakdowns.forEach((c) => walk(c, top));
      if (top === 'TaxWithheld') withheld += Math.round(b.breakdownAmount.currencyAmount * 100);
      else buyer += Math.round(b.breakdownAmount.currencyAmount * 100);
    };
    for (const i of t.items) for (const b of i.breakdowns) walk(b, b.breakdownType);
    return { buyer, withheld };
  };

  it('the buyer gets the gross back, Amazon returns the VAT it withheld, and the refund is bound to the ERP credit note: exactly one', async () => {
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 10, marketplaceId: GB, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', business: false });
    const items = (id: string) => (stack.amazon.getOrder(id).order as unknown as { orderItems: SandboxItem[] }).orderItems;
    const withheld = ids.filter((id) => items(id).every((i) => i.tax?.taxCollections?.some((c) => c.model === 'MARKETPLACE_FACILITATOR')));
    expect(withheld.length).toBeGreaterThan(0);
    await sweepAndImport(stack);
    let orderId: string | undefined;
    let soId = 0;
    for (const id of withheld) {
      const so = await theErpOrder(stack, id).catch(() => null);
      if (so?.state === 'sale') { orderId = id; soId = so.id; break; }
    }
    expect(orderId).toBeDefined();
    await validateDelivery(stack, soId);
    await request(stack, orderId!, `mfn:${soId}`, SHIP_DATE);
    await runInvoiceJobs(stack);
    stack.amazon.updateOrder(orderId!, { fulfillmentStatus: 'SHIPPED' });
    const [invoice] = await invoicesOf(stack, soId);
    // The seller's invoice: net, no VAT (Amazon's); the buyer paid more.
    expect(cents(invoice!.amount_tax)).toBe(0);
    const paid = items(orderId!).reduce((s, i) => s + cents(i.proceeds?.proceedsTotal?.amount ?? '0'), 0);
    expect(cents(invoice!.amount_total)).toBeLessThan(paid);

    // The ERP user credits the whole invoice and marks it for Amazon.
    const gw = creditNoteGateway(stack.erpClient);
    const [moveId] = await gw.reverse((await gw.readMove(invoice!.id))!, 'AMAZON:CustomerReturn');
    await gw.post(moveId!);
    await tasks()[RefundAdjustmentTasks.check]!({ backendId: stack.backendId, ids: [moveId!] }, undefined as never);
    await sendFeeds();
    const { rows: [rec] } = await stack.env.db.pool.query<{ status: string }>(`select state->>'status' as status from binding where backend_id = $1 and kind = 'refund_adjustment' and amazon_key = $2`, [stack.backendId, `CN${moveId}`]);
    expect(rec?.status).toBe('accepted');
    const [t] = await refundsAtAmazon(orderId!);
    expect(t?.source).toBe('feed');
    const { buyer, withheld: back } = leaves(t!);
    // The buyer is refunded what he paid (gross), Amazon hands the VAT back: the seller's money is the credit note.
    expect(-buyer).toBe(paid);
    expect(back).toBeGreaterThan(0);
    expect(-(buyer + back)).toBe(cents(invoice!.amount_total));

    // Amazon's refund transaction, swept by the refunds flow: bound to the ERP user's credit note, none made.
    skewMs = 0;
    await tasks()[RefundTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
    await runTasks(stack, [RefundTasks.creditBatch, RefundTasks.credit]);
    const refundId = t!.relatedIdentifiers.find((r) => r.relatedIdentifierName === 'REFUND_ID')!.relatedIdentifierValue;
    expect(await openConflictCodes(stack, refundId)).toEqual([]);
    expect((await stack.env.core.binder.toErp(stack.backendId, 'refund', refundId))?.erpId).toBe(moveId);
    const notes = await stack.erpClient.searchRead('account.move', [['move_type', '=', 'out_refund'], ['reversed_entry_id', '=', invoice!.id]], ['id']);
    expect(notes.map((n) => n.id)).toEqual([moveId]);
  });
});
