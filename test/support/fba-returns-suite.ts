/**
 * FBA customer returns end to end, against both ERP faces (JSON-2 and JSON-RPC) and the Amazon sandbox over HTTP:
 * shipped FBA orders imported and delivered from the EU pool (the fba flow), returned through the sandbox's admin
 * route with a disposition, read by the flow's sweep through the Reports core (its steps driven as the tasks call
 * them), and each returned unit put back by a validated return of the order's FBA delivery: SELLABLE into the pool's
 * Stock, every other disposition into its Unsellable location. A window read again (Amazon's later revision)
 * doubles nothing; a revised disposition is one internal transfer and never a second return; a reimbursement read
 * from its report takes the unit off the claim candidates (API route and /metrics); a return of an order without
 * its delivery is a visible, retryable conflict.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEFAULT_SELLERS } from '../../sandbox/amazon/src/config.ts';
import { LEGACY_WORLD } from '../../sandbox/amazon/src/index.ts';
import { startStack, type Stack } from './connector-stack.ts';
import { amazonAdmin } from './amazon.ts';
import { startApi, type ApiHandle } from './api.ts';
import { registerStoreMetrics } from '../../connector/src/observability/store-metrics.ts';
import { flows } from '../../connector/src/sync/flows.ts';
import { openConflictCodes, runTasks, sweepAndImport } from './lifecycle.ts';
import { driveReports } from './reports.ts';
import { deliverFbaOrders, poolLocations, seedPools, type PoolLocations } from '../../connector/src/sync/fba/index.ts';
import { FbaReturnTasks } from '../../connector/src/sync/fba-returns/index.ts';
import { RefundTasks } from '../../connector/src/sync/refunds/index.ts';
import { taskList } from '../../connector/src/jobs/worker.ts';
import { rereadFbaReturns, sweepFbaReturns } from '../../connector/src/sync/fba-returns/sweep.ts';
import { applyFbaReturn } from '../../connector/src/sync/fba-returns/apply-return.ts';
import { requestReport } from '../../connector/src/sync/frame/reports/index.ts';
import { withTransaction } from '../../connector/src/core/tx.ts';

const DE = 'A1PA6795UKMFR9';
const FAST = { rate: 20, burst: 100 };
const PLANS = { searchOrders: { rate: 5, burst: 100 }, createReport: FAST, getReport: FAST, getReports: FAST, getReportDocument: FAST };
const catalogue = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'sandbox', 'catalogue', 'catalogue.json'), 'utf8')) as { aliases: Record<string, string> };
interface Returned { returnId: string; orderId: string; sku: string; disposition: string }
interface ReturnAnswer { return: { returnId: string; orderId: string; sku: string; disposition: string } }

/** The suite over one ERP face (a file per face keeps each under a minute). */
export function fbaReturnsSuite(erpTransport: 'json2' | 'jsonrpc'): void {
  describe(`FBA returns into the pools (ERP over ${erpTransport})`, () => {
    let stack: Stack;
    let api: ApiHandle;
    let pool: PoolLocations;
    const delivered: string[] = [];
    let skewMs = 0;
    const returned = new Map<string, Returned>();
    const erp = () => stack.erpClient;
    const take = () => {
      const id = delivered.shift();
      if (!id) throw new Error('no delivered FBA order left');
      return id;
    };

    beforeAll(async () => {
      const sellers = [{ ...DEFAULT_SELLERS[0]!, world: LEGACY_WORLD }, DEFAULT_SELLERS[1]!];
      stack = await startStack({
        adminUrl: inject('pgAdminUrl'), label: `fba-returns-${erpTransport}`, erpTransport,
        amazon: { sellers, now: () => Date.now() + skewMs, returnShare: 0, refundShare: 0, reportProcessingSeconds: 1, usagePlans: PLANS },
        settings: { rateOverrides: PLANS, goLive: { fba: { enabled: true }, 'fba-returns': { enabled: true }, refunds: { enabled: true } }, fbaReturns: { claimAfterDays: 0 } },
      });
      // The seller's FBA listings are other SKUs of its ERP products (as test/fba-orders.test.ts has it).
      const targets = await erp().searchRead('product.product', [['default_code', 'in', Object.values(catalogue.aliases)]], ['default_code']);
      const idOf = new Map(targets.map((p) => [p.default_code as string, p.id]));
      await stack.env.core.lookups.put(stack.backendId, 'sku_map', Object.entries(catalogue.aliases).filter(([, t]) => idOf.has(t)).map(([sku, t]) => ({ key: sku, value: { productId: idOf.get(t)! } })));
      await seedPools(stack.env, stack.backendId);
      pool = (await poolLocations(stack.env.core.binder, stack.backendId, 'EU'))!;
      const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 12, status: 'SHIPPED', marketplaceId: DE, fulfilledBy: 'AMAZON', business: false });
      await sweepAndImport(stack);
      await deliverFbaOrders(stack.env, stack.backendId);
      for (const id of ids) if (await stack.env.core.binder.toErp(stack.backendId, 'fba_delivery', id)) delivered.push(id);
      expect(delivered.length).toBeGreaterThanOrEqual(6);
      // The API process's /metrics: the business gauges of every flow, the claim candidates' among them.
      registerStoreMetrics(stack.env.metrics.registry, stack.env.db.pool, flows);
      api = await startApi(stack);
    }, 240_000);
    afterAll(async () => {
      await api?.close();
      await stack?.close();
    });

    /** Returns one unit of an order on Amazon with a disposition, ten minutes ago (the sweep leaves the newest five). */
    async function returnOrder(orderId: string, disposition: string): Promise<Returned> {
      skewMs = -10 * 60_000;
      try {
        const { return: r } = await amazonAdmin<ReturnAnswer>(stack.amazon, `orders/${orderId}/return`, { quantity: 1, disposition });
        const x = { returnId: r.returnId, orderId: r.orderId, sku: r.sku, disposition: r.disposition };
        returned.set(disposition, x);
        return x;
      } finally {
        skewMs = 0;
      }
    }
    const productOf = async (sku: string) => {
      const code = catalogue.aliases[sku] ?? sku;
      return (await erp().searchRead('product.product', [['default_code', '=', code]], ['id']))[0]!.id;
    };
    /** Every SKU of the order is an ERP product (its import and delivery then go through). */
    const knownProducts = async (orderId: string) => {
      const items = (stack.amazon.getOrder(orderId).order as { orderItems: Array<{ product: { sellerSku: string } }> }).orderItems;
      const codes = items.map((i) => catalogue.aliases[i.product.sellerSku] ?? i.product.sellerSku);
      return (await erp().searchRead('product.product', [['default_code', 'in', codes]], ['default_code'])).length === new Set(codes).size;
    };
    const quantityAt = async (productId: number, locationId: number) =>
      (await erp().searchRead('stock.quant', [['product_id', '=', productId], ['location_id', '=', locationId]], ['quantity'])).reduce((s, q) => s + Number(q.quantity), 0);
    const returnsOfOrder = async (orderId: string) => {
      const delivery = (await stack.env.core.binder.toErp(stack.backendId, 'fba_delivery', orderId))!;
      return erp().searchRead('stock.picking', [['return_id', '=', delivery.erpId]], ['state', 'location_dest_id', 'origin']);
    };
    const rowKeyOf = async (orderId: string) =>
      (await stack.env.db.pool.query<{ row_key: string }>('select row_key from fba_return_row where backend_id = $1 and order_id = $2', [stack.backendId, orderId])).rows[0]!.row_key;
    const queuedApplies = async () =>
      (await stack.env.db.pool.query<{ n: number }>(`select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = $1`, [FbaReturnTasks.apply])).rows[0]!.n;
    const apply = () => runTasks(stack, [FbaReturnTasks.apply]);
    /** The row's task body run directly (a redelivered job, a second worker, the conflict's retry). */
    const taskRun = (rowKey: string) => applyFbaReturn(stack.env, stack.backendId, rowKey);
    const candidates = async () => (await api.get<{ items: Array<{ amazonOrderId: string; sku: string; quantity: number; disposition: string; claimDeadline: string; returnDate: string }> }>(`/api/backends/${stack.backendId}/fba-returns/claim-candidates`)).body.items;

    it('puts each returned unit into the pool by its disposition, by a validated return of the FBA delivery; a window read again doubles nothing', async () => {
      const dispositions = ['SELLABLE', 'DAMAGED', 'CUSTOMER_DAMAGED', 'DEFECTIVE', 'CARRIER_DAMAGED'];
      const cases = [];
      for (const d of dispositions) {
        const r = await returnOrder(take(), d);
        const productId = await productOf(r.sku);
        cases.push({ r, productId, stock: await quantityAt(productId, pool.stockLocationId), unsellable: await quantityAt(productId, pool.unsellableLocationId) });
      }
      const sweep = (await sweepFbaReturns(stack.env, stack.backendId))!;
      expect(sweep.requests).toBeGreaterThan(1);
      // Each returns window is read again 7 and 35 days after its end.
      const { rows: rereads } = await stack.env.db.pool.query<{ days: number }>(
        `select round(extract(epoch from j.run_at - (j.payload->>'end')::timestamptz) / 86400)::int as days from graphile_worker._private_jobs j
           join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = $1 and j.payload->>'marketplaceId' = $2`, [FbaReturnTasks.reread, DE]);
      expect(rereads.map((r) => r.days).sort()).toEqual([35, 7]);
      await driveReports(stack);
      // Two workers on every row at once: one makes the return, the other finds the order locked (LOCK_BUSY, retried).
      const { rows: keys } = await stack.env.db.pool.query<{ row_key: string }>('select row_key from fba_return_row where backend_id = $1', [stack.backendId]);
      const runs = await Promise.allSettled(keys.flatMap((k) => [taskRun(k.row_key), taskRun(k.row_key)]));
      for (const run of runs) if (run.status === 'rejected') expect((run.reason as { code?: string }).code).toBe('LOCK_BUSY');
      await apply();
      for (const c of cases) {
        const receipts = await returnsOfOrder(c.r.orderId);
        const where = c.r.disposition === 'SELLABLE' ? pool.stockLocationId : pool.unsellableLocationId;
        expect(receipts.map((p) => [p.state, (p.location_dest_id as [number, string])[0]]), c.r.disposition).toEqual([['done', where]]);
      }
      // Per product (cases may share one, all measured before any return was read): one unit more where it belongs.
      for (const productId of new Set(cases.map((c) => c.productId))) {
        const mine = cases.filter((c) => c.productId === productId);
        const sellable = mine.filter((c) => c.r.disposition === 'SELLABLE').length;
        expect(await quantityAt(productId, pool.stockLocationId)).toBe(mine[0]!.stock + sellable);
        expect(await quantityAt(productId, pool.unsellableLocationId)).toBe(mine[0]!.unsellable + mine.length - sellable);
      }
      const { rows: states } = await stack.env.db.pool.query(`select state, count(*)::int as n from record_state where backend_id = $1 and flow = 'fba-returns' group by state`, [stack.backendId]);
      expect(states).toEqual([{ state: 'returned', n: dispositions.length }]);

      // Amazon's 7-day re-read of the window: the same rows again, nothing queued, nothing made.
      const validations = () => stack.erp.sandbox.stats().calls['stock.picking.button_validate'] ?? 0;
      const before = validations();
      const { rows: windows } = await stack.env.db.pool.query<{ start: string; end: string }>(
        `select j.payload->>'start' as start, j.payload->>'end' as end from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
          where t.identifier = $1 and j.payload->>'marketplaceId' = $2 and (j.payload->>'afterDays')::int = 7`, [FbaReturnTasks.reread, DE]);
      const again = await rereadFbaReturns(stack.env, { backendId: stack.backendId, marketplaceId: DE, start: windows[0]!.start, end: windows[0]!.end, afterDays: 7 });
      expect(again.created).toBe(true);
      await driveReports(stack);
      expect(await queuedApplies()).toBe(0);
      // The task run twice anyway (a redelivered job): the binding answers, nothing is validated again.
      await Promise.allSettled(cases.map(async (c) => taskRun(await rowKeyOf(c.r.orderId))));
      expect(validations()).toBe(before);
      for (const c of cases) expect((await returnsOfOrder(c.r.orderId)).length).toBe(1);
    });
    it('a revised disposition moves the unit between Stock and Unsellable once, never a second return', async () => {
      const r = returned.get('SELLABLE')!;
      const productId = await productOf(r.sku);
      const [stock, unsellable] = [await quantityAt(productId, pool.stockLocationId), await quantityAt(productId, pool.unsellableLocationId)];
      await amazonAdmin(stack.amazon, `returns/${r.returnId}/disposition`, { disposition: 'DAMAGED' });
      const { rows: windows } = await stack.env.db.pool.query<{ start: string; end: string }>(
        `select j.payload->>'start' as start, j.payload->>'end' as end from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
          where t.identifier = $1 and j.payload->>'marketplaceId' = $2 and (j.payload->>'afterDays')::int = 35`, [FbaReturnTasks.reread, DE]);
      await rereadFbaReturns(stack.env, { backendId: stack.backendId, marketplaceId: DE, start: windows[0]!.start, end: windows[0]!.end, afterDays: 35 });
      await driveReports(stack);
      expect(await queuedApplies()).toBe(1);
      // What Amazon shows now (GET /_sandbox/returns/:seller) is what the row holds, as its first revision.
      const shown = (await (await fetch(`${stack.amazon.url}/_sandbox/returns/${stack.sellerId}`)).json()) as { returns: Array<{ returnId: string; disposition: string }> };
      expect(shown.returns.find((x) => x.returnId === r.returnId)?.disposition).toBe('DAMAGED');
      const { rows: staged } = await stack.env.db.pool.query('select disposition, revision from fba_return_row where backend_id = $1 and order_id = $2', [stack.backendId, r.orderId]);
      expect(staged).toEqual([{ disposition: 'DAMAGED', revision: 1 }]);
      await apply();
      const rowKey = await rowKeyOf(r.orderId);
      const transfers = await erp().searchRead('stock.picking', [['origin', '=', `Amazon FBA return ${rowKey} revision 1`]], ['state', 'location_id', 'location_dest_id']);
      expect(transfers.map((t) => [t.state, (t.location_id as [number, string])[0], (t.location_dest_id as [number, string])[0]])).toEqual([['done', pool.stockLocationId, pool.unsellableLocationId]]);
      expect(await quantityAt(productId, pool.stockLocationId)).toBe(stock - 1);
      expect(await quantityAt(productId, pool.unsellableLocationId)).toBe(unsellable + 1);
      expect((await returnsOfOrder(r.orderId)).length).toBe(1);
      // Run again (a retry, a second worker): the transfer's binding answers; nothing more moves.
      await taskRun(rowKey);
      expect((await erp().searchRead('stock.picking', [['origin', 'like', `Amazon FBA return ${rowKey} revision`]], ['id'])).length).toBe(1);
      expect(await quantityAt(productId, pool.stockLocationId)).toBe(stock - 1);
    });

    it('records reimbursements per order and SKU and lists the damaged units Amazon has not paid for as claim candidates', async () => {
      // Amazon damaged DAMAGED and CARRIER_DAMAGED (and the revised one); customer damage and defects are the buyer's.
      const listed = await candidates();
      const damaged = ['DAMAGED', 'CARRIER_DAMAGED', 'SELLABLE'].map((d) => returned.get(d)!.orderId);
      expect(listed.map((c) => c.amazonOrderId).sort()).toEqual(damaged.sort());
      for (const c of listed) expect(new Date(c.claimDeadline).getTime() - new Date(c.returnDate).getTime()).toBe(60 * 86_400_000);
      const metrics = await api.get<string>('/metrics');
      expect(metrics.text).toContain(`aec_fba_claim_candidates{backend="${stack.backendId}"} 3`);
      // The revision to DAMAGED was reimbursed by Amazon at once: its report read, it is no candidate any more.
      await new Promise((res) => setTimeout(res, 1100));
      const now = new Date();
      await withTransaction(stack.env.db.pool, (tx) => requestReport(tx, { backendId: stack.backendId, flow: 'fba-returns', reportType: 'GET_FBA_REIMBURSEMENTS_DATA', marketplaceId: DE, dataStartTime: new Date(now.getTime() - 86_400_000), dataEndTime: now }));
      await driveReports(stack);
      const revised = returned.get('SELLABLE')!;
      const { rows } = await stack.env.db.pool.query(`select reason, quantity_cash + quantity_inventory as units from fba_reimbursement where backend_id = $1 and order_id = $2 and sku = $3`, [stack.backendId, revised.orderId, revised.sku]);
      expect(rows).toEqual([{ reason: 'Damaged_Warehouse', units: 1 }]);
      expect((await candidates()).map((c) => c.amazonOrderId).sort()).toEqual(damaged.filter((o) => o !== revised.orderId).sort());
    });

    it('a unit refunded on an FBA order and never returned is a LOST claim candidate; a refunded unit that came back is not', async () => {
      const orderId = take();
      skewMs = -10 * 60_000;
      try {
        await amazonAdmin(stack.amazon, `orders/${orderId}/refund`, {});
      } finally {
        skewMs = 0;
      }
      // The refunds flow's sweep (the flow on: its credit notes are not this test's) stores the refunds: this one, and
      // those of the units returned above, which came back and are no candidates.
      await taskList(stack.env)[RefundTasks.sweep]!({ backendId: stack.backendId }, undefined as never);
      const items = (stack.amazon.getOrder(orderId).order as { orderItems: Array<{ product: { sellerSku: string }; fulfillment: { quantityFulfilled: number } }> }).orderItems;
      const lost = (await candidates()).filter((c) => c.disposition === 'LOST');
      expect(lost.map((c) => [c.amazonOrderId, c.sku, c.quantity]).sort()).toEqual(items.map((i) => [orderId, i.product.sellerSku, Number(i.fulfillment.quantityFulfilled)]).sort());
      for (const c of lost) expect(new Date(c.claimDeadline).getTime() - new Date(c.returnDate).getTime()).toBe(60 * 86_400_000);
    });

    it('a return of an order whose delivery is not in the ERP: a visible FBA_RETURN_NO_DELIVERY conflict, returned once the retry finds it', async () => {
      const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 6, status: 'SHIPPED', marketplaceId: DE, fulfilledBy: 'AMAZON', business: false });
      let orderId: string | undefined;
      for (const id of ids) if (!orderId && (await knownProducts(id))) orderId = id;
      const r = await returnOrder(orderId!, 'SELLABLE');
      const now = new Date();
      await withTransaction(stack.env.db.pool, (tx) => requestReport(tx, { backendId: stack.backendId, flow: 'fba-returns', reportType: 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA', marketplaceId: DE, dataStartTime: new Date(now.getTime() - 3_600_000), dataEndTime: now }));
      await driveReports(stack);
      await apply();
      const rowKey = await rowKeyOf(r.orderId);
      expect(await openConflictCodes(stack, rowKey)).toEqual(['FBA_RETURN_NO_DELIVERY']);
      await sweepAndImport(stack);
      await deliverFbaOrders(stack.env, stack.backendId);
      expect(await stack.env.core.binder.toErp(stack.backendId, 'fba_delivery', r.orderId)).not.toBeNull();
      await taskRun(rowKey);
      expect(await openConflictCodes(stack, rowKey)).toEqual([]);
      expect((await returnsOfOrder(r.orderId)).map((p) => p.state)).toEqual(['done']);
    });
  });
}
