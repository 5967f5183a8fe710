/**
 * Sends webhook POSTs the way Odoo 19 does (`requests.post(url, data=json, headers={'Content-Type':
 * 'application/json'}, timeout=1)` in a post-commit hook): one after the other, inside the request that caused
 * them, each with a 1 s connect and read timeout, the headers `requests` 2.28.1 sends in its order, no retry; a
 * timeout, a refused connection or a 4xx/5xx answer is only logged (a warning) and counted.
 */
import http from 'node:http';
import https from 'node:https';
import type { WebhookPost } from './rule-run.ts';

/** The `requests` version Odoo 19 ran with when the recordings were made (its User-Agent). */
export const REQUESTS_VERSION = '2.28.1';
const TIMEOUT_MS = 1000;

/** What happened to one POST (the URL's path is left out: a receiver may carry a secret in it). */
export interface WebhookDelivery {
  at: string;
  origin: string;
  model: string;
  recordId: number;
  actionId: number;
  outcome: 'sent' | 'http_error' | 'timeout' | 'failed';
  status?: number;
  ms: number;
}

/** The deliveries of this sandbox, newest last (the last 1,000). */
export class WebhookLog {
  private entries: WebhookDelivery[] = [];
  add(d: WebhookDelivery): void {
    this.entries.push(d);
    if (this.entries.length > 1000) this.entries.shift();
  }
  list(): WebhookDelivery[] {
    return [...this.entries];
  }
  clear(): void {
    this.entries = [];
  }
}

/** `requests`' Host header: the port only when it is not the scheme's default. */
function hostHeader(u: URL): string {
  return u.port ? `${u.hostname}:${u.port}` : u.hostname;
}

/** One POST; resolves with its outcome, never rejects. */
function post(p: WebhookPost): Promise<Omit<WebhookDelivery, 'at' | 'origin' | 'model' | 'recordId' | 'actionId' | 'ms'>> {
  return new Promise((resolve) => {
    let u: URL;
    try {
      u = new URL(p.url);
    } catch {
      resolve({ outcome: 'failed' });
      return;
    }
    const lib = u.protocol === 'https:' ? https : http;
    if (u.protocol !== 'https:' && u.protocol !== 'http:') {
      resolve({ outcome: 'failed' });
      return;
    }
    const headers = [
      'Host', hostHeader(u), 'User-Agent', `python-requests/${REQUESTS_VERSION}`, 'Accept-Encoding', 'gzip, deflate', 'Accept', '*/*',
      'Connection', 'keep-alive', 'Content-Type', 'application/json', 'Content-Length', String(Buffer.byteLength(p.body)),
    ];
    const req = lib.request({
      protocol: u.protocol, hostname: u.hostname.replace(/^\[|\]$/g, ''), port: u.port || undefined, path: `${u.pathname}${u.search}`,
      method: 'POST', headers: headers as unknown as http.OutgoingHttpHeaders, setHost: false, agent: false, timeout: TIMEOUT_MS,
    }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        resolve(status >= 400 ? { outcome: 'http_error', status } : { outcome: 'sent', status });
        req.destroy();
      });
      res.on('error', () => resolve({ outcome: 'failed', status: res.statusCode }));
    });
    req.on('timeout', () => {
      resolve({ outcome: 'timeout' });
      req.destroy();
    });
    req.on('error', () => resolve({ outcome: 'failed' }));
    req.end(p.body);
  });
}

/** Sends the POSTs in order, each awaited (the API answer waits for them, as Odoo's post-commit hooks do). */
export async function deliverWebhooks(posts: WebhookPost[], log: WebhookLog): Promise<void> {
  for (const p of posts) {
    const started = Date.now();
    const r = await post(p);
    const origin = URL.canParse(p.url) ? new URL(p.url).origin : '(invalid URL)';
    log.add({ at: new Date(started).toISOString(), origin, model: p.model, recordId: p.recordId, actionId: p.actionId, ms: Date.now() - started, ...r });
    // Odoo's warnings, word for word; the URL's path stays out of the log
    if (r.outcome === 'timeout') {
      console.warn('[erp-sandbox] Webhook call timed out after 1s - it may or may not have failed. If this happens often, it may be a sign that the system you\'re trying to reach is slow or non-functional.');
    } else if (r.outcome !== 'sent') {
      console.warn(`[erp-sandbox] Webhook call failed: ${r.outcome}${r.status ? ` ${r.status}` : ''} from ${origin} (${p.model} ${p.recordId})`);
    }
  }
}
