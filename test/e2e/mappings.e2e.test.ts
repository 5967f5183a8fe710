/**
 * In Chromium, the panel embedded in the ERP sandbox's page (two sites, third-party cookies blocked): an integrator
 * adds a field mapping for a custom `x_` field listed from the ERP, previews it on the stored order, saves it, and
 * the next imported order carries the value in the ERP.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, saveScreenshot, type E2eBrowser } from '../support/e2e-browser.ts';
import { panelFrame, signInToErp, startEmbeddedStack, type EmbeddedStack } from '../support/e2e-stack.ts';
import { sweepAndImport, theErpOrder } from '../support/lifecycle.ts';

const MKT = 'ATVPDKIKX0DER';
let e2e: EmbeddedStack;
let browser: E2eBrowser;

beforeAll(async () => {
  e2e = await startEmbeddedStack({
    adminUrl: inject('pgAdminUrl'), label: 'e2e_mappings', worker: false,
    stack: { sellerIndex: 1, settings: { sweepIntervalSeconds: 60 }, erpSandbox: { customFields: [{ model: 'sale.order', name: 'x_amazon_channel', type: 'char', string: 'Amazon channel' }] } },
  });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await e2e?.close();
});

const newOrder = () => e2e.stack.amazon.generateOrders({ sellerId: e2e.stack.sellerId, count: 1, marketplaceId: MKT, status: 'UNSHIPPED', fulfilledBy: 'MERCHANT' })[0]!;

describe('field mappings in the embedded panel', () => {
  it('edits a mapping with a preview on the stored order, and the next order uses it', async () => {
    const first = newOrder();
    await sweepAndImport(e2e.stack);
    const page = await browser.newPage();
    await signInToErp(page, e2e.erpUrl, 'integrator');
    const panel = panelFrame(page);
    await panel.getByRole('link', { name: 'Field mappings' }).click();
    await panel.getByRole('button', { name: 'Add row' }).click();
    await panel.getByLabel('ERP field').click();
    await panel.getByLabel('ERP field').locator('input').fill('x_amazon');
    await panel.getByText('Amazon channel (x_amazon_channel)').click();
    await expect.poll(() => panel.locator('[data-test="field-facts"]').textContent()).toContain('char');
    await panel.getByText('Template', { exact: true }).click();
    await panel.getByPlaceholder('Amazon {{salesChannel.marketplaceName}}').fill('AMZ {{salesChannel.marketplaceId}}');
    await panel.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => panel.locator('[data-test="preview-order"]').textContent(), { timeout: 15_000 }).toBe(first);
    const changed = panel.locator('[data-test="preview-table"] tr.changed').first();
    await expect.poll(() => changed.textContent()).toContain(`AMZ ${MKT}`);
    await saveScreenshot(page, 'mappings-preview');
    await panel.getByRole('button', { name: 'Save' }).click();
    // The drawer closes and the list shows the saved row.
    await expect.poll(() => panel.getByRole('button', { name: 'Save' }).count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => panel.locator('.n-data-table tbody tr').first().textContent(), { timeout: 10_000 }).toContain('x_amazon_channel');
    await page.waitForTimeout(300);
    await saveScreenshot(page, 'mappings');

    const next = newOrder();
    await sweepAndImport(e2e.stack);
    expect((await theErpOrder(e2e.stack, next, ['x_amazon_channel'])).x_amazon_channel).toBe(`AMZ ${MKT}`);
    expect((await theErpOrder(e2e.stack, first, ['x_amazon_channel'])).x_amazon_channel).toBe(false);
  }, 120_000);
});
