import { describe, expect, it } from 'vitest';
import { createWebhookSecrets, sameSecret } from './webhook-secret.ts';
import type { SecretStore } from '../secret-store.ts';

/** The secret store's contract over a map (the real one seals with AES-GCM; tested in its own file). */
function memoryStore(): SecretStore {
  const m = new Map<string, string>();
  return {
    put: async (ref, value) => void m.set(ref, JSON.stringify(value)),
    get: async <T>(ref: string) => (m.has(ref) ? (JSON.parse(m.get(ref)!) as T) : null),
    delete: async (ref) => void m.delete(ref),
    resealAll: async () => 0,
  };
}

describe('webhook secrets', () => {
  it('compares in constant time whatever the lengths', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', 'x')).toBe(false);
  });

  it('one secret per backend; a rotation keeps the previous one for the grace period only', async () => {
    const secrets = createWebhookSecrets(memoryStore());
    const first = await secrets.current(1);
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await secrets.current(1)).toBe(first);
    expect(await secrets.verify(2, first)).toBe(false);
    const t0 = new Date('2026-12-02T10:00:00Z');
    const { secret, previousUntil } = await secrets.rotate(1, 60, t0);
    expect(previousUntil).toBe('2026-12-02T10:01:00.000Z');
    expect(await secrets.verify(1, secret, t0)).toBe(true);
    expect(await secrets.verify(1, first, new Date(t0.getTime() + 59_000))).toBe(true);
    expect(await secrets.verify(1, first, new Date(t0.getTime() + 61_000))).toBe(false);
    await secrets.drop(1);
    expect(await secrets.verify(1, secret)).toBe(false);
  });

  it('two processes creating the first secret at once end with the same one when they take turns', async () => {
    // A store whose second write is slow: without turns, the first caller returns its secret before the second
    // caller's write replaces it (and would install ERP rules with a secret that no longer verifies).
    const slowSecondPut = (): SecretStore => {
      const base = memoryStore();
      let puts = 0;
      return { ...base, put: async (ref, value) => { if (++puts === 2) await new Promise((r) => setTimeout(r, 20)); await base.put(ref, value); } };
    };
    const racing = createWebhookSecrets(slowSecondPut());
    const [a, b] = await Promise.all([racing.current(1), racing.current(1)]);
    expect(a).not.toBe(b);
    let queue: Promise<unknown> = Promise.resolve();
    const inTurn = <T>(_key: string, fn: () => Promise<T>): Promise<T> => {
      const run = queue.then(fn);
      queue = run.catch(() => undefined);
      return run;
    };
    const taking = createWebhookSecrets(slowSecondPut(), inTurn);
    const [c, d] = await Promise.all([taking.current(1), taking.current(1)]);
    expect(c).toBe(d);
    expect(await taking.verify(1, c)).toBe(true);
  });
});
