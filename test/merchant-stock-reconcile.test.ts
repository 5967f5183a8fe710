/**
 * Merchant quantities reconciled with what Amazon shows (merchant-stock's reconcile/), against a real PostgreSQL,
 * the ERP sandbox and the Amazon sandbox over HTTP (Listings Items, SQS notifications): the first reconciliation
 * learns each listing's channels, so the FBA-only listing is never given a merchant quantity and a SKU sold both
 * ways (whose last order was FBA) is sent, its DEFAULT entry only, its FBA units untouched; a quantity changed on
 * Amazon's side (`PUT /_sandbox/listings/:sellerId/:sku/quantity`) is found by the reconcile task, recorded in its
 * sync run, and repaired by the push; a LISTINGS_ITEM_MFN_QUANTITY_CHANGE for an edited quantity (read by the real
 * SQS reader, in Amazon's schema) makes a re-check that repairs it, and the echo of our own patch is ignored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { referenceDir } from '../connector/src/amazon/testing/reference.ts';
import { enqueue } from '../connector/src/core/queue/enqueue.ts';
import { flows } from '../connector/src/sync/flows.ts';
import { putChannel } from '../connector/src/sync/frame/notifications/channel-store.ts';
import { setUpNotifications } from '../connector/src/sync/frame/notifications/index.ts';
import { runQueueReader } from '../connector/src/sync/frame/notifications/queue-reader.ts';
import { pushOffers } from '../connector/src/sync/merchant-stock/index.ts';
import { startStack, type Stack } from './support/connector-stack.ts';
import { runJobs } from './support/lifecycle.ts';

const FBA_ONLY = 'MUG-CER-BLUE-FBA';
const TASKS = ['merchant-stock:reconcile', 'merchant-stock:recompute', 'merchant-stock:push', 'merchant-stock:quantity-notified', 'merchant-stock:recheck-due'];

describe('merchant quantities reconciled with Amazon', () => {
  let stack: Stack;
  let dual = '';
  let plain = '';
  const db = () => stack.env.db.pool;
  const b = () => stack.backendId;
  const shown = () => stack.amazon.listingQuantities(stack.sellerId).listings;
  const shownQty = (sku: string) => shown().find((l) => l.sku === sku)?.quantity;
  const fbaUnits = async (sku: string) => {
    const { backend, amazon } = await stack.env.runtimes.get(b());
    const item = await amazon.listings.getListingsItem(backend.sellerId, sku, backend.marketplaceIds);
    return item?.fulfillmentAvailability ?? [];
  };
  /** Amazon's side: a person edits the quantity in Seller Central (the sandbox's admin route). */
  const editOnAmazon = async (sku: string, quantity: number) => {
    const res = await fetch(`${stack.amazon.url}/_sandbox/listings/${stack.sellerId}/${encodeURIComponent(sku)}/quantity`, {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ quantity }),
    });
    expect(res.status).toBe(200);
  };
  const lastRun = async () =>
    (await db().query<{ id: number; trigger: string; status: string; counts: Record<string, number>; outcome: { repairs: { sku: string; amazonQty: number; expectedQty: number }[] } }>(
      `select id::int, trigger, status, counts, outcome from sync_run where backend_id = $1 and flow = 'merchant-stock' order by id desc limit 1`, [b()])).rows[0]!;

  beforeAll(async () => {
    stack = await startStack({
      adminUrl: inject('pgAdminUrl'),
      label: 'mstock_rec',
      amazon: { sqsDuplicateRate: 0, notificationDelayMs: 20 },
      settings: {
        sweepIntervalSeconds: 3600,
        goLive: { 'merchant-stock': { enabled: true } },
        merchantStock: { warehouses: { DEFAULT: ['RC1'] }, urgentMaxSkus: 20, reconcile: { intervalMinutes: 60, settleSeconds: 0 } },
      },
    });
    const erp = stack.erpClient;
    const [productId] = (await erp.create('product.product', [{ name: 'Reconciled mug', default_code: 'RC-MUG', is_storable: true, type: 'consu' }])) as [number];
    const [whId] = await erp.create('stock.warehouse', [{ name: 'Reconcile main', code: 'RC1' }]);
    const [wh] = await erp.read('stock.warehouse', [whId!], ['lot_stock_id']);
    const context = { inventory_mode: true };
    const quants = await erp.create('stock.quant', [{ product_id: productId, location_id: (wh!.lot_stock_id as [number, string])[0], inventory_quantity: 7 }], { context });
    await erp.call('stock.quant', 'action_apply_inventory', quants, { context });
    // Two of the sandbox's merchant listings and its FBA-only listing, all on the test's product.
    const listed = shown().filter((l) => l.quantity !== null && !l.sku.endsWith('-FBA')).map((l) => l.sku);
    [dual, plain] = listed as [string, string];
    stack.amazon.setFbaStock(stack.sellerId, 'EU', [{ sellerSku: dual, fulfillable: 40 }]);
    await db().query(`insert into amazon_sku (backend_id, sku) values ($1, $2), ($1, $3), ($1, $4)`, [b(), dual, plain, FBA_ONLY]);
    await stack.env.core.lookups.put(b(), 'sku_map', [dual, plain, FBA_ONLY].map((key) => ({ key, value: { productId } })));
    // The dual SKU's last order was Amazon-fulfilled: without the listing's channels it would be taken for FBA-only.
    await db().query(
      `insert into fetched_document (backend_id, kind, key, source_updated_at, content_hash, payload, summary) values ($1, 'order', 'RC-FBA-ORDER', now(), 'h', '{}', '{"fulfilledBy":"AMAZON"}')`, [b()]);
    await db().query(`update amazon_sku set last_order_id = 'RC-FBA-ORDER' where backend_id = $1 and sku = $2`, [b(), dual]);
  }, 180_000);
  afterAll(async () => {
    await stack?.close();
  });

  it("learns the listings' channels: the FBA-only listing gets no merchant quantity, the dual SKU keeps its FBA units", async () => {
    await enqueue(db(), 'merchant-stock:reconcile', { backendId: b() });
    await runJobs(stack, TASKS);
    const { rows } = await db().query<{ sku: string; channels: string[] }>(`select sku, channels from merchant_stock_listing where backend_id = $1 order by sku`, [b()]);
    expect(Object.fromEntries(rows.map((r) => [r.sku, r.channels]))).toMatchObject({ [dual]: ['AMAZON_EU', 'DEFAULT'], [plain]: expect.arrayContaining(['DEFAULT']), [FBA_ONLY]: ['AMAZON_EU'] });
    const offers = await db().query<{ sku: string; sent_qty: number }>(`select sku, sent_qty from merchant_stock_offer where backend_id = $1 order by sku`, [b()]);
    expect(offers.rows.map((r) => [r.sku, r.sent_qty]).sort()).toEqual([[dual, 7], [plain, 7]].sort());
    expect(shownQty(dual)).toBe(7);
    expect(shownQty(plain)).toBe(7);
    expect(shownQty(FBA_ONLY)).toBeNull();
    expect(await fbaUnits(dual)).toEqual(expect.arrayContaining([{ fulfillmentChannelCode: 'DEFAULT', quantity: 7 }, { fulfillmentChannelCode: 'AMAZON_EU', quantity: 40 }]));
    // The patch merged the DEFAULT entry only.
    const patches = stack.amazon.calls().operations.filter((o) => o.operation === 'patchListingsItem');
    expect(patches.reduce((n, o) => n + o.calls, 0)).toBe(2);
  });

  it('repairs a quantity changed on Amazon: found by the reconcile task, recorded in its run, sent again by patch', async () => {
    await editOnAmazon(plain, 50);
    await enqueue(db(), 'merchant-stock:reconcile', { backendId: b() });
    await runJobs(stack, ['merchant-stock:reconcile']);
    const run = await lastRun();
    expect(run).toMatchObject({ trigger: 'reconcile:task', status: 'succeeded', counts: { drift: 1, repaired: 1, inSync: 1, notOffered: 1 } });
    expect(run.outcome.repairs).toEqual([{ sku: plain, amazonQty: 50, expectedQty: 7, version: expect.any(Number) }]);
    const steps = await stack.env.core.runs.steps(run.id);
    expect(steps.map((s) => [s.recordKey, s.step])).toEqual([[plain, 'reconcile-drift']]);
    await runJobs(stack, ['merchant-stock:push']);
    expect(shownQty(plain)).toBe(7);
    expect((await fbaUnits(dual)).find((a) => a.fulfillmentChannelCode === 'AMAZON_EU')?.quantity).toBe(40);
    // Nothing left: the next reconciliation finds every SKU in sync and marks nothing.
    await enqueue(db(), 'merchant-stock:reconcile', { backendId: b() });
    await runJobs(stack, ['merchant-stock:reconcile']);
    expect((await lastRun()).counts).toMatchObject({ drift: 0, repaired: 0, inSync: 2 });
    expect(await pushOffers(stack.env, b())).toMatchObject({ patched: 0, queued: 0 });
  });

  it('the crontab queues a reconciliation once the backend interval has passed since the last one, not before', async () => {
    const cronRuns = async () => (await db().query<{ n: number }>(`select count(*)::int as n from sync_run where backend_id = $1 and trigger = 'reconcile:cron'`, [b()])).rows[0]!.n;
    await enqueue(db(), 'merchant-stock:reconcile-all', {});
    await runJobs(stack, ['merchant-stock:reconcile-all', 'merchant-stock:reconcile']);
    expect(await cronRuns()).toBe(1);
    expect((await lastRun()).counts).toMatchObject({ inSync: 2, repaired: 0 });
    // Within the hour (intervalMinutes 60): nothing queued.
    await enqueue(db(), 'merchant-stock:reconcile-all', {});
    await runJobs(stack, ['merchant-stock:reconcile-all', 'merchant-stock:reconcile']);
    expect(await cronRuns()).toBe(1);
  });

  it('re-checks a SKU whose quantity was edited on Amazon when its notification comes, and ignores the echo of our patch', async () => {
    const sb = stack.amazon;
    const { amazon } = await stack.env.core.backends.credentials(b());
    await putChannel(db(), stack.env.core.secrets, { applicationId: amazon.lwaClientId, queueUrl: sb.sqs.queueUrl(), queueArn: sb.sqs.queueArn(), awsRegion: sb.sqs.region, ...sb.sqs.credentials }, 'test');
    const setup = await setUpNotifications(stack.env, flows, b());
    expect(JSON.stringify(setup)).toContain('LISTINGS_ITEM_MFN_QUANTITY_CHANGE');
    const stop = new AbortController();
    const reader = runQueueReader(stack.env, () => flows, stop.signal, { idleMs: 100, waitTimeSeconds: 1 });
    const stored = async (n: number) => {
      for (let i = 0; i < 100; i++) {
        const { rows } = await db().query<{ n: number }>(`select count(*)::int as n from amazon_notification where notification_type = 'LISTINGS_ITEM_MFN_QUANTITY_CHANGE'`);
        if (rows[0]!.n >= n) return;
        await sleep(100);
      }
      throw new Error(`fewer than ${n} quantity notifications stored`);
    };
    try {
      await editOnAmazon(dual, 25);
      await stored(1);
      // What the sandbox published is in Amazon's schema.
      const ajv = new Ajv({ strict: false });
      addFormats.default(ajv);
      const schema = JSON.parse(readFileSync(join(referenceDir(), 'sp-api-models', 'schemas', 'notifications', 'ListingsItemMfnQuantityChange.json'), 'utf8')) as object;
      const bodies = sb.notifications().published.filter((p) => (p as { notificationType?: string }).notificationType === 'LISTINGS_ITEM_MFN_QUANTITY_CHANGE').map((p) => p.body);
      expect(bodies.length).toBeGreaterThan(0);
      for (const body of bodies) expect(ajv.validate(schema, typeof body === 'string' ? JSON.parse(body) : body), JSON.stringify(ajv.errors)).toBe(true);

      // The edited quantity: a re-check (settle 0: due now), which reconciles the SKU and patches 7 again.
      await runJobs(stack, ['merchant-stock:quantity-notified']);
      expect((await db().query(`select notified_qty from merchant_stock_listing where backend_id = $1 and sku = $2 and check_after is not null`, [b(), dual])).rows).toEqual([{ notified_qty: 25 }]);
      await runJobs(stack, ['merchant-stock:recheck-due', 'merchant-stock:push']);
      expect(shownQty(dual)).toBe(7);
      expect(await lastRun()).toMatchObject({ trigger: 'reconcile:notification', counts: { drift: 1, repaired: 1 } });
      expect((await fbaUnits(dual)).find((a) => a.fulfillmentChannelCode === 'AMAZON_EU')?.quantity).toBe(40);

      // Our patch back to 7 is notified too: its echo asks for nothing.
      await stored(2);
      await runJobs(stack, ['merchant-stock:quantity-notified']);
      const { rows } = await db().query<{ n: number }>(
        `select (select count(*)::int from merchant_stock_listing where backend_id = $1 and check_after is not null)
              + (select count(*)::int from graphile_worker.jobs where task_identifier = 'merchant-stock:recheck-due') as n`, [b()]);
      expect(rows[0]!.n).toBe(0);
    } finally {
      stop.abort();
      await reader.catch((e: { code?: string }) => { if (e.code !== 'INTERRUPTED') throw e; });
    }
  });
});
