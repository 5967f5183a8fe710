import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch } from '@/test/fetch-mock';
import { loadBackends, useCurrentBackend } from './current-backend';

const original = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');

describe('the current backend', () => {
  afterEach(() => {
    if (original) Object.defineProperty(globalThis, 'localStorage', original);
    vi.unstubAllGlobals();
  });

  // Found by the end-to-end run: Chromium framing the panel from another site with third-party cookies blocked
  // throws a SecurityError on any read of window.localStorage.
  it('works where reading localStorage throws (a third-party frame with cookies blocked)', async () => {
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, get() { throw new DOMException('Access is denied for this document.', 'SecurityError'); } });
    mockFetch({ 'GET /api/backends': { body: [{ id: 1, name: 'eu' }, { id: 2, name: 'us' }] } });
    const current = useCurrentBackend();
    await loadBackends();
    expect(current.error.value).toBeNull();
    expect(current.backendId.value).toBe(1);
    current.select(2);
    expect(current.backendId.value).toBe(2);
  });
});
