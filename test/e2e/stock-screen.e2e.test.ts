/**
 * The Stock screen in Chromium, the panel embedded in the ERP sandbox's page (an integrator): the merchant offers
 * the connector computed and sent to the Amazon sandbox, then the FBA tab's drift (units Amazon lost) applied to the
 * ERP pool warehouse through the confirmation dialog. The flows run in-process against the real API process and both
 * sandboxes; screenshots of both tabs go to .artifacts/screenshots/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { poolLocations, seedPools } from '../../connector/src/sync/fba/index.ts';
import { takeSnapshot } from '../../connector/src/sync/fba-stock/index.ts';
import { pushOffers, recomputeOffers } from '../../connector/src/sync/merchant-stock/index.ts';
import { launchChromium, saveScreenshot, type E2eBrowser } from '../support/e2e-browser.ts';
import { panelFrame, signInToErp, startEmbeddedStack, type EmbeddedStack } from '../support/e2e-stack.ts';

const catalogue = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'sandbox', 'catalogue', 'catalogue.json'), 'utf8')) as { notInErp: string[]; aliases: Record<string, string> };
const OFFER_SKUS = ['MUG-CER-BLUE', 'MUG-CER-RED'];
let e2e: EmbeddedStack;
let browser: E2eBrowser;

beforeAll(async () => {
  e2e = await startEmbeddedStack({
    adminUrl: inject('pgAdminUrl'), label: 'e2e_stock', worker: false,
    stack: { settings: {
      goLive: { fba: { enabled: true }, 'fba-stock': { enabled: true }, 'merchant-stock': { enabled: true } },
      merchantStock: { warehouses: { DEFAULT: ['E2S'] }, urgentMaxSkus: 50 },
    } },
  });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await e2e?.close();
});

describe('the Stock screen in the embedded panel', () => {
  it('shows the merchant offers sent to Amazon and applies an FBA drift row to the ERP', async () => {
    const { stack } = e2e;
    const b = stack.backendId;
    const erp = stack.erpClient;
    const api = (path: string) => fetch(`${e2e.apiUrl}${path}`, { headers: { authorization: `Bearer ${e2e.adminToken}` } }).then((r) => r.json());

    // Merchant offers: two SKUs of the catalogue on a warehouse of the test's own with 9 units each.
    const [wh] = await erp.create('stock.warehouse', [{ name: 'E2E stock', code: 'E2S' }]);
    const [w] = await erp.read('stock.warehouse', [wh!], ['lot_stock_id']);
    const products = await erp.searchRead('product.product', [['default_code', 'in', OFFER_SKUS]], ['default_code']);
    const context = { inventory_mode: true };
    const counted = await erp.create('stock.quant', products.map((p) => ({ product_id: p.id, location_id: (w!.lot_stock_id as [number, string])[0], inventory_quantity: 9 })), { context });
    await erp.call('stock.quant', 'action_apply_inventory', counted, { context });
    await stack.env.db.pool.query(`insert into amazon_sku (backend_id, sku) select $1, unnest($2::text[])`, [b, OFFER_SKUS]);
    await stack.env.core.lookups.put(b, 'sku_map', products.map((p) => ({ key: p.default_code as string, value: { productId: p.id } })));
    expect((await recomputeOffers(stack.env, b)).changed.sort()).toEqual(OFFER_SKUS);
    await pushOffers(stack.env, b);

    // FBA: the pools seeded from Amazon, then Amazon loses 7 units of one SKU (none in transfer: no tolerance hides them).
    const eu = () => stack.amazon.fbaStock(stack.sellerId).pools.EU!;
    const codes = Object.values(catalogue.aliases);
    const lost = eu().find((s) => !catalogue.notInErp.includes(s.sellerSku) && !catalogue.aliases[s.sellerSku] && !codes.includes(s.sellerSku) && s.fulfillable > 10)!;
    stack.amazon.setFbaStock(stack.sellerId, 'EU', [{ sellerSku: lost.sellerSku, reserved: { pendingTransshipment: 0, fcProcessing: 0 } }]);
    expect(await seedPools(stack.env, b)).toContain('EU');
    stack.amazon.setFbaStock(stack.sellerId, 'EU', [{ sellerSku: lost.sellerSku, fulfillable: lost.fulfillable - 7 }]);
    // Orders read until after Amazon's change: the missing units are not an order the sweep has yet to see.
    await stack.env.core.cursors.advance(b, 'orders', new Date(Date.now() + 1000));
    expect((await takeSnapshot(stack.env, b, 'EU')).state).toBe('done');
    const open = (await api(`/api/backends/${b}/fba-stock/drift?state=open`)) as { items: Array<{ id: number; productId: number; skus: string[]; targetQty: number; cause: string }> };
    const row = open.items.find((d) => d.skus.includes(lost.sellerSku))!;
    expect(row).toMatchObject({ cause: 'LOST_OR_DAMAGED' });

    const page = await browser.newPage();
    await signInToErp(page, e2e.erpUrl, 'integrator');
    const panel = panelFrame(page);
    await panel.getByRole('link', { name: 'Stock' }).click();
    const offers = (await api(`/api/backends/${b}/merchant-stock/offers`)) as { items: Array<{ sku: string; quantity: number; state: string }> };
    expect(offers.items.map((o) => [o.sku, o.quantity])).toEqual(OFFER_SKUS.map((s) => [s, 9]));
    for (const o of offers.items) {
      const tr = panel.locator('section[aria-label="Merchant offers"] tbody tr', { hasText: o.sku });
      await tr.waitFor({ timeout: 20_000 });
      await expect.poll(() => tr.textContent()).toContain({ in_sync: 'In sync', pending: 'Pending', refused: 'Refused' }[o.state]);
    }
    await saveScreenshot(page, 'stock-offers');

    await panel.locator('.n-tabs-tab', { hasText: 'FBA stock' }).click();
    const driftRow = panel.locator('section[aria-label="FBA drift"] tbody tr', { hasText: lost.sellerSku });
    await driftRow.waitFor({ timeout: 20_000 });
    await expect.poll(() => driftRow.textContent()).toContain('lost or damaged at Amazon');
    const stockRow = panel.locator('section[aria-label="FBA stock"] tbody tr', { hasText: lost.sellerSku }).first();
    await stockRow.waitFor({ timeout: 20_000 });
    await expect.poll(() => panel.locator('section[aria-label="FBA stock"]').getAttribute('aria-busy')).toBe('false');
    expect(await stockRow.textContent()).toContain(String(lost.fulfillable - 7));
    await saveScreenshot(page, 'stock-fba-drift');
    await driftRow.getByRole('button', { name: `Apply ${row.targetQty}` }).click();
    await panel.getByText('Apply this count to the ERP?').waitFor();
    await panel.locator('[data-test="confirm-apply"]').click();
    await panel.getByText(`The ERP now counts ${row.targetQty} in pool EU`).waitFor({ timeout: 20_000 });

    const applied = (await api(`/api/backends/${b}/fba-stock/drift?state=applied`)) as { items: Array<{ id: number; appliedBy: string | null }> };
    expect(applied.items.find((d) => d.id === row.id)?.appliedBy).toBeTruthy();
    await expect.poll(() => driftRow.count(), { timeout: 10_000 }).toBe(0);
    // The pool's ERP stock location now counts what Amazon holds.
    const loc = (await poolLocations(stack.env.core.binder, b, 'EU'))!;
    const quants = await erp.searchRead('stock.quant', [['product_id', '=', row.productId], ['location_id', '=', loc.stockLocationId]], ['quantity']);
    expect(quants.reduce((n, q) => n + Number(q.quantity), 0)).toBe(row.targetQty);
  }, 120_000);
});
