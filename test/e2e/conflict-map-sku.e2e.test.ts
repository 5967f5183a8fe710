/**
 * An integrator, inside the ERP sandbox's page, maps an unknown SKU from its conflict in the framed panel (searching the ERP product by reference) and sees
 * the order reach the ERP: real Chromium with third-party cookies blocked, the connector's API and worker as
 * processes, both sandboxes over HTTP. Screenshots of the list and of the detail go to .artifacts/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, saveScreenshot, type E2eBrowser } from '../support/e2e-browser.ts';
import { panelFrame, signInToErp, startEmbeddedStack, type EmbeddedStack } from '../support/e2e-stack.ts';
import { erpOrdersOf, openConflictCodes } from '../support/lifecycle.ts';
import { swapSkuPatch } from '../support/order-edits.ts';

const DE = 'A1PA6795UKMFR9';

describe('map an unknown SKU from a conflict, in the panel embedded in the ERP', () => {
  let e2e: EmbeddedStack;
  let browser: E2eBrowser;
  beforeAll(async () => {
    e2e = await startEmbeddedStack({ adminUrl: inject('pgAdminUrl'), label: 'e2e_conflicts' });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await e2e?.close();
  });

  it('the order waits on SKU_UNMAPPED; "Map the SKU and retry" in the panel imports it into the ERP', async () => {
    const { stack } = e2e;
    const [orderId] = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: 1, status: 'UNSHIPPED', fulfilledBy: 'MERCHANT', marketplaceId: DE });
    stack.amazon.updateOrder(orderId!, swapSkuPatch(stack.amazon.getOrder(orderId!).order, 'E2E-GOLD-MUG'));
    const sweep = await fetch(`${e2e.apiUrl}/api/backends/${stack.backendId}/sweep`, { method: 'POST', headers: { authorization: `Bearer ${e2e.adminToken}` } });
    expect(sweep.status).toBeLessThan(300);
    await expect.poll(() => openConflictCodes(stack, orderId!), { timeout: 60_000, interval: 500 }).toEqual(['SKU_UNMAPPED']);

    const page = await browser.newPage();
    await signInToErp(page, e2e.erpUrl, 'integrator');
    const panel = panelFrame(page);
    await panel.getByRole('link', { name: 'Conflicts' }).click();
    const row = panel.locator('tbody tr', { hasText: orderId! });
    await row.waitFor({ timeout: 20_000 });
    await expect.poll(() => row.textContent()).toContain('SKU_UNMAPPED');
    await saveScreenshot(page, 'conflicts');

    await row.click();
    await panel.getByText('What the connector tried').waitFor();
    await panel.getByRole('button', { name: /Map the SKU and retry/ }).click();
    // Search the ERP's products by internal reference and pick the one offered (no product id to know).
    await panel.locator('.ask .n-base-selection').click();
    await panel.locator('#map-sku-product').fill('MUG-CER-BLUE');
    await panel.locator('.n-base-select-option', { hasText: '[MUG-CER-BLUE]' }).click();
    await saveScreenshot(page, 'conflict-detail-map-sku');
    await panel.getByRole('button', { name: 'Map and retry' }).click();
    await panel.getByText('map_sku', { exact: false }).first().waitFor({ timeout: 20_000 });

    // The worker fetches the order again and imports it with the mapped product.
    await expect.poll(async () => (await erpOrdersOf(stack, orderId!)).length, { timeout: 60_000, interval: 1000 }).toBe(1);
    expect(await openConflictCodes(stack, orderId!)).toEqual([]);
  }, 180_000);
});
