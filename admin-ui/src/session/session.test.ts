import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch } from '@/test/fetch-mock';
import { currentToken } from './token-store';
import type { HostWindow } from './embedded';
import { allows, loginWithApiToken, loginWithPassword, signOut, startSession, useSession } from './session';

const grant = (token: string, inMs = 15 * 60_000) => ({
  sessionToken: token,
  expiresAt: new Date(Date.now() + inMs).toISOString(),
  user: { name: 'Ada', roles: ['accountant'] },
});

/** A fake host window: the URL, history and parent of an iframe (or a top-level page when `parent` is null). */
function host(hash: string, embedded: boolean) {
  const listeners = new Set<(e: MessageEvent) => void>();
  const posted: unknown[] = [];
  const w: HostWindow & { url: string } = {
    url: '',
    location: { hash, pathname: '/admin/orders', search: '?state=failed' },
    history: { replaceState: (_d, _u, url) => { w.url = url; w.location.hash = url.includes('#') ? url.slice(url.indexOf('#')) : ''; } },
    parent: embedded ? { postMessage: (m) => posted.push(m) } : null,
    self: {},
    addEventListener: (_t, fn) => listeners.add(fn),
    removeEventListener: (_t, fn) => listeners.delete(fn),
  };
  const send = (origin: string, data: unknown) => listeners.forEach((fn) => fn(new MessageEvent('message', { origin, data })));
  return { w, posted, send, listeners };
}

const config = { status: 200, body: { erpOrigins: ['https://erp.example'], localLogin: true } };

describe('session', () => {
  beforeEach(() => signOut());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('exchanges the fragment token, clears it from the address bar and keeps the session token in memory', async () => {
    const { calls } = mockFetch({ 'GET /api/session/config': config, 'POST /api/session/exchange': { body: grant('s-1') } });
    const { w } = host('#erp_token=jwt-abc', true);
    await startSession(w);
    expect(w.url).toBe('/admin/orders?state=failed');
    const exchange = calls.find((r) => r.url.endsWith('/api/session/exchange'))!;
    expect(await exchange.json()).toEqual({ token: 'jwt-abc' });
    expect(currentToken()).toBe('s-1');
    expect(useSession().state.status).toBe('signed-in');
    expect(useSession().can('resolve')).toBe(true);
    expect(useSession().can('write')).toBe(false);
  });

  it('asks the parent for a token and takes it only from a configured ERP origin', async () => {
    mockFetch({ 'GET /api/session/config': config, 'POST /api/session/exchange': (req) => ({ body: grant(req.headers.get('x') ?? 's-2') }) });
    const { w, posted, send, listeners } = host('', true);
    const started = startSession(w);
    await vi.waitFor(() => expect(posted).toEqual([{ type: 'aec:need-token' }]));
    send('https://evil.example', { type: 'aec:erp-token', token: 'forged' });
    expect(listeners.size).toBe(1); // still waiting: the forged origin was ignored
    send('https://erp.example', { type: 'aec:erp-token', token: 'good' });
    await started;
    expect(currentToken()).toBe('s-2');
  });

  it('refreshes before expiry with the session token as bearer', async () => {
    vi.useFakeTimers();
    const { calls } = mockFetch({
      'GET /api/session/config': config,
      'POST /api/session/exchange': { body: grant('s-1', 120_000) },
      'POST /api/session/refresh': { body: grant('s-next') },
    });
    await startSession(host('#erp_token=t', true).w);
    await vi.advanceTimersByTimeAsync(61_000);
    const refresh = calls.find((r) => r.url.endsWith('/api/session/refresh'))!;
    expect(refresh.headers.get('authorization')).toBe('Bearer s-1');
    expect(currentToken()).toBe('s-next');
  });

  it('standalone without a token shows the login; a refused exchange keeps the code for the screen', async () => {
    mockFetch({ 'GET /api/session/config': config, 'POST /api/session/exchange': { status: 401, body: { code: 'ERP_TOKEN_EXPIRED', message: 'expired' } } });
    await startSession(host('', false).w);
    expect(useSession().state.status).toBe('signed-out');
    await startSession(host('#erp_token=old', false).w);
    expect(useSession().state.error?.code).toBe('ERP_TOKEN_EXPIRED');
    expect(currentToken()).toBeUndefined();
  });

  it('logs in with a password, or with an API token checked by GET /api/session', async () => {
    mockFetch({ 'POST /api/session/login': { body: grant('s-pw') }, 'GET /api/session': { body: { user: { name: 'admin', roles: ['admin'] } } } });
    await loginWithPassword('ada', 'pw');
    expect(currentToken()).toBe('s-pw');
    await loginWithApiToken('admin-token');
    expect(currentToken()).toBe('admin-token');
    expect(useSession().user.value?.name).toBe('admin');
  });

  it('maps roles to access levels', () => {
    expect(allows(['viewer'], 'read')).toBe(true);
    expect(allows(['viewer'], 'write')).toBe(false);
    expect(allows(['accountant'], 'resolve')).toBe(true);
    expect(allows(['integrator'], 'write')).toBe(true);
    expect(allows([], 'read')).toBe(false);
  });
});
