/**
 * The embedded panel's whole installation for the end-to-end tests: both sandboxes, the connector's API (serving
 * the built panel at /admin/) and a worker as child processes on PostgreSQL, and the ERP sandbox's Amazon page —
 * on two sites: the ERP page at `http://localhost:<port>`, the connector at `http://127.0.0.1:<port>`, so the
 * browser's third-party rules apply to the framed panel. Both share a fresh secret (PANEL_EMBED_SECRET).
 */
import { randomBytes } from 'node:crypto';
import type { FrameLocator, Page } from 'playwright-core';
import type { Child } from '../../scripts/lib/processes.ts';
import { freePort, startStack, type Stack, type StackOptions } from './connector-stack.ts';

export interface EmbeddedStack {
  stack: Stack;
  /** The connector's API and panel origin, `http://127.0.0.1:<port>` (the panel at `/admin/`). */
  apiUrl: string;
  adminToken: string;
  /** The ERP sandbox as the browser opens it, `http://localhost:<port>` (another site than the API). */
  erpUrl: string;
  secret: string;
  api: Child;
  worker?: Child;
  close(): Promise<void>;
}

/** Starts everything; `worker: false` leaves the worker out (a test that syncs nothing). */
export async function startEmbeddedStack(opts: { adminUrl: string; label: string; worker?: boolean; stack?: Partial<StackOptions> }): Promise<EmbeddedStack> {
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const secret = randomBytes(32).toString('base64url');
  const stack = await startStack({ ...opts.stack, adminUrl: opts.adminUrl, label: opts.label,
    erpSandbox: { ...opts.stack?.erpSandbox, panel: { url: apiUrl, secret } } });
  try {
    const erpUrl = `http://localhost:${stack.erp.sandbox.port}`;
    const api = await stack.startApiProcess(`${opts.label}-api`, { port: apiPort, env: { PANEL_EMBED_SECRET: secret, PANEL_ERP_ORIGINS: erpUrl } });
    const panel = await fetch(`${apiUrl}/admin/`);
    const html = await panel.text();
    // the connector answers a "not built" page when admin-ui/dist is missing; the built one loads its bundle
    if (panel.status !== 200 || !html.includes('/admin/assets/')) {
      throw new Error(`E2E_NO_PANEL: GET ${apiUrl}/admin/ answered ${panel.status} without the built panel: build it (node scripts/run.mjs install, or vite build in admin-ui/)`);
    }
    const worker = opts.worker === false ? undefined : stack.startWorker(`${opts.label}-worker`);
    return { stack, apiUrl, adminToken: api.token, erpUrl, secret, api: api.child, ...(worker ? { worker } : {}), close: () => stack.close() };
  } catch (e) {
    await stack.close();
    throw e;
  }
}

/** Signs in on the ERP sandbox's login form as `login` (password = login) and lands on its Amazon page. */
export async function signInToErp(page: Page, erpUrl: string, login: string): Promise<void> {
  await page.goto(`${erpUrl}/web/login`);
  await page.getByLabel('Login').fill(login);
  await page.getByLabel('Password').fill(login);
  await Promise.all([page.waitForURL(`${erpUrl}/odoo/amazon`), page.getByRole('button', { name: 'Log in' }).click()]);
}

/** Logs out of the ERP sandbox (the session cookie cleared). */
export async function signOutOfErp(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/web\/login$/), page.getByRole('button', { name: 'Log out' }).click()]);
}

/** The panel framed by the ERP page. */
export function panelFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe#panel');
}
