/**
 * The panel embedded in the ERP sandbox's Amazon page, end to end in Chromium with third-party cookies blocked:
 * an integrator opens it through the token exchange, sees the overview, visits every screen of the navigation (the
 * screen registry) and a screenshot of each is saved; a viewer gets no enabled write action in the UI, and the API
 * refuses a write with the viewer's session (403) while it answers their reads.
 * Write controls are found by structure, not wording: `v-write` (admin-ui/src/ui/write-access.ts) marks each one with
 * `data-write`. As integrator every screen that writes shows at least one enabled marked control (so the viewer's
 * check is not vacuous); as viewer no marked control is enabled anywhere.
 */
import { Readable } from 'node:stream';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, saveScreenshot, type E2eBrowser } from '../support/e2e-browser.ts';
import { untilWorker } from '../support/until-worker.ts';
import { panelFrame, signInToErp, signOutOfErp, startEmbeddedStack, type EmbeddedStack } from '../support/e2e-stack.ts';
import { readFlatFile } from '../../connector/src/amazon/report-flat-file.ts';
import { SETTLEMENT_SPEC } from '../../connector/src/sync/settlements/settlement-spec.ts';
import { storeSettlement } from '../../connector/src/sync/settlements/store-settlement.ts';

// Screens whose write controls show on load; the others write only in a drawer (checked apart) or on a selection.
// A screen missing from both lists fails the integrator's test: a new screen must say which kind it is.
const WRITING_SCREENS = ['SKUs', 'Marketplaces', 'Field mappings', 'Stock', 'Connections'];
const READING_SCREENS = ['Overview', 'Orders', 'Conflicts', 'Account health', 'Customer care', 'Settlements'];

let e2e: EmbeddedStack;
let browser: E2eBrowser;
let page: Page;
let panel: FrameLocator;
const sessions: { name: string; sessionToken: string }[] = [];

beforeAll(async () => {
  const started = Date.now();
  e2e = await startEmbeddedStack({ adminUrl: inject('pgAdminUrl'), label: 'e2e_panel', stack: { amazon: { seedOrders: 8 } } });
  // a few stored orders for the Orders screen (their import may still run meanwhile)
  await untilWorker(() => e2e.worker!, 'three stored orders', 60_000, async () =>
    (await e2e.stack.env.db.pool.query<{ n: number }>('select count(*)::int as n from amazon_order')).rows[0]!.n > 2);
  browser = await launchChromium();
  console.log(`[e2e] stack and browser up in ${Date.now() - started} ms`);
  page = await browser.newPage();
  // the panel's session grants as the frame receives them (memory only in the panel; read here from the wire)
  page.on('response', (r) => {
    if (r.url() === `${e2e.apiUrl}/api/session/exchange` && r.ok()) {
      void r.json().then((g: { sessionToken: string; user: { name: string } }) => sessions.push({ name: g.user.name, sessionToken: g.sessionToken }));
    }
  });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await e2e?.close();
});

/** The navigation's screens (NavMenu renders the registry, admin-ui/src/screens/index.ts). */
async function screensInNav(): Promise<string[]> {
  const nav = panel.getByRole('navigation', { name: 'Screens' });
  await expect.poll(() => nav.getByRole('link').count()).toBeGreaterThan(0);
  return nav.getByRole('link').allTextContents();
}

async function openScreen(title: string): Promise<void> {
  await panel.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: title, exact: true }).click();
  await panel.getByRole('heading', { level: 1, name: title }).waitFor();
  // loading skeletons and table spinners gone (the data arrived) before a screenshot or a check: the SKUs
  // screenshot once caught the table's spinner
  await expect.poll(() => panel.locator('.n-skeleton, .n-data-table--loading').count(), { timeout: 15_000 }).toBe(0);
}

/** What the checks read of a control in the page (this file is typed without the DOM library). */
type Control = { disabled?: boolean; innerText: string };

/**
 * The visible write controls (marked `data-write` by v-write), with whether each is usable: a native control not
 * disabled, no `aria-disabled` on it or around it, and no naive-ui `--disabled` state on it or inside it (an NSelect
 * or NRadioGroup is a div: Playwright's isEnabled() would call it enabled).
 */
async function writeControls(): Promise<{ name: string; enabled: boolean }[]> {
  return panel.locator('[data-write]:visible').evaluateAll((els) =>
    els.map((el) => ({
      name: (el.getAttribute('aria-label') ?? el.querySelector('[aria-label]')?.getAttribute('aria-label') ?? (el as unknown as Control).innerText).trim().slice(0, 60) || el.className,
      enabled: !(
        (el as unknown as Control).disabled ||
        el.closest('[aria-disabled="true"]') !== null ||
        /--disabled\b/.test(el.className) ||
        el.querySelector('[class*="--disabled"], :disabled') !== null
      ),
    })),
  );
}
// Unmarked controls a viewer may use: they only read (page, export, view, preview, reload, close, pick a lookup table,
// ask Amazon which buyer messages the order allows, open an order's money trail).
const READ_ACTIONS = /^(previous|next|export csv|view|preview|try again|load more|cancel|close|clear selection|show the messages amazon allows|money trail)$/i;

/**
 * Enabled buttons and switches NOT marked as writes, by name, leaving out the known reading ones: for the viewer the
 * list must be empty, so a new write control that forgot v-write fails here (fail-closed) instead of slipping by.
 */
async function unmarkedEnabled(): Promise<string[]> {
  return panel.locator('main, .n-drawer').locator('button:visible, [role="switch"]:visible').evaluateAll((els) =>
    els
      .filter((el) => !el.closest('[data-write], [data-table]') && !(el as unknown as Control).disabled && el.getAttribute('aria-disabled') !== 'true')
      .map((el) => (el.getAttribute('aria-label') ?? (el as unknown as Control).innerText).trim().replace(/\s+/g, ' ')),
  ).then((names) => names.filter((n) => !READ_ACTIONS.test(n)));
}
const enabledNames = (controls: { name: string; enabled: boolean }[]) => controls.filter((c) => c.enabled).map((c) => c.name);

/** Opens the first order's drawer and waits for its content: the footer's button shows at once, the order later. */
async function openFirstOrder(): Promise<void> {
  await openScreen('Orders');
  await panel.locator('main tbody tr').first().click();
  const drawer = panel.locator('.n-drawer');
  await drawer.getByRole('button', { name: 'Re-sync now' }).waitFor();
  // the order's fields in place of the loading skeleton, then the slide-in finished, before a screenshot or a check
  await drawer.locator('.n-descriptions').getByText('ERP order').waitFor({ timeout: 15_000 });
  await expect.poll(() => drawer.locator('.n-skeleton').count()).toBe(0);
  type Animated = { getAnimations(o: { subtree: boolean }): Array<{ finished: Promise<unknown> }> };
  // An animation cancelled on the way (the drawer's content re-rendered) rejects its `finished`: it is over all the same.
  await drawer.evaluate((el) => Promise.all((el as unknown as Animated).getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined))));
}

describe('the panel embedded in the ERP sandbox', () => {
  it('an integrator opens it through the exchange, sees the overview and every screen (screenshots)', async () => {
    await signInToErp(page, e2e.erpUrl, 'integrator');
    panel = panelFrame(page);
    await panel.getByRole('heading', { level: 1, name: 'Overview' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => panel.getByText('Ines Integrator').count()).toBe(1);
    expect(sessions.map((s) => s.name)).toEqual(['Ines Integrator']);
    // the ERP token left the panel's address at once (read in the frame: history.replaceState)
    expect(await page.frames()[1]!.evaluate('location.hash')).toBe('');
    const titles = await screensInNav();
    expect(titles[0]).toBe('Overview');
    expect([...titles].sort()).toEqual([...WRITING_SCREENS, ...READING_SCREENS].sort());
    const writing: Record<string, string[]> = {};
    for (const title of titles) {
      await openScreen(title);
      await saveScreenshot(page, `panel-${title.toLowerCase().replace(/\W+/g, '-')}`);
      writing[title] = enabledNames(await writeControls());
    }
    for (const title of WRITING_SCREENS) expect({ title, some: writing[title]!.length > 0 }).toEqual({ title, some: true });
    await openFirstOrder();
    expect(await panel.getByRole('button', { name: 'Re-sync now' }).isEnabled()).toBe(true);
    expect(enabledNames(await writeControls())).toContain('Re-sync now');
    await saveScreenshot(page, 'panel-order-detail');
  });

  it('a viewer can change nothing: no enabled write action in any screen, and the API refuses their write (403)', async () => {
    await signOutOfErp(page);
    await signInToErp(page, e2e.erpUrl, 'viewer');
    panel = panelFrame(page);
    await panel.getByRole('heading', { level: 1, name: 'Overview' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => panel.getByText('Vera Viewer').count()).toBe(1);
    for (const title of await screensInNav()) {
      await openScreen(title);
      const controls = await writeControls();
      expect({ title, enabled: enabledNames(controls), unmarked: await unmarkedEnabled() }).toEqual({ title, enabled: [], unmarked: [] });
    }
    await openFirstOrder();
    expect(await panel.getByRole('button', { name: 'Re-sync now' }).isDisabled()).toBe(true);
    const inDrawer = await writeControls();
    expect(inDrawer.map((c) => c.name)).toContain('Re-sync now');
    expect(enabledNames(inDrawer)).toEqual([]);
    expect(await unmarkedEnabled()).toEqual([]);
    await saveScreenshot(page, 'panel-order-detail-viewer');

    const viewer = sessions.find((s) => s.name === 'Vera Viewer')!;
    const auth = { authorization: `Bearer ${viewer.sessionToken}` };
    const orders = await fetch(`${e2e.apiUrl}/api/backends/${e2e.stack.backendId}/orders?limit=1`, { headers: auth });
    expect(orders.status).toBe(200);
    const orderId = ((await orders.json()) as { items: { amazonOrderId: string }[] }).items[0]!.amazonOrderId;
    const runsBefore = await e2e.stack.env.db.pool.query('select count(*)::int as n from sync_run');
    const write = await fetch(`${e2e.apiUrl}/api/backends/${e2e.stack.backendId}/orders/${orderId}/resync`, { method: 'POST', headers: auth });
    expect(write.status).toBe(403);
    expect(((await write.json()) as { code: string }).code).toMatch(/^[A-Z_]+$/);
    const runsAfter = await e2e.stack.env.db.pool.query('select count(*)::int as n from sync_run');
    expect(runsAfter.rows[0].n).toBe(runsBefore.rows[0].n);
  });

  it('an accountant opens a settlement, drills into an order\'s money trail and exports it as CSV', async () => {
    // A settlement of Amazon's report format for one stored order (the settlements flow's own store path reads it).
    const { rows } = await e2e.stack.env.db.pool.query<{ id: string }>('select amazon_order_id as id from amazon_order order by amazon_order_id limit 1');
    const orderId = rows[0]!.id;
    const cells = (c: Record<string, string>) => SETTLEMENT_SPEC.columns.map((k) => c[k] ?? '').join('\t');
    const text = [SETTLEMENT_SPEC.columns.join('\t'), cells({ 'settlement-id': '777000111', 'settlement-start-date': '2026-11-01 00:00:00 UTC', 'settlement-end-date': '2026-11-15 00:00:00 UTC',
      'deposit-date': '2026-11-18 00:00:00 UTC', 'total-amount': '12.00', currency: 'EUR' }),
      cells({ 'transaction-type': 'Order', 'order-id': orderId, 'amount-type': 'ItemPrice', 'amount-description': 'Principal', amount: '15.00' }),
      cells({ 'transaction-type': 'Order', 'order-id': orderId, 'amount-type': 'ItemFees', 'amount-description': 'Commission', amount: '-3.00' })].join('\n') + '\n';
    const rowsOf = () => readFlatFile({ body: Readable.from([Buffer.from(text)]), compression: undefined, contentType: 'text/plain;charset=UTF-8', marketplaceId: 'A1PA6795UKMFR9' }, SETTLEMENT_SPEC);
    await storeSettlement(e2e.stack.env.db.pool, e2e.stack.env.core.conflicts, e2e.stack.backendId, { reportId: 'e2e-1', marketplaceId: 'A1PA6795UKMFR9' }, rowsOf());

    await signOutOfErp(page);
    await signInToErp(page, e2e.erpUrl, 'accountant');
    panel = panelFrame(page);
    await panel.getByRole('heading', { level: 1, name: 'Overview' }).waitFor({ timeout: 20_000 });
    await openScreen('Settlements');
    // The row says what the accountant checks first: lines against the deposit, the payout, posted to the ERP or not.
    const row = panel.locator('tr', { has: panel.locator('[data-settlement="777000111"]') });
    await row.locator('[data-posting="not_posted"]').waitFor({ timeout: 15_000 });
    expect(await row.locator('[data-payout]').textContent()).toBe('unmatched');
    expect(await row.locator('[data-balanced]').getAttribute('data-balanced')).toBe('true');
    expect(await row.locator('[data-post]').count()).toBe(0); // posting is off for this backend
    await panel.locator('[data-settlement="777000111"]').click();
    const drawer = panel.locator('.n-drawer');
    await drawer.getByText('unexplained').first().waitFor({ timeout: 15_000 });
    await drawer.locator(`[data-order="${orderId}"]`).first().click();
    await panel.locator('[data-net]').waitFor({ timeout: 15_000 });
    expect(await panel.locator('[data-net]').textContent()).toBe('12.00');
    await saveScreenshot(page, 'panel-settlement-money-trail');
    const [download] = await Promise.all([page.waitForEvent('download'), panel.locator('[data-export="money-trail"]').click()]);
    expect(download.suggestedFilename()).toBe(`order-${orderId}-money-trail.csv`);
  });
});
