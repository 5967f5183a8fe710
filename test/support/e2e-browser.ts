/**
 * Headless Chromium for the end-to-end tests: playwright-core driving Debian's `chromium` (no browser download;
 * `.ci/run` installs it where missing), one persistent profile per test file with third-party cookies blocked the
 * way a user blocks them (the profile's "Block third-party cookies" setting: Chromium has no stable command-line
 * switch for it), and screenshots saved into the git-ignored `.artifacts/screenshots/`.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', '.artifacts', 'screenshots');

export interface E2eBrowser {
  context: BrowserContext;
  /** A new tab (closed with the browser). */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Launches Chromium at 1280x800. `thirdPartyCookies: 'block'` (default) sets the profile's cookie controls to
 * block them; 'allow' exists only for the check that the blocking is what makes the difference.
 */
export async function launchChromium(opts: { thirdPartyCookies?: 'block' | 'allow' } = {}): Promise<E2eBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`E2E_NO_CHROMIUM: no Chromium at ${CHROMIUM_PATH}; install Debian's package (apt-get install -y chromium, as .ci/run does) or set CHROMIUM_PATH`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'aec-chromium-'));
  const block = (opts.thirdPartyCookies ?? 'block') === 'block';
  mkdirSync(join(profile, 'Default'));
  // cookie_controls_mode 1 = "Block third-party cookies" in Chrome's settings; 0 = allow them
  writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: block ? 1 : 0, block_third_party_cookies: block } }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 800 },
    // a container's /dev/shm is small; the sandbox needs user namespaces that CI machines often lack
    args: ['--disable-dev-shm-usage', '--no-sandbox'],
  });
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as `.artifacts/screenshots/<name>.png` and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
