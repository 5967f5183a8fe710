/**
 * A sandbox month of settlements (issue 16): the demo's EU seller as the demo has it (a German company: its UK sales
 * Amazon's to tax as deemed supplier, items VAT-inclusive without a TAX breakdown), its orders on Amazon.de (EUR) and
 * Amazon.co.uk (GBP), merchant and FBA, imported and invoiced through the connector, shipped on Amazon; the world's own
 * refunds and returns posted on their days; two 14-day periods closed per currency.
 *
 * Time: Amazon's clock starts 30 days back (its first settlement period starts then) and the orders ship then; the
 * clock is moved forward to close each period (Amazon makes the report when it ends) and back to now for the flows
 * that list what Amazon posted up to two minutes ago (refunds): everything the world refunds within 25 days of the
 * shipment is then in the past of both clocks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SELLERS } from '../../sandbox/amazon/src/config.ts';
import { requestInvoice } from '../../connector/src/sync/invoices/index.ts';
import { sweepOrders } from '../../connector/src/sync/orders/sweep-orders.task.ts';
import { sweepSettlements } from '../../connector/src/sync/settlements/index.ts';
import { taskList } from '../../connector/src/jobs/worker.ts';
import { RefundTasks } from '../../connector/src/sync/refunds/index.ts';
import { amazonAdmin } from './amazon.ts';
import { startStack, type Stack } from './connector-stack.ts';
import { runInvoiceJobs } from './invoicing.ts';
import { runJobs, runTasks } from './lifecycle.ts';

export const DE = 'A1PA6795UKMFR9';
export const UK = 'A1F83G8C2ARO7P';
const DAY = 86_400_000;
const catalogue = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'sandbox', 'catalogue', 'catalogue.json'), 'utf8')) as { aliases: Record<string, string> };

export interface MonthOptions {
  adminUrl: string;
  label: string;
  erpTransport: 'json2' | 'jsonrpc';
  /** Orders generated in all (split over DE and UK, merchant and FBA). */
  orders: number;
}

export interface Month {
  stack: Stack;
  /** Amazon's clock offset from now (ms). */
  skew(): number;
  setSkew(ms: number): void;
  generated: string[];
  /** Imported orders with a posted invoice (the invoices flow's `invoiced`). */
  invoiced(): Promise<string[]>;
  /** Closes Amazon's open period at `daysFromStart` (its report appears) and stores it: the new settlements' ids. */
  closePeriod(daysFromStart: number): Promise<string[]>;
  /** Ships the other half of the orders at `daysFromStart` (Amazon's clock); the FBA ones imported and invoiced then. */
  shipRest(daysFromStart: number): Promise<void>;
  /** The refunds flow, with Amazon's clock at now: sweep, then the credit jobs (credit notes in the ERP). */
  runRefunds(): Promise<void>;
}

export async function startMonth(o: MonthOptions): Promise<Month> {
  let skewMs = -30 * DAY;
  const plans = { searchOrders: { rate: 50, burst: 500 }, getReports: { rate: 50, burst: 500 }, getReportDocument: { rate: 50, burst: 500 },
    listTransactions: { rate: 50, burst: 500 }, getOrder: { rate: 50, burst: 500 } };
  const sellers = [{ ...DEFAULT_SELLERS[0]!, marketplaceIds: [...DEFAULT_SELLERS[0]!.marketplaceIds] }, { ...DEFAULT_SELLERS[1]!, marketplaceIds: [...DEFAULT_SELLERS[1]!.marketplaceIds] }];
  const stack = await startStack({ adminUrl: o.adminUrl, label: o.label, erpTransport: o.erpTransport, settings: { rateOverrides: plans, goLive: { fba: { enabled: true } } },
    amazon: { sellers, now: () => Date.now() + skewMs, usagePlans: plans } });
  // The seller's FBA listings (`...-FBA`) are other SKUs of its ERP products: its SKU table says so.
  const targets = await stack.erpClient.searchRead('product.product', [['default_code', 'in', Object.values(catalogue.aliases)]], ['default_code']);
  const idOf = new Map(targets.map((p) => [p.default_code as string, p.id]));
  await stack.env.core.lookups.put(stack.backendId, 'sku_map', Object.entries(catalogue.aliases).map(([sku, target]) => ({ key: sku, value: { productId: idOf.get(target)! } })));

  const amazonNow = () => Date.now() + skewMs;
  const start = amazonNow();
  const generated: string[] = [];
  const byKind = new Map<string, string[]>();
  const quarter = Math.ceil(o.orders / 4);
  const window = { createdFrom: new Date(start - 4 * 3600_000).toISOString(), createdTo: new Date(start - 5 * 60_000).toISOString() };
  for (const marketplaceId of [DE, UK]) {
    for (const fulfilledBy of ['MERCHANT', 'AMAZON'] as const) {
      const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: quarter, marketplaceId, fulfilledBy, status: 'UNSHIPPED', business: false, ...window });
      byKind.set(`${marketplaceId}/${fulfilledBy}`, ids);
      generated.push(...ids);
    }
  }
  await stack.env.core.backends.update(stack.backendId, { marketplaceIds: [DE, UK] });
  /**
   * The orders flow's sweep up to Amazon's now (what changed since the start: FBA orders are imported once shipped),
   * then one invoice request per imported order not asked yet, as the shipments (merchant) and FBA flows make them,
   * in one transaction; the invoice jobs run.
   */
  const importAndInvoice = async () => {
    await sweepOrders(stack.env, { backendId: stack.backendId, window: { from: new Date(start - 5 * 3600_000).toISOString(), to: new Date(amazonNow() - 150_000).toISOString() } });
    await runJobs(stack);
    const { rows } = await stack.env.db.pool.query<{ id: string }>(
      `select amazon_order_id as id from amazon_order a where backend_id = $1 and sync_state = 'imported' and amazon_order_id = any($2)
          and not exists (select 1 from invoice_request r where r.backend_id = a.backend_id and r.amazon_order_id = a.amazon_order_id)`, [stack.backendId, generated]);
    const tx = await stack.env.db.pool.connect();
    try {
      await tx.query('begin');
      for (const r of rows) await requestInvoice(tx, { backendId: stack.backendId, amazonOrderId: r.id, shipmentKey: `month:${r.id}`, shipDate: new Date(amazonNow()).toISOString() });
      await tx.query('commit');
    } finally {
      tx.release();
    }
    await runInvoiceJobs(stack);
  };
  await importAndInvoice();
  // Half the orders ship now (Amazon's clock), the other half in the second period: each sale posts when it ships,
  // the world draws its refunds and returns then. The FBA ones are imported once shipped.
  const later = generated.filter((_, i) => i % 2 === 1);
  for (const id of generated.filter((_, i) => i % 2 === 0)) stack.amazon.updateOrder(id, { fulfillmentStatus: 'SHIPPED' });
  skewMs += 10 * 60_000;
  await importAndInvoice();
  await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { refunds: { enabled: true }, settlements: { enabled: true } } } });
  const invoiced = async () => (await stack.env.db.pool.query<{ id: string }>(`select amazon_order_id as id from invoice_request where backend_id = $1 and state = 'invoiced'`, [stack.backendId])).rows.map((r) => r.id);
  // Refunds whatever the world draws for a small month, both posted now: a UK merchant order returned (back and
  // refunded in full at once, the sandbox's admin return) and a DE FBA order refunded in part (goodwill).
  // Orders the world refunded or returned already are left out: the 3,000-order month drew a refund of the first
  // DE FBA order's only unit, and the sandbox refused the goodwill (TOO_MANY_UNITS, 0 left).
  const done = new Set(await invoiced());
  const touched = await refundedOrReturned(stack);
  const shippedOf = (kind: string) => byKind.get(kind)!.filter((id) => done.has(id) && generated.indexOf(id) % 2 === 0 && !touched.has(id));
  const skuOf = (id: string) => (stack.amazon.getOrder(id).order as { orderItems: Array<{ product: { sellerSku: string } }> }).orderItems[0]!.product.sellerSku;
  const returned = shippedOf(`${UK}/MERCHANT`)[0]!;
  await amazonAdmin(stack.amazon, `orders/${returned}/return`, { sku: skuOf(returned), quantity: 1 });
  const goodwill = shippedOf(`${DE}/AMAZON`)[0]!;
  await amazonAdmin(stack.amazon, `orders/${goodwill}/refund`, { lines: [{ sku: skuOf(goodwill), quantity: 1, amount: '3.00' }] });

  return {
    stack,
    skew: () => skewMs,
    setSkew: (ms) => { skewMs = ms; },
    generated,
    invoiced,
    async shipRest(daysFromStart) {
      skewMs = start + daysFromStart * DAY - Date.now();
      for (const id of later) stack.amazon.updateOrder(id, { fulfillmentStatus: 'SHIPPED' });
      skewMs += 10 * 60_000;
      await importAndInvoice();
    },
    async closePeriod(daysFromStart) {
      const before = new Set((await stack.env.db.pool.query<{ id: string }>(`select settlement_id as id from settlement where backend_id = $1`, [stack.backendId])).rows.map((r) => r.id));
      skewMs = start + daysFromStart * DAY - Date.now();
      await sweepSettlements({ env: stack.env }, stack.backendId, new Date(amazonNow()));
      const after = (await stack.env.db.pool.query<{ id: string }>(`select settlement_id as id from settlement where backend_id = $1 order by end_date, currency`, [stack.backendId])).rows.map((r) => r.id);
      return after.filter((id) => !before.has(id));
    },
    async runRefunds() {
      const saved = skewMs;
      skewMs = 0;
      try {
        await taskList(stack.env)[RefundTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
        await runTasks(stack, [RefundTasks.creditBatch, RefundTasks.credit]);
      } finally {
        skewMs = saved;
      }
    },
  };
}

/** The orders the Amazon sandbox's world has refunded (any refund, dated later too) or taken back so far. */
async function refundedOrReturned(stack: Stack): Promise<Set<string>> {
  const get = async <T>(path: string) => (await (await fetch(`${stack.amazon.url}/_sandbox/${path}`)).json()) as T;
  const { transactions } = await get<{ transactions: Array<{ transactionType: string; relatedIdentifiers: Array<{ relatedIdentifierName: string; relatedIdentifierValue: string }> }> }>(
    `finances/${stack.sellerId}`);
  const { returns } = await get<{ returns: Array<{ orderId: string }> }>(`returns/${stack.sellerId}`);
  const refunded = transactions.filter((t) => t.transactionType === 'Refund')
    .flatMap((t) => t.relatedIdentifiers.filter((r) => r.relatedIdentifierName === 'ORDER_ID').map((r) => r.relatedIdentifierValue));
  return new Set([...refunded, ...returns.map((r) => r.orderId)]);
}
