/**
 * The embedded half of the session: the ERP's one-minute token arrives in the URL fragment (`#erp_token=`) or,
 * later, from the parent window by postMessage; only messages from the configured ERP origins are taken.
 */

/** The host window and URL, injectable so the flow can be tested without a real frame. */
export interface HostWindow {
  location: { hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url: string): void };
  parent: { postMessage(message: unknown, targetOrigin: string): void } | null;
  self: unknown;
  addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
}

export const browserWindow = (): HostWindow => window as unknown as HostWindow;

/** Whether the panel runs inside another page (the ERP's). */
export const isEmbedded = (w: HostWindow): boolean => w.parent !== null && w.parent !== w.self;

/** Takes `erp_token` out of the fragment and the address bar at once, so it is never bookmarked or re-sent. */
export function takeTokenFromHash(w: HostWindow): string | undefined {
  const params = new URLSearchParams(w.location.hash.replace(/^#/, ''));
  const token = params.get('erp_token');
  if (!token) return undefined;
  params.delete('erp_token');
  const rest = params.toString();
  w.history.replaceState(null, '', `${w.location.pathname}${w.location.search}${rest ? `#${rest}` : ''}`);
  return token;
}

/** Asks the parent for a fresh ERP token; resolves undefined after `timeoutMs` without an acceptable answer. */
export function askParentForToken(w: HostWindow, erpOrigins: string[], timeoutMs = 5000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const done = (token: string | undefined) => {
      clearTimeout(timer);
      w.removeEventListener('message', onMessage);
      resolve(token);
    };
    const onMessage = (e: MessageEvent) => {
      if (!erpOrigins.includes(e.origin)) return;
      const data = e.data as { type?: unknown; token?: unknown } | null;
      if (data?.type === 'aec:erp-token' && typeof data.token === 'string') done(data.token);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    w.addEventListener('message', onMessage);
    // '*': the request carries no secret, and the answer is checked against the configured origins above.
    w.parent?.postMessage({ type: 'aec:need-token' }, '*');
  });
}
