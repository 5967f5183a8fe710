/**
 * The end-to-end infrastructure on its own (no panel build needed): Chromium driven by playwright-core, the ERP
 * sandbox's Amazon page on `localhost` framing a probe page on `127.0.0.1` in place of the panel. Proves the
 * third-party cookie blocking (and that it is the profile setting that blocks), the token in the iframe's URL
 * fragment, the host's answer to `aec:need-token` (only for its own iframe) and the screenshot folder.
 */
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, saveScreenshot, SCREENSHOT_DIR, type E2eBrowser } from '../support/e2e-browser.ts';
import { signInToErp } from '../support/e2e-stack.ts';
import { startErp, type ErpHandle } from '../support/erp.ts';

const SECRET = 'e2e-infra-secret-0123456789-abcdefghij';
// What the probe saw: its token, the cookie it could set, the messages from its parent, the Cookie headers it got.
const PROBE = `<!doctype html><body><pre id="out"></pre><script>
const state = { token: new URLSearchParams(location.hash.slice(1)).get('erp_token'), answers: [] };
document.cookie = 'framed_probe=1; SameSite=None; Secure; Path=/';
state.cookie = document.cookie;
const render = () => { document.getElementById('out').textContent = JSON.stringify(state); };
window.addEventListener('message', (e) => { state.answers.push({ origin: e.origin, data: e.data }); render(); });
render();
if (parent !== window) parent.postMessage({ type: 'aec:need-token' }, '*');
</script></body>`;

let erp: ErpHandle;
let probe: Server;
let probeUrl: string;
const cookieHeaders: string[] = [];

beforeAll(async () => {
  probe = createServer((req, res) => {
    cookieHeaders.push(req.headers.cookie ?? '');
    res.setHeader('content-type', 'text/html');
    res.end(req.url?.startsWith('/first-party') ? '<body><script>document.cookie = "first_party=1; SameSite=None; Secure; Path=/"</script></body>' : PROBE);
  });
  await new Promise<void>((ok) => probe.listen(0, '127.0.0.1', ok));
  probeUrl = `http://127.0.0.1:${(probe.address() as { port: number }).port}`;
  erp = await startErp({ adminUrl: inject('pgAdminUrl'), label: 'e2e_infra_erp', seed: 'fresh', sandbox: { panel: { url: probeUrl, secret: SECRET } } });
});
afterAll(async () => {
  await erp?.close();
  probe?.close();
});

interface ProbeState { token: string; cookie: string; answers: { origin: string; data: { type: string; token: string } }[] }
const claimsOf = (token: string) => {
  const [h, p, s] = token.split('.');
  expect(createHmac('sha256', SECRET).update(`${h}.${p}`).digest('base64url')).toBe(s);
  return JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
};

async function framedProbe(browser: E2eBrowser, login: string) {
  const page = await browser.newPage();
  const tokenCalls: string[] = [];
  page.on('request', (r) => { if (r.url().endsWith('/amazon_connector/panel_token')) tokenCalls.push(r.url()); });
  const erpUrl = `http://localhost:${erp.sandbox.port}`;
  await signInToErp(page, erpUrl, login);
  const frame = page.frameLocator('iframe#panel');
  await expect.poll(async () => JSON.parse(await frame.locator('#out').textContent() ?? '{}').answers?.length, { timeout: 10_000 }).toBe(1);
  const state = JSON.parse(await frame.locator('#out').textContent() ?? '{}') as ProbeState;
  return { page, erpUrl, state, tokenCalls };
}

describe('the embedding, in Chromium with third-party cookies blocked', () => {
  it('frames the panel with a token, answers its aec:need-token, and the framed site keeps no cookie', async () => {
    const browser = await launchChromium();
    try {
      // a cookie the panel's site set while first-party is not sent to it, nor readable, once framed by the ERP
      const first = await browser.newPage();
      await first.goto(`${probeUrl}/first-party`);
      expect(await first.evaluate('document.cookie')).toBe('first_party=1');
      await first.close();
      cookieHeaders.length = 0;
      const { page, erpUrl, state, tokenCalls } = await framedProbe(browser, 'viewer');
      expect(state.cookie).toBe('');
      expect(cookieHeaders).toEqual(['']);
      expect(page.frames().map((f) => new URL(f.url()).origin)).toEqual([erpUrl, probeUrl]);
      expect(claimsOf(state.token)).toMatchObject({ iss: erpUrl, aud: 'aec-admin-panel', sub: '103', name: 'Vera Viewer', role: 'viewer' });
      expect(state.answers).toEqual([{ origin: erpUrl, data: { type: 'aec:erp-token', token: expect.any(String) } }]);
      const fresh = claimsOf(state.answers[0]!.data.token);
      expect(fresh.jti).not.toBe(claimsOf(state.token).jti);
      expect(tokenCalls).toHaveLength(2);
      // a request that does not come from its own iframe gets nothing
      // (a string: the test's TypeScript has no DOM types)
      await page.evaluate("window.postMessage({ type: 'aec:need-token' }, '*')");
      await page.waitForTimeout(300);
      expect(tokenCalls).toHaveLength(2);
      const shot = await saveScreenshot(page, 'infra-erp-host-page');
      expect(shot.startsWith(SCREENSHOT_DIR) && existsSync(shot)).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it('the profile setting is what blocks: allowed, the framed site keeps its cookie', async () => {
    const browser = await launchChromium({ thirdPartyCookies: 'allow' });
    try {
      const { state } = await framedProbe(browser, 'integrator');
      expect(state.cookie).toBe('framed_probe=1');
      expect(claimsOf(state.token)).toMatchObject({ sub: '101', role: 'integrator' });
    } finally {
      await browser.close();
    }
  });
});
